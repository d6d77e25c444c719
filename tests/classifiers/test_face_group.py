"""The face step on 24 MP photos, as the pipeline runs it: on the photo's preview (the largest at-import thumbnail).

A group photo (``make_group_photo``: LFW faces 1000 to 60 px wide pasted on a scaled-up landscape)
and a close-up whose face fills most of the frame. Each face must be found where it was pasted,
and described as the same person as its LFW photo alone.
"""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photonix.classifiers.base import PhotoInfo
from photonix.classifiers.face import FaceClassifier
from photonix.photos.people import FACE_DISTANCE_THRESHOLD
from photonix.photos.processing import preview_size
from photonix.photos.utils.thumbnails import make_thumbnails
from tests.factories import GROUP_LAYOUT, LFW_FACE_BOX, is_face, make_group_photo, pixel_box

PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "photos"
PORTRAITS = sorted((PHOTOS / "faces").glob("*.jpg"))
SAME_WIDTH = (0.75, 1.5)  # a found box is 0.75-1.5× as wide as the pasted face (dlib's boxes are a little wider)

pytestmark = pytest.mark.skipif(not PORTRAITS, reason="../shared/fixtures/photos/faces is not present")


def face_step(photo: Path, folder: Path):
    """The faces the pipeline's face step finds in ``photo``: ``(box in pixels of the photo, face)``."""
    preview = folder / f"{photo.stem}-preview.jpg"
    make_thumbnails(photo, {preview_size(): preview})
    with Image.open(preview) as image:
        faces = FaceClassifier().run(image.convert("RGB"), PhotoInfo())
    with Image.open(photo) as image:
        return [(pixel_box(face.box, image.size), face) for face in faces]


def alone(portrait: Path):
    """The embedding of the LFW photo classified on its own."""
    [face] = FaceClassifier().run(Image.open(portrait).convert("RGB"), PhotoInfo())
    return np.array(face.extra["embedding"])


@pytest.fixture(scope="module")
def group(tmp_path_factory):
    folder = tmp_path_factory.mktemp("group")
    truth = make_group_photo(folder / "group.jpg", PHOTOS / "tree.jpg", PORTRAITS)
    return truth, face_step(folder / "group.jpg", folder)


@pytest.mark.parametrize("index", [pytest.param(i, id=f"{width} px") for i, (width, _) in enumerate(GROUP_LAYOUT)])
def test_each_face_of_the_group_is_found_where_it_is_and_is_that_person(group, index):
    truth, found = group
    [face] = [face for box, face in found if is_face(box, truth[index], SAME_WIDTH)]
    embedding = np.array(face.extra["embedding"])
    assert np.linalg.norm(embedding - alone(PORTRAITS[index % len(PORTRAITS)])) < FACE_DISTANCE_THRESHOLD


def test_nothing_else_in_the_group_photo_is_a_face(group):
    truth, found = group
    assert all(any(is_face(box, face, SAME_WIDTH) for face in truth) for box, _ in found)
    assert len(found) == len(GROUP_LAYOUT)


def close_up(folder: Path, width: int, portrait: Path):
    """A 24 MP photo of one face ``width`` px wide in its middle: where the face is, and what the face step finds."""
    left, top, right, bottom = LFW_FACE_BOX
    scale = width / (right - left)
    corner = (round(3000 - (left + right) / 2 * scale), round(2000 - (top + bottom) / 2 * scale))
    [truth] = make_group_photo(folder / "close-up.jpg", PHOTOS / "tree.jpg", [portrait], [(width, corner)])
    return truth, face_step(folder / "close-up.jpg", folder)


def test_a_face_filling_most_of_the_frame_is_found(tmp_path):
    """A close-up: the face is 3000 px wide, three quarters of the 4000 px frame's height."""
    truth, [(box, face)] = close_up(tmp_path, 3000, PORTRAITS[1])
    assert is_face(box, truth, (0.75, 1.3))
    assert np.linalg.norm(np.array(face.extra["embedding"]) - alone(PORTRAITS[1])) < FACE_DISTANCE_THRESHOLD


def test_a_face_as_tall_as_the_frame_is_found(tmp_path):
    """The face (LFW_FACE_BOX, forehead to chin) is 3950 px wide and fills the 4000 px frame's height."""
    truth, [(box, face)] = close_up(tmp_path, 3950, PORTRAITS[2])
    assert is_face(box, truth, (0.75, 1.3))
    assert np.linalg.norm(np.array(face.extra["embedding"]) - alone(PORTRAITS[2])) < FACE_DISTANCE_THRESHOLD
