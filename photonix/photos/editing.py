"""What a user changes on photos: rating, rotation, the file shown, soft delete, generic tags and
albums, one photo at a time or many at once.

Callers check permissions first (``photonix.photos.access``); these functions raise
``EditRefused`` (the client's mistake, a 422) for a change that cannot be made.

Tags added here are human-made (``Tag.Source.HUMAN``) and belong to the photo's library. Removing
the last use of a generic tag deletes the tag; an album stays, even empty, until it is deleted
itself (the original deleted every unused tag, empty albums included: quirk 14).
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from photonix.classifiers.registry import classifiers
from photonix.photos import pipeline
from photonix.photos.models import Photo, PhotoTag, Tag
from photonix.photos.rotation import rotate_photo_file
from photonix.photos.steps import THUMBNAILS_STEP, classify_step

HUMAN_TAG_TYPES = {"generic": Tag.Type.GENERIC, "album": Tag.Type.ALBUM}
HUMAN_PHOTO_TAG = {"source": Tag.Source.HUMAN, "confidence": 1.0, "significance": 1.0, "verified": True}


class EditRefused(ValueError):
    """The change cannot be made; the message says why."""


def set_rating(photo: Photo, rating: int):
    photo.star_rating = rating
    photo.save(update_fields=["star_rating", "updated_at"])


def set_deleted(photo: Photo, deleted: bool):
    """Soft delete (or restore): the photo leaves (or rejoins) every list; its files are untouched."""
    photo.deleted = deleted
    photo.save(update_fields=["deleted", "updated_at"])


def set_rotation(photo: Photo, rotation: int):
    """The user's rotation of the photo's base file; face, object and style run again once it settles."""
    photo_file = photo.base_file
    if photo_file is None:
        raise EditRefused("The photo has no file to rotate.")
    rotate_photo_file(photo_file, rotation)


def set_preferred_file(photo: Photo, file_id):
    """Show another of the photo's files: its thumbnails are made and the image classifiers run on it."""
    photo_file = photo.files.filter(pk=file_id).first()
    if photo_file is None:
        raise EditRefused(f"{file_id} is not a file of this photo.")
    photo.preferred_photo_file = photo_file
    photo.save(update_fields=["preferred_photo_file", "updated_at"])
    image_steps = [classify_step(name) for name, c in classifiers().items() if c.needs_image]
    pipeline.dispatch([photo.pk], steps=[THUMBNAILS_STEP, *image_steps])


def _tag_name(name):
    name = (name or "").strip()
    if not name:
        raise EditRefused("A tag or album needs a name.")
    return name


def _human_tags(name, tag_type):
    """The library's human tags of this type and name, whatever its case ("Holiday" is "holiday")."""
    return Tag.objects.filter(name__iexact=_tag_name(name), type=tag_type, source=Tag.Source.HUMAN)


def _human_tag(library_id, name, tag_type):
    """The library's human tag of this type and name (any case), created if there is none."""
    existing = _human_tags(name, tag_type).filter(library_id=library_id).first()
    if existing is not None:
        return existing
    return Tag.objects.create(library_id=library_id, name=_tag_name(name), type=tag_type, source=Tag.Source.HUMAN)


def add_tag(photo: Photo, name: str, kind: str) -> tuple[PhotoTag, bool]:
    """Put the generic tag or album ``name`` (created if new) on the photo; ``(photo_tag, created)``."""
    with transaction.atomic():
        tag = _human_tag(photo.library_id, name, HUMAN_TAG_TYPES[kind])
        existing = PhotoTag.objects.filter(photo=photo, tag=tag).first()
        if existing is not None:
            return existing, False
        return PhotoTag.objects.create(photo=photo, tag=tag, **HUMAN_PHOTO_TAG), True


def remove_tag(photo: Photo, tag: Tag) -> int:
    """Take a generic tag or album off the photo; returns how many photo tags were removed."""
    if tag.type not in HUMAN_TAG_TYPES.values():
        raise EditRefused("Only generic tags and albums are removed here (faces: /faces/{id}).")
    with transaction.atomic():
        removed, _ = PhotoTag.objects.filter(photo=photo, tag=tag).delete()
        _delete_if_unused([tag])
    return removed


def _delete_if_unused(tags):
    """Delete the generic tags among ``tags`` that no photo carries any more (albums stay)."""
    used = PhotoTag.objects.filter(tag=OuterRef("pk"))
    Tag.objects.filter(pk__in=[t.pk for t in tags], type=Tag.Type.GENERIC).exclude(Exists(used)).delete()


def _bulk_add(photos, name, tag_type):
    created = []
    for library_id in photos.order_by().values_list("library_id", flat=True).distinct():
        tag = _human_tag(library_id, name, tag_type)
        has_it = PhotoTag.objects.filter(photo=OuterRef("pk"), tag=tag)
        lacking = photos.filter(library_id=library_id).exclude(Exists(has_it))
        created += PhotoTag.objects.bulk_create(
            PhotoTag(photo_id=pid, tag=tag, **HUMAN_PHOTO_TAG) for pid in lacking.values_list("pk", flat=True)
        )
    return len(created)


def _bulk_remove(photos, name, tag_type):
    tags = _human_tags(name, tag_type).filter(library__in=photos.values("library_id"))
    carriers = PhotoTag.objects.filter(photo__in=photos, tag__in=tags)
    changed = carriers.order_by().values("photo_id").distinct().count()
    carriers.delete()
    _delete_if_unused(list(tags))
    return changed


def bulk_edit(photos, action: str, rating: int | None = None, name: str | None = None) -> int:
    """Apply one action to every photo of the queryset in one transaction; the number of photos it changed.

    ``rate`` needs ``rating``; the tag and album actions need ``name``.
    """
    if action == "rate" and rating is None:
        raise EditRefused("rate needs a rating (0-5).")
    now = timezone.now()
    with transaction.atomic():
        if action == "rate":
            return photos.exclude(star_rating=rating).update(star_rating=rating, updated_at=now)
        if action in ("delete", "restore"):
            deleted = action == "delete"
            return photos.filter(deleted=not deleted).update(deleted=deleted, updated_at=now)
        kind, verb = action.split("_")
        tag_type = HUMAN_TAG_TYPES["generic" if kind == "tag" else "album"]
        return (_bulk_add if verb == "add" else _bulk_remove)(photos, name, tag_type)
