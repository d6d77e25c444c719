"""The face step against the decode floor, on generated 24 MP photos.

Writes a 6000×4000 group photo (``tests.factories.make_group_photo``: the ``tree.jpg`` fixture
scaled up with a little noise, and LFW faces from ``../shared/fixtures/photos/faces`` pasted so
that the faces are 1000, 600, 350, 200, 120, 80 and 60 px wide) and the same landscape without
faces, makes each one's preview as the thumbnails step does, then measures in this one process,
taking turns (CPU time, median of N, models loaded once):

- **decode floor**: one full-size Pillow decode of the 24 MP JPEG (``decode_floor``);
- **face step**: what the ``classify.face`` step does, without the database: decode the preview
  (the largest at-import thumbnail) and run ``FaceClassifier`` on it;
- **detection**: the same with the landmarks and embeddings left out (YuNet's searches,
  ``photonix.classifiers.face.detector.find_faces``), so that the cost per face shows.

It prints the medians, the ratios face step ÷ decode floor (group and landscape) and which pasted
faces were found (a returned box whose centre lies in the face and is 0.5-2× as wide).

``--small`` also writes a 24 MP photo of 36 small faces (12 each 60, 80 and 120 px wide) and
prints how many of each width the face step finds on its preview.

CPU time, not wall time: on a machine shared with other work, wall time also counts the waits
for a core, and the ratio of two CPU times measured in turns holds on a busy machine.

    .venv/bin/python bench/faces.py [--runs 9] [--small] [--keep DIR]
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: import the project, not the modules beside this file
    sys.path = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

PHOTOS = ROOT.parent / "shared" / "fixtures" / "photos"


# A 6000×4000 photo of 36 small faces: 12 each 60, 80 and 120 px wide, to count the small faces found.
SMALL = tuple((width, (150 + 480 * i, 200 + 1300 * row)) for row, width in enumerate((60, 80, 120)) for i in range(12))


def interleaved_medians(runs, functions):
    """Median CPU time of each of ``functions`` (a dict), called in turn ``runs`` times after one warm-up.

    CPU time (of this process, every thread) rather than wall time: on a machine shared with other
    work, wall time also counts the waits for a core. Taking turns spreads what is left of the
    load's effects (caches, frequency) evenly.
    """
    for function in functions.values():
        function()
    times = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            started = time.process_time()
            function()
            times[name].append(time.process_time() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def preview_of(photo, preview_size):
    """The photo's preview, made as the thumbnails step makes it, decoded as the face step reads it."""
    from PIL import Image

    from photonix.photos.utils.thumbnails import make_thumbnails

    preview = photo.with_name(f"{photo.stem}-{preview_size.name}.jpg")
    make_thumbnails(photo, {preview_size: preview})
    with Image.open(preview) as image:
        return preview, image.convert("RGB")


def count_small_faces(folder, preview_size):
    """How many of the 12 faces of each width of SMALL the face step finds (a box on the face, 0.5-2× as wide)."""

    from photonix.classifiers.base import PhotoInfo
    from photonix.classifiers.face import FaceClassifier
    from tests.factories import is_face, make_group_photo, pixel_box

    photo = folder / "small.jpg"
    truth = make_group_photo(photo, PHOTOS / "tree.jpg", sorted((PHOTOS / "faces").glob("*.jpg")), SMALL)
    _, image = preview_of(photo, preview_size)
    boxes = [pixel_box(face.box, (6000, 4000)) for face in FaceClassifier().run(image, PhotoInfo())]
    found = [width for (width, _), face in zip(SMALL, truth, strict=True) if any(is_face(b, face) for b in boxes)]
    counts = ", ".join(f"{width} px: {found.count(width)}/12" for width in sorted({w for w, _ in SMALL}))
    print(f"small faces found (12 of each width pasted): {counts}; boxes returned: {len(boxes)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each measurement (median)")
    parser.add_argument("--small", action="store_true", help="also count the faces found among 36 of 60-120 px")
    parser.add_argument("--keep", type=Path, help="write the photos and their previews here and keep them")
    args = parser.parse_args()
    if not (PHOTOS / "faces").is_dir():
        sys.exit(f"{PHOTOS / 'faces'} is not present")

    from PIL import Image

    from photonix.classifiers.base import PhotoInfo
    from photonix.classifiers.face import FaceClassifier
    from photonix.classifiers.face.detector import find_faces
    from photonix.photos.utils.thumbnails import DEFAULT_SIZES, decode_floor
    from tests.factories import GROUP_LAYOUT, is_face, make_group_photo, pixel_box

    folder = args.keep or Path(tempfile.mkdtemp(prefix="photonix-bench-faces-"))
    folder.mkdir(parents=True, exist_ok=True)
    preview_size = max((s for s in DEFAULT_SIZES if s.at_import), key=lambda s: s.width * s.height)
    group, landscape = folder / "group.jpg", folder / "landscape.jpg"
    truth = make_group_photo(group, PHOTOS / "tree.jpg", sorted((PHOTOS / "faces").glob("*.jpg")))
    make_group_photo(landscape, PHOTOS / "tree.jpg", [], layout=())
    previews = {photo: preview_of(photo, preview_size)[0] for photo in (group, landscape)}
    classifier = FaceClassifier()

    def face_step(photo):  # what classify_photo does, without the database
        with Image.open(previews[photo]) as image:
            return classifier.run(image.convert("RGB"), PhotoInfo())

    def detection_only(photo):
        with Image.open(previews[photo]) as image:
            return find_faces(image.convert("RGB"))

    with Image.open(group) as image:
        size = image.size
    print(
        f"group photo: {size[0]}×{size[1]} JPEG, {group.stat().st_size / 1e6:.1f} MB, faces {len(truth)}; "
        f"landscape: the same without faces; face step input: the {preview_size.name} preview"
    )
    medians = interleaved_medians(
        args.runs,
        {
            "decode floor (full decode), group": lambda: decode_floor(group),
            "face step, group": lambda: face_step(group),
            "  of which detection": lambda: detection_only(group),
            "decode floor (full decode), landscape": lambda: decode_floor(landscape),
            "face step, landscape": lambda: face_step(landscape),
        },
    )
    for name, seconds in medians.items():
        print(f"{name + f', median of {args.runs}:':50s} {seconds * 1000:7.1f} ms")
    floor = medians["decode floor (full decode), group"]
    print(f"face step / decode floor, group:      {medians['face step, group'] / floor:.2f}")
    print(f"detection / decode floor, group:      {medians['  of which detection'] / floor:.2f}")
    print(
        f"face step / decode floor, landscape:  "
        f"{medians['face step, landscape'] / medians['decode floor (full decode), landscape']:.2f}"
    )
    boxes = [pixel_box(face.box, size) for face in face_step(group)]
    print(f"faces found in the group photo: {len(boxes)}")
    for (width, _), face in zip(GROUP_LAYOUT, truth, strict=True):
        print(f"  face {width:4d} px: {'found' if any(is_face(b, face) for b in boxes) else 'MISSED'}")

    if args.small:
        count_small_faces(folder, preview_size)
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
