"""What each pipeline step does to a photo: the domain code behind the thin Celery tasks.

Each function takes a ``Photo`` (already fetched by :func:`photonix.photos.steps.run_step`)
and raises ``BadInputError`` for files that can never be processed, ``StepSkipped`` when
there is nothing it may do, and ``StaleInputError`` when the photo's file changed while it
worked (its result is then dropped, and the step runs again on the new file).
"""

from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image

from photonix.classifiers.base import ClassifierUnavailable, PhotoInfo
from photonix.photos import people
from photonix.photos.models import Library, Photo, PhotoFile, PhotoTag, Tag
from photonix.photos.steps import StepSkipped
from photonix.photos.utils import raw
from photonix.photos.utils.errors import BadInputError, StaleInputError
from photonix.photos.utils.metadata import read_metadata, utc_offset_minutes
from photonix.photos.utils.paths import (
    base_image_path,
    developed_path,
    needs_development,
    older_files,
    thumbnail_path,
)
from photonix.photos.utils.thumbnails import ThumbnailSize, make_thumbnails


def configured_sizes():
    """The thumbnail sizes of ``settings.THUMBNAIL_SIZES``."""
    return [ThumbnailSize(*size) for size in settings.THUMBNAIL_SIZES]


def preview_size():
    """The largest size made at import: classifiers read it instead of the original."""
    return max((s for s in configured_sizes() if s.at_import), key=lambda s: s.width * s.height)


def _still_recorded(photo_file):
    """The file's row, if the database still records the file as the step read it (same modification time and size).

    A step's final write goes through this: a file rewritten while the step worked on it (and recorded
    again by the watcher or a rescan, which dispatches the pipeline again) is not marked done with the
    old result.
    """
    return PhotoFile.objects.filter(
        pk=photo_file.pk, file_modified_at=photo_file.file_modified_at, bytes=photo_file.bytes
    )


def _remove_older_files(photo_file):
    for path in older_files(photo_file):
        path.unlink(missing_ok=True)


def develop_photo(photo):
    """Develop every RAW/HEIF/AVIF file of the photo into a JPEG (a no-op for JPEG, PNG...).

    Raises ``StaleInputError`` (the step runs again) if a file changed while it was developed.
    """
    for photo_file in photo.files.all():
        if not needs_development(photo_file):
            continue
        dest = developed_path(photo_file)
        if photo_file.raw_version == raw.RAW_PROCESS_VERSION and dest.exists():
            continue
        development = raw.develop(Path(photo_file.path), dest)
        applied = _still_recorded(photo_file).update(
            raw_processed=True,
            raw_version=raw.RAW_PROCESS_VERSION,
            raw_external_params=development.params[:64],
            raw_external_version=development.external_version[:32],
            width=photo_file.width or development.width,
            height=photo_file.height or development.height,
            updated_at=timezone.now(),
        )
        if not applied:
            dest.unlink(missing_ok=True)
            raise StaleInputError(f"{photo_file.path} changed while it was developed")
        _remove_older_files(photo_file)


def ensure_thumbnails(photo_file, sizes, force=False):
    """Make the given thumbnail sizes of a file (only the missing ones unless ``force``)."""
    outputs = {size: thumbnail_path(photo_file, size) for size in sizes}
    if not force:
        outputs = {size: path for size, path in outputs.items() if not path.exists()}
    make_thumbnails(base_image_path(photo_file), outputs)
    return {size: thumbnail_path(photo_file, size) for size in sizes}


def thumbnail_photo(photo):
    """Make the at-import thumbnail sizes of the photo's base file from one decode; remove older versions.

    Raises ``StaleInputError`` (the step runs again) if the file changed while the thumbnails were made.
    """
    photo_file = photo.base_file
    if photo_file is None:
        raise BadInputError("the photo has no file left")
    made = ensure_thumbnails(photo_file, [s for s in configured_sizes() if s.at_import], force=True)
    if not _still_recorded(photo_file).exists():
        for path in made.values():
            path.unlink(missing_ok=True)
        raise StaleInputError(f"{photo_file.path} changed while its thumbnails were made")
    _remove_older_files(photo_file)


