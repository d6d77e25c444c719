"""The face step against the decode floor, on generated 24 MP photos.

Writes a 6000×4000 group photo (``tests.factories.make_group_photo``: the ``tree.jpg`` fixture
scaled up with a little noise, and LFW faces from ``../shared/fixtures/photos/faces`` pasted so
that the faces are 1000, 600, 350, 200, 120, 80 and 60 px wide) and the same landscape without
faces, makes each one's preview as the thumbnails step does, then measures in this one process,
taking turns (CPU time, median of N, models loaded once):

- **decode floor**: one full-size Pillow decode of the 24 MP JPEG (``decode_floor``);
- **face step**: what the ``classify.face`` step does, without the database: decode the preview
  (the largest at-import thumbnail) and run ``FaceClassifier`` on it;
- **detection**: the same with the embeddings left out (``find_faces``), so that the cost of
  dlib's ResNet per face shows.

It prints the medians, the ratios face step ÷ decode floor (group and landscape) and which pasted
faces were found (a returned box whose centre lies in the face and is 0.5-2× as wide).

``--options`` also times each detection setting of ``OPTIONS`` (searched size, dlib upsampling,
grey or RGB) on the group photo's preview and prints the faces each finds there and on a
"ladder" photo of 12 faces from 120 to 400 px: what a cheaper setting would lose.

CPU time, not wall time: on a machine shared with other work, wall time also counts the waits
for a core, and the ratio of two CPU times measured in turns holds on a busy machine.

    .venv/bin/python bench/faces.py [--runs 9] [--options] [--keep DIR]
"""

import argparse
import functools
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


OPTIONS = (  # detection settings compared by --options: (label, long side searched, dlib upsampling, grey)
    ("1024 px upsampled once, RGB (before 2026-12-02)", 1024, 1, False),
    ("1024 px upsampled once, grey", 1024, 1, True),
    ("2048 px, RGB", 2048, 0, False),
    ("1920 px (the preview as is), RGB", 1920, 0, False),
    ("1920 px (the preview as is), grey (now)", 1920, 0, True),
    ("1536 px, grey", 1536, 0, True),
    ("1280 px, grey", 1280, 0, True),
)


# A 6000×4000 photo of 12 faces from 120 to 400 px wide, to see the smallest face each setting finds.
LADDER = tuple(
    (width, (100 + 1500 * (i % 4), 100 + 1300 * (i // 4)))
    for i, width in enumerate((120, 140, 160, 180, 200, 220, 240, 260, 280, 300, 340, 400))
)


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


def search(image, long_side, upsample, grey):
    """dlib's HOG detector on ``image`` scaled to ``long_side``: boxes (x1, y1, x2, y2) in pixels of ``image``."""
    import numpy as np
    from PIL import Image

    from photonix.classifiers.face.model import load_models

    detector, _, _ = load_models()
    scale = long_side / max(image.size)
    searched = image.convert("L") if grey else image
    searched = searched.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR)
    rects, _, _ = detector.run(np.asarray(searched), upsample, 0)
    return [(r.left() / scale, r.top() / scale, (r.right() + 1) / scale, (r.bottom() + 1) / scale) for r in rects]


def preview_of(photo, preview_size):
    """The photo's preview, made as the thumbnails step makes it, decoded as the face step reads it."""
    from PIL import Image

    from photonix.photos.utils.thumbnails import make_thumbnails

    preview = photo.with_name(f"{photo.stem}-{preview_size.name}.jpg")
    make_thumbnails(photo, {preview_size: preview})
    with Image.open(preview) as image:
        return preview, image.convert("RGB")


def faces_found(boxes, layout, truth, scale):
    """The widths (of ``layout``) of the faces of ``truth`` that ``boxes`` (in pixels / ``scale``) found."""
    from tests.factories import is_face

    boxes = [tuple(c * scale for c in box) for box in boxes]
    return [width for (width, _), face in zip(layout, truth, strict=True) if any(is_face(b, face) for b in boxes)]


def compare_options(runs, folder, group, truth, preview_size):
    """Time each detection setting of OPTIONS on the group photo's preview; the faces it finds there and on LADDER."""
    from PIL import Image

    from photonix.photos.utils.thumbnails import decode_floor
    from tests.factories import GROUP_LAYOUT, make_group_photo

    ladder = folder / "ladder.jpg"
    ladder_truth = make_group_photo(ladder, PHOTOS / "tree.jpg", sorted((PHOTOS / "faces").glob("*.jpg")), LADDER)
    _, ladder_preview = preview_of(ladder, preview_size)
    _, image = preview_of(group, preview_size)
    with Image.open(group) as photo:
        scale = photo.width / image.width  # the same for the ladder: both are 6000×4000
    options = {label: functools.partial(search, image, *setting) for label, *setting in OPTIONS}
    medians = interleaved_medians(runs, {"decode floor": lambda: decode_floor(group), **options})
    print(f"detection settings on the group photo's preview (CPU time, median of {runs}; ÷ decode floor):")
    for (label, *setting), function in zip(OPTIONS, options.values(), strict=True):
        on_group = faces_found(function(), GROUP_LAYOUT, truth, scale)
        on_ladder = faces_found(search(ladder_preview, *setting), LADDER, ladder_truth, scale)
        print(
            f"  {label:48s} {medians[label] * 1000:7.1f} ms  {medians[label] / medians['decode floor']:.2f}"
            f"  group: {on_group}  ladder: {on_ladder}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each measurement (median)")
    parser.add_argument("--options", action="store_true", help="also time each detection setting of OPTIONS")
    parser.add_argument("--keep", type=Path, help="write the photos and their previews here and keep them")
    args = parser.parse_args()
    if not (PHOTOS / "faces").is_dir():
        sys.exit(f"{PHOTOS / 'faces'} is not present")

    from PIL import Image

    from photonix.classifiers.base import PhotoInfo
    from photonix.classifiers.face import FaceClassifier
    from photonix.classifiers.face.model import find_faces
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

    if args.options:
        compare_options(args.runs, folder, group, truth, preview_size)
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
