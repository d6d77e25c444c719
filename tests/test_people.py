"""People: naming faces from the library's known faces, renaming and merging people, the face index."""

from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from photonix.classifiers.base import PhotoInfo
from photonix.classifiers.face import FaceClassifier
from photonix.photos import people
from photonix.photos.models import Library, Photo, PhotoTag, Tag

FACES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "photos" / "faces"
BORIS = ["Boris_Becker_0003", "Boris_Becker_0004", "Boris_Becker_0005"]
BECKHAM = ["David_Beckham_0001", "David_Beckham_0002", "David_Beckham_0010"]
BARBARA = "Barbara_Becker_0001"

pytestmark = [
    pytest.mark.skipif(not FACES.is_dir(), reason="../shared/fixtures/photos/faces is not present"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """A face index directory of this test's own."""
    settings.DATA_DIR = tmp_path


@cache
def faces_in(*names):
    """The face classifier's results for the LFW photos ``names`` side by side in one image."""
    images = [Image.open(FACES / f"{name}.jpg").convert("RGB") for name in names]
    image = Image.new("RGB", (250 * len(images), 250))
    for i, face in enumerate(images):
        image.paste(face, (250 * i, 0))
    return tuple(FaceClassifier().run(image, PhotoInfo()))


def classify(photo, *names):
    """What the face task does: find the faces, name them, store them. Returns the names, left to right."""
    results = people.name_faces(photo.library, list(faces_in(*names)))
    people.replace_face_tags(photo, results, FaceClassifier.version)
    return [r.name for r in sorted(results, key=lambda r: r.box[0])]


def import_photo(library, *names):
    photo = Photo.objects.create(library=library)
    return photo, classify(photo, *names)


def face_tags(photo):
    return PhotoTag.objects.filter(photo=photo, tag__type="F")


@pytest.fixture
def library():
    return Library.objects.create(name="Family")


def test_faces_are_grouped_into_people(library):
    names = {
        name: import_photo(library, name)[1][0]
        for name in [BORIS[0], BECKHAM[0], BORIS[1], BARBARA, BECKHAM[1], BORIS[2], BECKHAM[2]]
    }
    assert names[BORIS[0]] == names[BORIS[1]] == names[BORIS[2]] == "Unknown person 0001"
    assert names[BECKHAM[0]] == names[BECKHAM[1]] == names[BECKHAM[2]] == "Unknown person 0002"
    assert names[BARBARA] == "Unknown person 0003"
    assert Tag.objects.filter(library=library, type="F", source="C").count() == 3


def test_face_tags_are_stored_with_box_and_embedding(library):
    photo, [name] = import_photo(library, BORIS[0])
    [photo_tag] = face_tags(photo)
    [face] = faces_in(BORIS[0])
    assert (photo_tag.tag.name, photo_tag.tag.type, photo_tag.tag.source, photo_tag.source) == (name, "F", "C", "C")
    assert photo_tag.model_version == FaceClassifier.version
    assert (photo_tag.position_x, photo_tag.position_y, photo_tag.size_x, photo_tag.size_y) == face.box
    assert photo_tag.confidence == face.confidence and photo_tag.significance == face.significance
    assert photo_tag.extra_data == {"embedding": face.extra["embedding"]}


def test_rerunning_a_photo_adds_no_rows(library):
    import_photo(library, BECKHAM[0])
    photo, [name] = import_photo(library, BECKHAM[1])
    counts = PhotoTag.objects.count(), Tag.objects.count()
    for _ in range(2):
        assert classify(photo, BECKHAM[1]) == [name]
    assert (PhotoTag.objects.count(), Tag.objects.count()) == counts


def test_verified_face_stays_verified_when_rerun(library):
    photo, _ = import_photo(library, BARBARA)
    face_tags(photo).update(verified=True)
    classify(photo, BARBARA)
    assert [pt.verified for pt in face_tags(photo)] == [True]


def test_two_faces_in_one_photo_are_never_the_same_person(library):
    import_photo(library, BORIS[0])
    photo, names = import_photo(library, BORIS[1], BORIS[2])  # both are close to Boris
    assert names[0] != names[1]
    assert "Unknown person 0001" in names
    assert face_tags(photo).count() == 2


def test_naming_a_person_names_their_faces_and_the_next_photos(library):
    photo_a, [unknown] = import_photo(library, BORIS[0])
    photo_b, [same] = import_photo(library, BORIS[1])
    assert same == unknown
    tag = Tag.objects.get(library=library, name=unknown)

    named = people.name_person(tag, " Boris ")
    assert named.pk == tag.pk and named.name == "Boris"
    assert [pt.tag.name for pt in PhotoTag.objects.filter(photo__in=[photo_a, photo_b])] == ["Boris", "Boris"]
    assert not PhotoTag.objects.filter(verified=True).exists()  # naming is not verifying

    assert import_photo(library, BORIS[2])[1] == ["Boris"]
    assert import_photo(library, BARBARA)[1] == ["Unknown person 0001"]  # the number "Boris" no longer uses


def test_naming_a_person_with_an_existing_name_merges_them(library):
    photo_a, [first] = import_photo(library, BECKHAM[0])
    photo_b, [second] = import_photo(library, BARBARA)  # a different person (wrongly) given the same name
    people.name_person(Tag.objects.get(name=first), "Beckhams")
    merged = people.name_person(Tag.objects.get(name=second), "Beckhams")

    assert list(Tag.objects.filter(library=library, type="F").values_list("name", flat=True)) == ["Beckhams"]
    assert {pt.tag_id for pt in PhotoTag.objects.filter(photo__in=[photo_a, photo_b])} == {merged.pk}
    assert import_photo(library, BECKHAM[1])[1] == ["Beckhams"]


def test_name_person_refuses_other_tags_and_empty_names(library):
    photo, [name] = import_photo(library, BORIS[0])
    with pytest.raises(ValueError, match="empty"):
        people.name_person(Tag.objects.get(name=name), "  ")
    album = Tag.objects.create(library=library, name="Holiday", type="A", source="H")
    with pytest.raises(ValueError, match="not a face tag"):
        people.name_person(album, "Boris")


def test_faces_are_matched_within_their_library_only(library):
    other = Library.objects.create(name="Neighbours")
    import_photo(library, BORIS[0])
    people.name_person(Tag.objects.get(library=library, type="F"), "Boris")
    people.rebuild_face_index(library)
    people.rebuild_face_index(other)

    assert import_photo(other, BORIS[1])[1] == ["Unknown person 0001"]
    assert Tag.objects.get(library=other, type="F").name == "Unknown person 0001"
    assert import_photo(library, BORIS[2])[1] == ["Boris"]


def test_face_index_gives_the_same_names_as_brute_force(library):
    assert people.rebuild_face_index(library) == 0  # an empty library has an empty index
    import_photo(library, BORIS[0])
    import_photo(library, BECKHAM[0])
    assert people.rebuild_face_index(library) == 2
    index = people.load_face_index(library)
    assert index.embeddings.shape == (2, 128) and index.embeddings.dtype == "float32"
    assert people.face_index_path(library).is_file()

    import_photo(library, BARBARA)  # stored after the index was built: found by brute force
    for names, expected in [
        (BORIS[1], "Unknown person 0001"),
        (BECKHAM[1], "Unknown person 0002"),
        (BARBARA, "Unknown person 0003"),
    ]:
        assert [r.name for r in people.name_faces(library, list(faces_in(names)))] == [expected]

    # A rename after the index was built: matching returns the current name.
    people.name_person(Tag.objects.get(name="Unknown person 0002"), "David")
    assert [r.name for r in people.name_faces(library, list(faces_in(BECKHAM[2])))] == ["David"]


def test_index_ignores_faces_that_were_replaced(library):
    photo, [name] = import_photo(library, BARBARA)
    people.rebuild_face_index(library)
    PhotoTag.objects.filter(photo=photo).delete()  # e.g. the photo was deleted since
    Tag.objects.filter(name=name).delete()
    assert [r.name for r in people.name_faces(library, list(faces_in(BARBARA)))] == ["Unknown person 0001"]


def test_known_faces_follow_moves_and_blocks_made_after_the_index_was_built(library):
    boris_photo, [boris] = import_photo(library, BORIS[0])
    barbara_photo, [barbara] = import_photo(library, BARBARA)
    people.rebuild_face_index(library)
    boris_face, barbara_face = face_tags(boris_photo).get(), face_tags(barbara_photo).get()
    barbara_tag = barbara_face.tag

    people.update_face(barbara_face, people.person_named(library.pk, "Barbara"))  # moved
    people.update_face(boris_face, blocked=True)
    known = people.known_faces(library)
    assert list(known.photo_tag_ids) == [str(barbara_face.pk)]  # once, blocked Boris gone
    assert list(known.tag_ids) == [str(Tag.objects.get(name="Barbara").pk)]
    assert not Tag.objects.filter(pk=barbara_tag.pk).exists()  # left without faces
    # The index file still holds the old assignment; matching does not depend on it.
    assert set(people.load_face_index(library).tag_ids) == {str(boris_face.tag_id), str(barbara_tag.pk)}
    assert [r.name for r in people.name_faces(library, list(faces_in(BARBARA)))] == ["Barbara"]
    [new_boris] = [r.name for r in people.name_faces(library, list(faces_in(BORIS[1])))]
    assert new_boris != boris and not people.is_named(new_boris)  # his only face is blocked: someone new


def test_a_blocked_face_stays_blocked_when_the_classifier_runs_again(library):
    photo, _ = import_photo(library, BORIS[0], BECKHAM[0])
    boris_face = face_tags(photo).order_by("position_x").first()
    people.update_face(boris_face, blocked=True)
    classify(photo, BORIS[0], BECKHAM[0])  # a re-run (after a rotation, a new version)
    boris_again, beckham = face_tags(photo).order_by("position_x")
    assert (boris_again.deleted, boris_again.verified) == (True, False)
    assert beckham.deleted is False
