"""Classifiers as a parallel group at the end of the real pipeline, on the real fixtures."""

import ast
import shutil

import pytest
from django.db import transaction
from PIL import Image

from photonix.classifiers.registry import classifiers
from photonix.photos.importing import record_photo
from photonix.photos.models import Photo, PhotoTag, Tag
from photonix.photos.people import name_person
from photonix.photos.pipeline import dispatch
from photonix.photos.rotation import rotate_photo_file
from tests.conftest import wait_for_pipeline
from tests.factories import make_dng, make_jpeg
from tests.processes import flower_get, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _import(library, *sources):
    """Copy files into the library folder and record them; returns the photos in order."""
    photos = []
    for source in sources:
        dest = library.folder / source.name
        shutil.copy(source, dest)
        photos.append(record_photo(dest, library))
    return photos


def _tags(photo, tag_type):
    return sorted(PhotoTag.objects.filter(photo=photo, tag__type=tag_type).values_list("tag__name", flat=True))


def test_classifiers_run_as_one_group_in_parallel(library, flower, live_worker, fixture_photos):
    (photo,) = _import(library, fixture_photos / "faces" / "Boris_Becker_0003.jpg")
    wait_for_pipeline([photo.pk])

    def classify_tasks():
        tasks = [
            t
            for t in flower_get(flower, "/api/tasks").values()
            if t["name"].startswith("photonix.photos.tasks.classify_") and str(photo.pk) in (t["args"] or "")
        ]
        return len(tasks) == len(classifiers()) and all(t["state"] == "SUCCESS" for t in tasks) and tasks

    tasks = wait_until(classify_tasks, timeout=30, message="Flower to show the six classify tasks")
    assert {t["name"] for t in tasks} == {f"photonix.photos.tasks.classify_{n}_task" for n in classifiers()}
    groups = {ast.literal_eval(t["result"])["group"] for t in tasks}
    assert len(groups) == 1 and None not in groups  # one group id, shared by all six
    assert len({t["parent_id"] for t in tasks}) == 1  # all sent by the same thumbnails task
    # Dispatched together by the thumbnails task, not one after another: every one was sent before that task
    # ended (a chain would send each only once the one before it had finished). Flower's timestamps, no timing.
    (thumbnails,) = (t for t in flower_get(flower, "/api/tasks").values() if t["uuid"] == tasks[0]["parent_id"])
    assert thumbnails["name"] == "photonix.photos.tasks.generate_thumbnails_task"
    assert max(t["sent"] for t in tasks) <= thumbnails["succeeded"], [t["sent"] for t in tasks]
    spans = [(t["started"], t["succeeded"]) for t in tasks]
    overlapping = [(a, b) for a in spans for b in spans if a != b and a[0] < b[1] and b[0] < a[1]]
    assert overlapping, f"no two classifier tasks ran at the same time: {spans}"


def test_chain_runs_raw_then_thumbnails_then_the_classifiers(library, flower, live_worker, tmp_path):
    (photo,) = _import(library, make_dng(tmp_path / "sensor.dng", size=(1200, 800)))
    steps = wait_for_pipeline([photo.pk])
    ledger = {step: row for (_, step), row in steps.items()}
    raw, thumbnails = ledger.pop("raw"), ledger.pop("thumbnails")
    assert raw.finished_at <= thumbnails.started_at
    assert all(thumbnails.finished_at <= row.started_at for row in ledger.values())

    def pipeline_tasks():
        tasks = {
            t["name"].rsplit(".", 1)[-1]: t
            for t in flower_get(flower, "/api/tasks").values()
            if str(photo.pk) in (t["args"] or "")
        }
        return len(tasks) == 2 + len(classifiers()) and tasks

    tasks = wait_until(pipeline_tasks, timeout=30, message="Flower to show the photo's eight tasks")
    assert tasks["generate_thumbnails_task"]["parent_id"] == tasks["process_raw_task"]["uuid"]
    assert tasks["classify_color_task"]["parent_id"] == tasks["generate_thumbnails_task"]["uuid"]
    # The next link is sent when the body returns, which may be a moment before the "succeeded" event.
    assert tasks["process_raw_task"]["started"] <= tasks["generate_thumbnails_task"]["received"]


def test_thumbnails_appear_while_the_rest_of_an_import_is_still_being_developed(library, live_worker, tmp_path):
    """A photo's thumbnails step goes ahead of the other photos' RAW steps: in a big import the first photos show
    (and reach the ml lane) at once, not after every file has been through RAW development."""
    sources = [make_jpeg(tmp_path / f"{n}.jpg", color=(20 * n, 90, 140)) for n in range(8)]
    with transaction.atomic():  # every pipeline is sent at once, at commit, as a scan sends them
        photos = _import(library, *sources)
    steps = wait_for_pipeline([photo.pk for photo in photos])
    first_thumbnails = min(steps[photo.pk, "thumbnails"].started_at for photo in photos)
    last_raw = max(steps[photo.pk, "raw"].started_at for photo in photos)
    assert first_thumbnails < last_raw


