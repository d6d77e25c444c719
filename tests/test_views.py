"""The authenticated thumbnail view, ``/thumbnails/<photo id>/<size>.<version>.jpg``.

Photos are recorded with ``record_photo`` and processed by calling the task bodies in this
process (``process_raw_task``, ``generate_thumbnails_task``), as a worker would; the view is
then asked through Django's test client, and what it serves is decoded with Pillow.
"""

import os
import uuid
from io import BytesIO

import pytest
import redis
from django.conf import settings
from PIL import Image

from photonix.photos.importing import record_photo
from photonix.photos.models import LibraryUser, Photo
from photonix.photos.processing import configured_sizes
from photonix.photos.tasks import generate_thumbnails_task, process_raw_task
from photonix.photos.utils.paths import thumbnail_path, thumbnail_url
from tests.factories import make_dng, make_jpeg

pytestmark = pytest.mark.django_db

SIZES = {size.name: size for size in configured_sizes()}
GRID, PREVIEW, VIEW_4K = "256x256_cover_q50", "1920x1920_contain_q80", "3840x3840_contain_q75"


@pytest.fixture
def alice(library, django_user_model):
    """The owner of ``library`` (created by the ``library`` fixture)."""
    return django_user_model.objects.get(username="alice")


@pytest.fixture
def member(client, alice):
    """The test client, logged in as a member of the library."""
    client.force_login(alice)
    return client


def imported(library, name="photo.jpg", size=(2400, 1600), process=True, **jpeg_options):
    """A JPEG in the library, recorded (and, unless told not to, processed as a worker would)."""
    photo = record_photo(make_jpeg(library.folder / name, size, **jpeg_options), library)
    if process:
        process_photo(photo)
    return photo


def process_photo(photo):
    process_raw_task(str(photo.pk))
    generate_thumbnails_task(str(photo.pk))


def url(photo_id, size_name):
    """The URL a client is given for a photo's thumbnail (the unversioned form for a photo that does not exist)."""
    photo = Photo.objects.filter(pk=photo_id).first()
    return thumbnail_url(photo, size_name) if photo else f"/thumbnails/{photo_id}/{size_name}.jpg"


def served_image(response):
    """The image in a 200 response, decoded (the checks a browser would make first)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)  # the test client closes the response (and file) at the end
    image = Image.open(BytesIO(body))
    image.load()
    assert image.format == "JPEG"
    return image


def test_member_gets_the_grid_thumbnail(member, library):
    """The grid size is exactly 256x256, whatever the photo's shape."""
    photo = imported(library)

    response = member.get(url(photo.pk, GRID))

    assert served_image(response).size == (256, 256)
    assert response["Cache-Control"] == "private, max-age=604800"  # a user's photo: never in a shared cache


def test_member_gets_the_preview_within_a_1920_box(member, library):
    """The detail size keeps the photo's shape and fits in 1920x1920."""
    photo = imported(library, size=(2400, 1600))

    assert served_image(member.get(url(photo.pk, PREVIEW))).size == (1920, 1280)


@pytest.mark.parametrize(
    ("photo_size", "served_size"),
    [((6000, 4000), (3840, 2560)), ((1200, 800), (1200, 800))],
    ids=["large-photo", "small-photo-not-upscaled"],
)
def test_4k_size_is_made_on_first_request_and_bounded(member, library, photo_size, served_size):
    """The 3840 size is not made at import but on the first request; it fits in 3840x3840 and is
    never larger than the photo."""
    photo = imported(library, size=photo_size)
    stored = thumbnail_path(photo.base_file, SIZES[VIEW_4K])
    assert not stored.exists()

    image = served_image(member.get(url(photo.pk, VIEW_4K)))

    assert image.size == served_size
    assert stored.is_file()
    assert served_image(member.get(url(photo.pk, VIEW_4K))).size == served_size  # served again from disk


@pytest.mark.parametrize("size_name", ["100x100_cover_q50", "original", "256x256_cover_q51"])
def test_unknown_size_is_404(member, library, size_name):
    photo = imported(library)

    assert member.get(url(photo.pk, size_name)).status_code == 404


def test_user_outside_the_library_gets_404_as_for_a_missing_photo(client, library, django_user_model):
    """Another user learns nothing, not even that the photo exists."""
    photo = imported(library)
    bob = django_user_model.objects.create_user("bob", password="secret-bob")
    client.force_login(bob)

    not_member = client.get(url(photo.pk, GRID))
    missing = client.get(url(uuid.uuid4(), GRID))

    assert not_member.status_code == missing.status_code == 404
    assert not_member.content == missing.content


def test_a_member_who_is_not_an_owner_sees_it_until_removed_and_staff_are_not_members(
    client, library, django_user_model
):
    """Membership is what counts: a plain member gets the image, and 404 once removed from the library;
    a staff user (the admin's) who is not a member gets 404 like anyone else."""
    photo = imported(library)
    carol = django_user_model.objects.create_user("carol", password="secret-carol")
    LibraryUser.objects.create(library=library, user=carol, owner=False)
    client.force_login(carol)
    assert served_image(client.get(url(photo.pk, GRID))).size == (256, 256)

    LibraryUser.objects.filter(library=library, user=carol).delete()
    assert client.get(url(photo.pk, GRID)).status_code == 404

    staff = django_user_model.objects.create_superuser("root", password="secret-root")
    client.force_login(staff)
    assert client.get(url(photo.pk, GRID)).status_code == 404


