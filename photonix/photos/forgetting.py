"""Following files that left a library or moved within it: forgetting them, or updating their paths.

Called by the watcher, rescans and imports. Forgetting a file deletes its ``PhotoFile`` (and the
``RejectedFile`` of a file that was refused), the files Photonix made from it, and the photo when it
has no file left; a photo that keeps other files gets the thumbnails of the one it now shows.
"""

import os

from django.db import transaction

from photonix.photos import pipeline
from photonix.photos.models import Photo, PhotoFile, RejectedFile
from photonix.photos.steps import THUMBNAILS_STEP
from photonix.photos.utils.paths import derived_files


def _remove_files_of(photo_files):
    for photo_file in photo_files:
        for derived in derived_files(photo_file):
            derived.unlink(missing_ok=True)


@transaction.atomic
def delete_photo_files(queryset):
    """Delete PhotoFile records, the files made from them, and photos left with no file."""
    # The files and their photos are locked as they are read. A worker that commits a tag or a ledger row for
    # one of the photos meanwhile waits until this transaction ends (and then finds the photo gone); else a
    # row it committed between the deletes of the photo's rows and of the photo would break this at commit.
    photo_files = list(queryset.select_related("photo").select_for_update(of=("self", "photo")))
    photo_ids = {pf.photo_id for pf in photo_files}
    PhotoFile.objects.filter(pk__in=[pf.pk for pf in photo_files]).delete()
    Photo.objects.filter(pk__in=photo_ids, files__isnull=True).delete()
    # A photo that keeps other files may now show another one: make that one's thumbnails.
    kept = Photo.objects.filter(pk__in=photo_ids).values_list("pk", flat=True)
    pipeline.dispatch(list(kept), steps=[THUMBNAILS_STEP])
    transaction.on_commit(lambda: _remove_files_of(photo_files))
    return len(photo_files)


def delete_photo_file(path):
    """Forget a file that was deleted (or moved out of every library)."""
    RejectedFile.objects.filter(path=str(path)).delete()
    return delete_photo_files(PhotoFile.objects.filter(path=str(path)))


def delete_folder(path):
    """Forget every file under a folder that was deleted or moved away."""
    prefix = str(path).rstrip(os.sep) + os.sep
    RejectedFile.objects.filter(path__startswith=prefix).delete()
    return delete_photo_files(PhotoFile.objects.filter(path__startswith=prefix))


@transaction.atomic
def move_photo_file(old_path, new_path):
    """A file or folder was renamed or moved within a library: update the recorded paths."""
    old, new = str(old_path), str(new_path)
    if old == new:
        return 0
    if PhotoFile.objects.filter(path=old).exists() or RejectedFile.objects.filter(path=old).exists():
        delete_photo_file(new)  # a file moved over another one replaces it
    moved = 0
    for model in (PhotoFile, RejectedFile):
        moved += model.objects.filter(path=old).update(path=new)
        for item in model.objects.filter(path__startswith=old.rstrip(os.sep) + os.sep):
            item.path = new + item.path[len(old) :]
            item.save(update_fields=["path"])
            moved += 1
    return moved
