"""A full disk under DATA_DIR is a transient fault: steps wait for space, then finish; nothing is failed.

A real worker makes the thumbnails while their folder (``THUMBNAIL_ROOT``) is a small tmpfs filled to the
brim (``tests.disks.full_disk``: real ENOSPC from the kernel, no patched writes).
"""

from pathlib import Path

import pytest

from photonix.photos.models import Photo, PipelineStep
from photonix.photos.pipeline import reconcile
from photonix.photos.processing import configured_sizes
from photonix.photos.scanning import scan_library
from photonix.photos.steps import FINISHED, THUMBNAILS_STEP, step_versions
from photonix.photos.utils.paths import thumbnail_path
from tests.disks import full_disk
from tests.factories import make_jpeg
from tests.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_thumbnails_wait_for_a_full_disk_and_finish_once_space_is_freed(library, live_worker, settings):
    settings.RECONCILE_IDLE_GRACE = 0
    for n in range(3):
        make_jpeg(library.folder / f"photo-{n}.jpg", size=(1600, 1200), taken_at=f"2024:06:0{n + 1} 12:00:00")
    with full_disk(Path(settings.THUMBNAIL_ROOT)) as filler:
        scan_library(library)  # sends the imports to the worker
        wait_until(lambda: Photo.objects.count() == 3, timeout=60, message="the worker to import the 3 photos")
        photo_ids = list(Photo.objects.values_list("pk", flat=True))
        thumbnails = PipelineStep.objects.filter(photo_id__in=photo_ids, step=THUMBNAILS_STEP)

        # Each photo's thumbnails were tried, failed on the full disk, and were tried again by the task's retry.
        wait_until(
            lambda: thumbnails.filter(status="pending", attempts__gte=2).count() == 3,
            timeout=60,
            message="every thumbnails step to be retried after the disk was found full",
        )
        assert not PipelineStep.objects.filter(status="failed").exists()
        for row in thumbnails.filter(status="pending"):
            assert row.error.startswith("will retry after DataWriteError: [Errno 28] No space left on device"), (
                row.error
            )

        filler.unlink()  # the user frees some space

        def all_finished():
            reconcile()  # picks up photos whose task retries ran out meanwhile (none while they are queued)
            return (
                PipelineStep.objects.filter(photo_id__in=photo_ids, status__in=FINISHED).count()
                == len(step_versions()) * 3
            )

        wait_until(all_finished, timeout=180, interval=1, message="every step to finish once space was freed")
        assert set(PipelineStep.objects.filter(photo_id__in=photo_ids).values_list("status", flat=True)) <= {
            "done",
            "skipped",
        }
        for photo in Photo.objects.all():
            assert all(thumbnail_path(photo.base_file, size).is_file() for size in configured_sizes() if size.at_import)