def _with_offset(photo):
    """The photo, with ``taken_at_offset`` read from its file if it was imported before the offset was kept.

    An unreadable or missing file gives 0 (the date as recorded in UTC), as before the offset was kept.
    """
    if photo.taken_at is None or photo.taken_at_offset is not None:
        return photo
    photo_file = photo.base_file
    try:
        taken_at = read_metadata(photo_file.path).taken_at if photo_file else None
    except (OSError, BadInputError):
        taken_at = None
    photo.taken_at_offset = utc_offset_minutes(taken_at) if taken_at else 0
    Photo.objects.filter(pk=photo.pk).update(taken_at_offset=photo.taken_at_offset)
    return photo


def photo_info(photo):
    """What classifiers know of the photo besides its pixels; ``taken_at`` is local (its own UTC offset)."""
    return PhotoInfo(
        taken_at=_with_offset(photo).local_taken_at,
        latitude=float(photo.latitude) if photo.latitude is not None else None,
        longitude=float(photo.longitude) if photo.longitude is not None else None,
        exposure=photo.exposure,
        aperture=float(photo.aperture) if photo.aperture is not None else None,
        iso_speed=photo.iso_speed,
        focal_length=float(photo.focal_length) if photo.focal_length is not None else None,
    )


def display_image(photo):
    """The photo's preview as RGB in display orientation (EXIF orientation and the user's rotation),
    and that rotation (clockwise degrees).

    The preview is made here if it is missing (e.g. deleted from the cache).
    """
    photo_file = photo.base_file
    if photo_file is None:
        raise BadInputError("the photo has no file left")
    preview = ensure_thumbnails(photo_file, [preview_size()])[preview_size()]
    with Image.open(preview) as image:
        image = image.convert("RGB")
    rotation = photo_file.user_rotation
    if rotation:
        image = image.rotate(-rotation, expand=True)
    return image, rotation


def unrotate_box(box, rotation):
    """A box ``(centre_x, centre_y, width, height)``, normalised 0-1 on the image turned ``rotation``
    degrees clockwise, on the image before that turn.

    Classifiers see the photo as the user turned it (faces are found upright), but boxes are stored,
    and served, in display orientation before the user's rotation: the clients turn them with the
    image, and they stay right when the user turns the photo again.
    """
    x, y, width, height = box
    return {
        0: (x, y, width, height),
        90: (y, 1 - x, height, width),
        180: (1 - x, 1 - y, width, height),
        270: (1 - y, x, height, width),
    }[rotation]


def classify_photo(photo, classifier):
    """Run one classifier on the photo and replace that classifier's computer-made tags."""
    if not getattr(photo.library, classifier.library_flag):
        raise StepSkipped(f"the {classifier.name} classifier is switched off for this library")
    image, rotation = display_image(photo) if classifier.needs_image else (None, 0)
    try:
        results = classifier.run(image, photo_info(photo))
    except ClassifierUnavailable as exc:
        raise StepSkipped(str(exc)) from exc
    if rotation:
        results = [replace(r, box=unrotate_box(r.box, rotation)) if r.box else r for r in results]
    if classifier.tag_type == Tag.Type.FACE:
        with transaction.atomic():
            # One photo's faces are matched and stored at a time per library, so that two
            # photos of a new person processed at once become one person, not two.
            Library.objects.select_for_update().filter(pk=photo.library_id).first()
            people.replace_face_tags(photo, people.name_faces(photo.library, results), classifier.version)
    else:
        replace_tags(photo, classifier, results)
    return [r.name for r in results]


def _tag(library, name, tag_type, parent=None, ordering=None):
    tag, _ = Tag.objects.get_or_create(
        library=library,
        name=name,
        type=tag_type,
        source=Tag.Source.COMPUTER,
        defaults={"parent": parent, "ordering": ordering},
    )
    return tag


@transaction.atomic
def replace_tags(photo, classifier, results):
    """Replace the photo's computer-made tags of this classifier's type with ``results``."""
    PhotoTag.objects.filter(photo=photo, source=Tag.Source.COMPUTER, tag__type=classifier.tag_type).delete()
    for result in results:
        parent = _tag(photo.library, result.parent, result.type) if result.parent else None
        tag = _tag(photo.library, result.name, result.type, parent, result.ordering)
        box = dict(zip(("position_x", "position_y", "size_x", "size_y"), result.box or (None,) * 4, strict=True))
        PhotoTag.objects.create(
            photo=photo,
            tag=tag,
            source=Tag.Source.COMPUTER,
            model_version=classifier.version,
            confidence=result.confidence,
            significance=result.significance,
            extra_data=result.extra,
            **box,
        )
