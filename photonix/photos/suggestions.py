"""Suggestions for the search box: the library's people, places, albums, other tags, cameras and lenses
whose name contains what the user is typing, best first, a few at a time.

Only names that some photo of the library (not deleted) carries are suggested, and unnamed people
("Unknown person 12") never are. Names that start with the text come first, then by kind (people,
places, albums, the other tags, cameras, lenses), shorter names before longer ones. Each kind is one
query over the library's own rows (a library has thousands of tags, not millions), cut at ``limit``,
with an EXISTS probe for "carried by a photo"; nothing is counted, so a suggestion costs the same in a
library of 100 or 100,000 photos. The client turns a suggestion into a search term (``person:"Name"``...).
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import Concat, Length, Lower

from photonix.photos.models import Camera, Lens, Photo, PhotoTag, Tag
from photonix.photos.people import UNKNOWN_PERSON_PREFIX

# Tag type → the kind of suggestion, in the order kinds are suggested.
TAG_KINDS = {
    Tag.Type.FACE: "person",
    Tag.Type.LOCATION: "place",
    Tag.Type.ALBUM: "album",
    Tag.Type.OBJECT: "object",
    Tag.Type.COLOR: "color",
    Tag.Type.STYLE: "style",
    Tag.Type.EVENT: "event",
    Tag.Type.GENERIC: "tag",
}
KINDS = [*TAG_KINDS.values(), "camera", "lens"]
MAX_SUGGESTIONS = 20


def _best_first(rows, field, text, limit):
    """Rows whose ``field`` contains ``text`` (any case): those starting with it first, then shorter names."""
    starts = Case(When(**{f"{field}__istartswith": text}, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        rows.filter(**{f"{field}__icontains": text})
        .annotate(starts=starts, length=Length(field))
        .order_by("starts", "length", Lower(field))[:limit]
    )


def _tags(library, text, limit):
    carried = PhotoTag.objects.filter(tag=OuterRef("pk"), deleted=False, photo__deleted=False)
    tags = (
        Tag.objects.filter(library=library, type__in=list(TAG_KINDS))
        .exclude(type=Tag.Type.FACE, name__startswith=UNKNOWN_PERSON_PREFIX)
        .filter(Exists(carried))
    )
    for tag in _best_first(tags, "name", text, limit).values("id", "name", "type", "parent__name", "starts"):
        yield (
            tag["starts"],
            {"kind": TAG_KINDS[tag["type"]], "id": tag["id"], "name": tag["name"], "detail": tag["parent__name"]},
        )


def _gear(model, library, text, limit, kind, name_field="name"):
    used = Photo.objects.filter(**{kind: OuterRef("pk")}, deleted=False)
    rows = model.objects.filter(library=library).filter(Exists(used))
    if name_field != "name":
        rows = rows.annotate(**{name_field: Concat("make", Value(" "), "model")})
    for row in _best_first(rows, name_field, text, limit).values("id", name_field, "starts"):
        yield row["starts"], {"kind": kind, "id": row["id"], "name": row[name_field], "detail": None}


def suggestions(library, text: str, limit: int = 8) -> list[dict]:
    """Up to ``limit`` of ``[{kind, id, name, detail}]`` matching ``text`` (see the module docstring);
    ``detail`` is the place a place lies in (a city's country), else None."""
    text = text.strip()
    if not text:
        return []
    found = [
        *_tags(library, text, limit),
        *_gear(Camera, library, text, limit, "camera", name_field="full_name"),
        *_gear(Lens, library, text, limit, "lens"),
    ]
    seen, best = set(), []
    found.sort(
        key=lambda pair: (pair[0], KINDS.index(pair[1]["kind"]), len(pair[1]["name"]), pair[1]["name"].casefold())
    )
    for _, suggestion in found:
        key = (suggestion["kind"], suggestion["name"].casefold())
        if key not in seen:  # a classifier's tag and a person's tag of the same name are one suggestion
            seen.add(key)
            best.append(suggestion)
    return best[:limit]