def test_anonymous_visitor_is_sent_to_the_login_page(client, library):
    photo = imported(library)

    response = client.get(url(photo.pk, GRID))

    assert response.status_code == 302
    assert response["Location"] == f"{settings.LOGIN_URL}?next={url(photo.pk, GRID)}"


def test_exif_rotated_photo_is_served_in_display_orientation(member, library):
    """A landscape sensor image tagged "rotate 90° clockwise" (orientation 6) is a portrait photo.

    The dark blue bar that :func:`tests.factories.photo_pixels` draws near the top left of the stored
    image (x 120-400, y 100-200 of 1200x800) is, once turned, near the top right of the 800x1200 photo.
    """
    photo = imported(library, size=(1200, 800), orientation=6)

    image = served_image(member.get(url(photo.pk, PREVIEW))).convert("RGB")

    assert image.size == (800, 1200)
    red, green, blue = image.getpixel((650, 260))
    assert blue > 130 and red < 80 and green < 100, (red, green, blue)
    assert served_image(member.get(url(photo.pk, GRID))).size == (256, 256)


def test_raw_photo_not_developed_yet_is_404_not_a_server_error(member, library):
    """Until the worker has developed a RAW file there is no image to make thumbnails from: the
    browser gets 404 (and shows its placeholder), not a 500 error page."""
    photo = record_photo(make_dng(library.folder / "camera.dng", (640, 480)), library)

    assert member.get(url(photo.pk, VIEW_4K)).status_code == 404

    process_photo(photo)
    assert served_image(member.get(url(photo.pk, VIEW_4K))).size == (640, 480)


def test_photo_whose_file_was_deleted_is_404_not_a_server_error(member, library):
    """The file was deleted while the watcher was not running: the thumbnails already made are still
    served, and a size that would need the file is 404 rather than a 500 error page."""
    photo = imported(library)
    os.remove(photo.base_file.path)

    assert served_image(member.get(url(photo.pk, GRID))).size == (256, 256)
    assert member.get(url(photo.pk, VIEW_4K)).status_code == 404


def test_4k_size_shows_the_new_version_of_an_edited_photo(member, library):
    """After a photo's file is replaced (edited, cropped) and processed again, the 4K size is made
    again from the new file, like the import sizes: it does not keep showing the old picture."""
    photo = imported(library, "edited.jpg", size=(2400, 1600))
    assert served_image(member.get(url(photo.pk, VIEW_4K))).size == (2400, 1600)

    path = photo.base_file.path
    make_jpeg(path, (1000, 1500))  # cropped to a portrait
    os.utime(path, (1, 1))  # a different modification time, even on a coarse clock
    old_url = url(photo.pk, VIEW_4K)
    assert record_photo(path, library).pk == photo.pk
    process_photo(photo)

    assert url(photo.pk, VIEW_4K) != old_url  # a browser's week-long cache of the old URL is never shown
    assert served_image(member.get(url(photo.pk, PREVIEW))).size == (1000, 1500)
    assert served_image(member.get(url(photo.pk, VIEW_4K))).size == (1000, 1500)
    assert served_image(member.get(old_url, follow=True)).size == (1000, 1500)  # redirected to the new version
    assert Photo.objects.count() == 1


def test_unversioned_url_redirects_to_the_current_version(member, library):
    photo = imported(library)

    response = member.get(f"/thumbnails/{photo.pk}/{GRID}.jpg")

    assert response.status_code == 302
    assert response["Location"] == url(photo.pk, GRID)
    assert response["Cache-Control"] == "private, no-cache"  # only the versioned URL may be kept
    assert served_image(member.get(response["Location"])).size == (256, 256)


def test_soft_deleted_photo_is_404_like_a_missing_one(member, library):
    photo = imported(library)
    photo_url = url(photo.pk, GRID)
    Photo.objects.filter(pk=photo.pk).update(deleted=True)

    assert member.get(photo_url).status_code == 404
    assert member.get(f"/thumbnails/{photo.pk}/{GRID}.jpg").status_code == 404


def test_request_waiting_too_long_for_another_maker_gets_503_with_retry_after(member, library, settings):
    """Another request (here: the test) holds the lock of the 4K thumbnail: after the wait, a clear 503."""
    settings.THUMBNAIL_ON_DEMAND_WAIT = 0.5
    photo = imported(library)
    path = thumbnail_path(photo.base_file, SIZES[VIEW_4K])
    lock = redis.Redis.from_url(settings.CELERY_BROKER_URL).lock(f"photonix:thumbnail:{VIEW_4K}:{path.name}")
    assert lock.acquire(blocking=False)
    try:
        busy = member.get(url(photo.pk, VIEW_4K))
    finally:
        lock.release()

    assert busy.status_code == 503
    assert busy["Retry-After"] == "5"
    assert not path.exists()
    assert served_image(member.get(url(photo.pk, VIEW_4K))).size == (2400, 1600)  # made once the lock is free
