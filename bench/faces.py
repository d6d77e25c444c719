"""The face step against the decode floor, on a generated 24 MP group photo.

Writes a 6000×4000 group photo (``tests.factories.make_group_photo``: the ``tree.jpg`` fixture
scaled up, with LFW faces from ``../shared/fixtures/photos/faces`` pasted so that the faces are
1000, 600, 350, 200, 120, 80 and 60 px wide), then measures in this one process:

- **decode floor**: one full-size Pillow decode of that JPEG (``decode_floor``), median of N;
- **face step**: what the ``classify.face`` step does with the photo, without the database:
  read the photo's preview (the largest at-import thumbnail, made once beforehand as the
  thumbnails step makes it) and run ``FaceClassifier`` on it, models loaded once, median of N;
- **detection only**: the same step with the embeddings left out (``find_faces``), so that the
  fixed cost of dlib's ResNet per face is visible.

It prints both medians and the ratio face step ÷ decode floor, and which of the pasted faces were
found (a face counts as found when a returned box's centre lies in it and the box is 0.5-2× as
wide). Both medians come from the same run, so the ratio holds on a busy machine too.

    .venv/bin/python bench/faces.py [--runs 9] [--keep DIR]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: import the project, not the modules beside this file
    sys.path = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

PHOTOS = ROOT.parent / "shared" / "fixtures" / "photos"


def median_seconds(runs, function):
    """Median wall time of ``function()`` over ``runs`` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def found(truth, boxes):
    """Whether one of ``boxes`` (x1, y1, x2, y2) is the face ``truth`` (same corners)."""
    x1, y1, x2, y2 = truth
    for b in boxes:
        cx, cy, width = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0]
        if x1 <= cx <= x2 and y1 <= cy <= y2 and 0.5 <= width / (x2 - x1) <= 2:
            return True
    return False


def pixel_boxes(results, size):
    """The classifier's normalised (centre x, centre y, w, h) boxes as (x1, y1, x2, y2) in pixels of ``size``."""
    width, height = size
    return [
        ((cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height)
        for cx, cy, w, h in (r.box for r in results)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each measurement (median)")
    parser.add_argument("--keep", type=Path, help="write the photo and its preview here and keep them")
    args = parser.parse_args()
    if not (PHOTOS / "faces").is_dir():
        sys.exit(f"{PHOTOS / 'faces'} is not present")

    from PIL import Image

    from photonix.classifiers.base import PhotoInfo
    from photonix.classifiers.face import FaceClassifier
    from photonix.classifiers.face.model import find_faces
    from photonix.photos.utils.thumbnails import DEFAULT_SIZES, decode_floor, make_thumbnails
    from tests.factories import GROUP_LAYOUT, make_group_photo

    folder = args.keep or Path(tempfile.mkdtemp(prefix="photonix-bench-faces-"))
    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / "group.jpg"
    truth = make_group_photo(photo, PHOTOS / "tree.jpg", sorted((PHOTOS / "faces").glob("*.jpg")))
    preview_size = max((s for s in DEFAULT_SIZES if s.at_import), key=lambda s: s.width * s.height)
    preview = folder / f"{preview_size.name}.jpg"
    make_thumbnails(photo, {preview_size: preview})
    classifier = FaceClassifier()

    def face_step():
        with Image.open(preview) as image:
            return classifier.run(image.convert("RGB"), PhotoInfo())

    def detection_only():
        with Image.open(preview) as image:
            return find_faces(image.convert("RGB"))

    with Image.open(photo) as image:
        size = image.size
    print(f"photo: {size[0]}×{size[1]} JPEG, {photo.stat().st_size / 1e6:.1f} MB; preview {preview_size.name}")
    decode = median_seconds(args.runs, lambda: decode_floor(photo))
    step = median_seconds(args.runs, face_step)
    detect = median_seconds(args.runs, detection_only)
    boxes = pixel_boxes(face_step(), size)
    print(f"decode floor (full decode), median of {args.runs}: {decode * 1000:7.1f} ms")
    print(f"face step, median of {args.runs}:                {step * 1000:7.1f} ms  ({len(boxes)} faces)")
    print(f"  of which detection:                    {detect * 1000:7.1f} ms")
    print(f"face step / decode floor:  {step / decode:.2f}")
    print(f"detection / decode floor:  {detect / decode:.2f}")
    for (width, _), face in zip(GROUP_LAYOUT, truth, strict=True):
        print(f"  face {width:4d} px: {'found' if found(face, boxes) else 'MISSED'}")
    if not args.keep:
        for path in (photo, preview):
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