def test_fixture_photos_get_real_tags(library, live_worker, fixture_photos, object_model, tmp_path):
    faces = sorted((fixture_photos / "faces").glob("*.jpg"))
    christmas = make_jpeg(tmp_path / "christmas.jpg", size=(800, 600), taken_at="2022:12:25 18:30:00")
    photos = _import(library, *faces, fixture_photos / "tree.jpg", fixture_photos / "snow.jpg", christmas)
    by_name = {p.base_file.path.rsplit("/", 1)[-1]: p for p in photos}
    wait_for_pipeline([p.pk for p in photos], timeout=240)

    people = {}
    for name, photo in by_name.items():
        if name in {f.name for f in faces}:
            face_tags = PhotoTag.objects.filter(photo=photo, tag__type=Tag.Type.FACE)
            assert face_tags.count() == 1, name
            box = face_tags.get()
            assert 0.3 < box.position_x < 0.7 and 0.3 < box.position_y < 0.7 and box.size_x > 0.1, name
            assert "Person" in _tags(photo, Tag.Type.OBJECT), name
            people[name.rsplit("_", 1)[0]] = people.get(name.rsplit("_", 1)[0], set()) | {box.tag_id}
    assert len(people["Boris_Becker"]) == 1
    assert len(people["David_Beckham"]) == 1
    assert people["Barbara_Becker"].isdisjoint(people["Boris_Becker"] | people["David_Beckham"])
    assert people["Boris_Becker"] != people["David_Beckham"]

    tree = by_name["tree.jpg"]
    greece = Tag.objects.get(library=library, type=Tag.Type.LOCATION, name="Greece")
    city = PhotoTag.objects.get(photo=tree, tag__type=Tag.Type.LOCATION, tag__parent=greece).tag
    assert _tags(tree, Tag.Type.LOCATION) == sorted(["Greece", city.name])

    # The original gave Azure 0.891 then White, Gray, Red...; with circular hue distance the
    # faint reds and purples become Gray/Black (see tests/classifiers/test_color.py).
    snow = PhotoTag.objects.filter(photo=by_name["snow.jpg"], tag__type=Tag.Type.COLOR).order_by("-significance")
    assert snow[0].tag.name == "Azure" and snow[0].significance > 0.8
    assert {"White", "Gray"} <= {t.tag.name for t in snow}

    assert _tags(by_name["christmas.jpg"], Tag.Type.EVENT) == ["Christmas Day"]


def test_plain_photo_is_complete_without_tags_and_stable_on_rerun(library, live_worker, object_model, tmp_path):
    sky = Image.merge(
        "RGB", [Image.linear_gradient("L").resize((1024, 768)).point(lambda v, c=c: v // 3 + c) for c in (90, 140, 190)]
    )  # a plain evening sky: nothing to find in it
    plain = make_jpeg(tmp_path / "plain.jpg", image=sky, taken_at="2021:03:09 11:00:00")
    (photo,) = _import(library, plain)
    steps = wait_for_pipeline([photo.pk])
    classify_steps = {step: row.status for (_, step), row in steps.items() if step.startswith("classify.")}
    assert classify_steps == {f"classify.{n}": "done" for n in classifiers()}
    for tag_type in (Tag.Type.LOCATION, Tag.Type.FACE, Tag.Type.OBJECT, Tag.Type.EVENT):
        assert _tags(photo, tag_type) == [], tag_type
    before = sorted(PhotoTag.objects.filter(photo=photo).values_list("tag__name", "tag__type", "confidence"))
    counts = (Tag.objects.count(), PhotoTag.objects.count())

    dispatch([photo.pk])
    wait_for_pipeline([photo.pk])

    assert sorted(PhotoTag.objects.filter(photo=photo).values_list("tag__name", "tag__type", "confidence")) == before
    assert (Tag.objects.count(), PhotoTag.objects.count()) == counts


def test_naming_a_person_names_their_faces_now_and_later(library, live_worker, fixture_photos):
    first = _import(library, *(fixture_photos / "faces" / f"Boris_Becker_000{n}.jpg" for n in (3, 4)))
    wait_for_pipeline([p.pk for p in first])
    face = PhotoTag.objects.filter(photo=first[0], tag__type=Tag.Type.FACE).get()

    name_person(face.tag, "Boris")

    for photo in first:
        assert _tags(photo, Tag.Type.FACE) == ["Boris"]
    (third,) = _import(library, fixture_photos / "faces" / "Boris_Becker_0005.jpg")
    wait_for_pipeline([third.pk])
    assert _tags(third, Tag.Type.FACE) == ["Boris"]
    assert Photo.objects.count() == 3


def test_rotating_a_photo_reclassifies_it_once_after_the_debounce(
    library, flower, live_worker, fixture_photos, tmp_path
):
    # A scan stored sideways (90° clockwise, no EXIF orientation): no face can be found in it.
    sideways = Image.open(fixture_photos / "faces" / "David_Beckham_0001.jpg").rotate(-90, expand=True)
    (photo,) = _import(library, make_jpeg(tmp_path / "sideways.jpg", image=sideways))
    wait_for_pipeline([photo.pk])
    assert _tags(photo, Tag.Type.FACE) == []
    pid = str(photo.pk)

    def runs(task):
        return [
            t
            for t in flower_get(flower, "/api/tasks", taskname=f"photonix.photos.tasks.{task}").values()
            if pid in (t["args"] or "")
        ]

    assert len(runs("classify_face_task")) == 1
    for degrees in (90, 180, 270):  # the user clicks "rotate" three times, ending upright
        rotate_photo_file(photo.base_file, degrees)

    checks = wait_until(
        lambda: (
            (r := runs("reclassify_after_rotation_task"))
            and len(r) == 3
            and all(t["state"] == "SUCCESS" for t in r)
            and r
        ),
        timeout=40,
    )
    assert sorted(t["result"] for t in checks) == ["False", "False", "True"]
    wait_until(lambda: len(runs("classify_face_task")) == 2, timeout=30)
    wait_for_pipeline([photo.pk])
    assert len(runs("classify_face_task")) == len(runs("classify_object_task")) == 2
    assert len(runs("classify_color_task")) == 1  # colours do not depend on the rotation
    assert len(_tags(photo, Tag.Type.FACE)) == 1  # found in the photo as the user now sees it
