"""Processing routes: progress per step with an ETA, failures and rejected files, retry, pause and resume.

The end-to-end test runs a real worker on a library with good photos, a truncated JPEG (its thumbnails fail
for good) and an empty file (rejected at import)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from photonix.photos.models import Library, Photo, PhotoFile, PipelineStep, RejectedFile
from photonix.photos.progress import THROUGHPUT_WINDOW
from photonix.photos.scanning import scan_library
from photonix.photos.steps import RAW_STEP, THUMBNAILS_STEP, step_versions
from tests.api.client import ApiClient
from tests.conftest import wait_for_pipeline
from tests.factories import make_bad_files, make_jpeg
from tests.processes import wait_until

FACE, COLOR = "classify.face", "classify.color"


@pytest.fixture
def api(alice):
    return ApiClient().login("alice", "secret-alice")


def processing(api, library, limit=20, failures_offset=0, rejected_offset=0):
    offsets = f"failures_offset={failures_offset}&rejected_offset={rejected_offset}"
    response = api.get(f"/libraries/{library.pk}/processing?limit={limit}&{offsets}")
    assert response.status_code == 200, response.content
    body = response.json()
    body["steps"] = {step.pop("step"): step for step in body["steps"]}
    return body


def counts(step):
    return {key: step[key] for key in ("done", "skipped", "pending", "running", "failed", "blocked") if step[key]}


@pytest.mark.django_db(transaction=True)
def test_progress_failures_retry_and_resume_with_a_real_worker(api, library, live_worker):
    for classifier in ("face", "object", "style", "location", "event"):
        setattr(library, f"classification_{classifier}_enabled", False)
    library.save()
    good = [make_jpeg(library.folder / f"good{i}.jpg", size=(320, 240)) for i in range(2)]
    bad = make_bad_files(library.folder / "bad")
    for name in ("decompression_bomb", "garbage_dng", "not_an_image"):
        bad[name].unlink()
    scan_library(library)  # the worker imports two good photos and truncated.jpg; zero_byte.jpg is rejected
    wait_until(
        lambda: library.photos.count() == 3 and library.rejected_files.count() == 1,
        timeout=60,
        message="the worker to import the files",
    )
    good_ids = list(Photo.objects.filter(files__path__in=[str(p) for p in good]).values_list("pk", flat=True))
    truncated = Photo.objects.get(files__path=str(bad["truncated"]))
    wait_for_pipeline(good_ids)
    wait_for_pipeline([truncated.pk], steps=[RAW_STEP, THUMBNAILS_STEP])

    status = processing(api, library)
    steps = status["steps"]
    assert list(steps) == list(step_versions())
    assert counts(steps[RAW_STEP]) == {"done": 3}
    assert counts(steps[THUMBNAILS_STEP]) == {"done": 2, "failed": 1}
    # The truncated photo goes no further than its failed thumbnails: nothing is left to do.
    assert counts(steps[COLOR]) == {"done": 2, "blocked": 1}
    assert counts(steps[FACE]) == {"skipped": 2, "blocked": 1}
    assert steps[THUMBNAILS_STEP]["total"] == 3
    assert all(step["eta_seconds"] == 0 for step in steps.values())
    assert steps[COLOR]["finished_recently"] == 2
    assert (steps[FACE]["classifier"], steps[FACE]["paused"]) == ("face", True)
    assert (steps[COLOR]["classifier"], steps[COLOR]["paused"]) == ("color", False)
    assert (steps[RAW_STEP]["classifier"], steps[RAW_STEP]["paused"]) == (None, False)

    assert status["failed_count"] == 1
    [failure] = status["failures"]
    assert failure["photo_id"] == str(truncated.pk) and failure["path"] == str(bad["truncated"])
    assert failure["step"] == THUMBNAILS_STEP
    assert failure["reason"].startswith("The image cannot be decoded (damaged or truncated file?)")
    assert failure["failed_at"] is not None
    assert status["rejected_count"] == 1
    assert [(r["path"], r["reason"]) for r in status["rejected"]] == [
        (str(bad["zero_byte"]), "The file is empty (0 bytes).")
    ]

    # Retry sends the failed step through the pipeline again (the file is still truncated: it fails again).
    failed_at = PipelineStep.objects.get(photo=truncated, step=THUMBNAILS_STEP).finished_at
    assert api.post(f"/libraries/{library.pk}/processing/retry", {"step": COLOR}).json() == {"steps": 0, "photos": 0}
    assert api.post(f"/libraries/{library.pk}/processing/retry", {}).json() == {"steps": 1, "photos": 1}
    wait_until(
        lambda: PipelineStep.objects.filter(
            photo=truncated, step=THUMBNAILS_STEP, status="failed", finished_at__gt=failed_at
        ).exists(),
        timeout=60,
        message="the retried thumbnail step to fail again",
    )

    # Resuming the face classifier sends the photos it skipped through it.
    resumed = api.patch(f"/libraries/{library.pk}/processing", {"classifier": "face", "paused": False}).json()
    assert resumed == {"classifier": "face", "paused": False, "photos_sent": 2}
    wait_for_pipeline(good_ids, steps=[FACE])
    steps = processing(api, library)["steps"]
    assert counts(steps[FACE]) == {"done": 2, "blocked": 1}
    assert steps[FACE]["paused"] is False

    paused = api.patch(f"/libraries/{library.pk}/processing", {"classifier": "face", "paused": True}).json()
    assert paused == {"classifier": "face", "paused": True, "photos_sent": 0}
    assert api.get(f"/libraries/{library.pk}").json()["classifiers"]["face"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("elsewhere", [0, 1, 10])  # the library has every photo, most photos, few photos
def test_stale_rows_count_as_pending_and_no_recent_work_has_no_eta(api, library, elsewhere):
    other = Library.objects.create(name="Other")
    for _ in range(elsewhere):  # another library's steps, all done and recent: counted nowhere here
        photo = Photo.objects.create(library=other)
        for step, version in step_versions().items():
            PipelineStep.objects.create(
                photo=photo, step=step, status="done", version=version, finished_at=timezone.now()
            )
    photos = [Photo.objects.create(library=library) for _ in range(4)]
    long_ago = timezone.now() - THROUGHPUT_WINDOW - timedelta(minutes=1)
    version = step_versions()[THUMBNAILS_STEP]
    for photo, (status, row_version) in zip(
        photos, [("done", version), ("done", version - 1), ("running", version), ("failed", version - 1)], strict=False
    ):
        PipelineStep.objects.create(
            photo=photo, step=THUMBNAILS_STEP, status=status, version=row_version, finished_at=long_ago
        )
    step = processing(api, library)["steps"][THUMBNAILS_STEP]
    # done at an old version, failed at an old version and no row at all are all still to do
    assert counts(step) == {"done": 1, "pending": 2, "running": 1}
    assert step["finished_recently"] == 0 and step["eta_seconds"] is None
    # Two steps finished within the window, three left: at that pace, one and a half windows.
    PipelineStep.objects.filter(photo__in=photos[:2]).update(finished_at=timezone.now())
    step = processing(api, library)["steps"][THUMBNAILS_STEP]
    assert step["finished_recently"] == 2 and step["eta_seconds"] == THROUGHPUT_WINDOW.total_seconds() * 3 / 2


@pytest.mark.django_db
def test_failures_are_the_latest_first_and_limited(api, library, django_assert_max_num_queries):
    now = timezone.now()
    for i in range(5):
        photo = Photo.objects.create(library=library)
        PhotoFile.objects.create(photo=photo, path=f"/x/{i}.jpg", file_modified_at=now, bytes=1)
        PipelineStep.objects.create(
            photo=photo,
            step=COLOR,
            status="failed",
            version=step_versions()[COLOR],
            error=f"reason {i}",
            finished_at=now - timedelta(minutes=i),
        )
    with django_assert_max_num_queries(15):  # whatever the number of photos and failures
        status = processing(api, library, limit=3)
    assert status["failed_count"] == 5
    assert [(f["path"], f["reason"]) for f in status["failures"]] == [(f"/x/{i}.jpg", f"reason {i}") for i in range(3)]
    second_page = processing(api, library, limit=3, failures_offset=3)["failures"]
    assert [f["reason"] for f in second_page] == ["reason 3", "reason 4"]
    PipelineStep.objects.filter(error="reason 0").update(version=1)  # failed at an old version: to be run again
    status = processing(api, library, limit=3)
    assert status["failed_count"] == 4 and status["failures"][0]["reason"] == "reason 1"
    assert api.get(f"/libraries/{library.pk}/processing?limit=501").status_code == 422


@pytest.mark.django_db
def test_rejected_files_are_the_latest_first_and_paged(api, library):
    for i in range(5):
        RejectedFile.objects.create(
            library=library, path=f"/x/bad{i}.jpg", file_modified_at=timezone.now(), bytes=0, reason=f"reason {i}"
        )
    RejectedFile.objects.filter(path="/x/bad4.jpg").update(updated_at=timezone.now() + timedelta(minutes=1))
    first = processing(api, library, limit=2)
    assert first["rejected_count"] == 5
    assert [r["path"] for r in first["rejected"]] == ["/x/bad4.jpg", "/x/bad3.jpg"]
    pages = [processing(api, library, limit=2, rejected_offset=offset)["rejected"] for offset in (2, 4, 6)]
    assert [[r["path"] for r in page] for page in pages] == [["/x/bad2.jpg", "/x/bad1.jpg"], ["/x/bad0.jpg"], []]
    assert api.get(f"/libraries/{library.pk}/processing?rejected_offset=-1").status_code == 422


@pytest.mark.django_db
def test_unknown_step_or_classifier_is_a_422(api, library):
    assert api.post(f"/libraries/{library.pk}/processing/retry", {"step": "classify.nope"}).status_code == 422
    response = api.patch(f"/libraries/{library.pk}/processing", {"classifier": "nope", "paused": True})
    assert response.status_code == 422 and "nope" in response.json()["detail"]
