"""What photo lists read: a library's photos matching a search, with what a grid tile shows.

A page of tiles costs a fixed number of queries whatever its size: the photos (with their main
colour as a subquery column), and one query for all their files (``Photo.objects.with_files()``),
from which ``Photo.base_file`` picks without querying again.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from photonix.classifiers.color.classifier import HEX
from photonix.photos.models import Library, Photo, PhotoTag, Tag
from photonix.photos.search import PhotoQuery, filter_photos


def library_photos(library: Library, query: PhotoQuery) -> QuerySet:
    """The photos of the library that are not deleted and match the search."""
    return filter_photos(Photo.objects.filter(library=library, deleted=False), query)


def with_tile_data(queryset: QuerySet) -> QuerySet:
    """The photos with their files prefetched and ``main_color`` (the colour classifier's top colour name)."""
    colors = PhotoTag.objects.filter(photo=OuterRef("pk"), tag__type=Tag.Type.COLOR, deleted=False)
    top = colors.order_by("-significance", "tag__ordering").values("tag__name")[:1]
    return queryset.with_files().annotate(main_color=Subquery(top))


def color_hex(name: str | None) -> str | None:
    """``"#rrggbb"`` of a colour tag's name, None for a name that is not a palette colour."""
    return HEX.get(name) if name else None


def display_size(photo_file) -> tuple[int | None, int | None]:
    """Width and height of the file as thumbnails show it: EXIF orientation applied, not the user's rotation."""
    if photo_file is None:
        return None, None
    if photo_file.exif_rotation in (90, 270):
        return photo_file.height, photo_file.width
    return photo_file.width, photo_file.height
