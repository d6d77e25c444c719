"""First run: an empty database is set up through the API by a real import on a real worker."""

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from photonix.photos.models import Library, Photo
from photonix.photos.pipeline import queues_idle
from tests.api.client import ApiClient
from tests.factories import make_jpeg
from tests.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photo_folder(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    make_jpeg(folder / "beach.jpg", taken_at="2021:07:14 10:00:00")
    return folder


@pytest.fixture(autouse=True)
def idle_queues_afterwards(request):
    """The worker finishes the import a test started before the test's data is emptied."""
    yield
    if "live_worker" in request.fixturenames:
        wait_until(queues_idle, timeout=120, message="the worker to finish the tasks of this test")


def setup_body(folder, **changes):
    body = {
        "username": "admin",
        "password": "a-long-password",
        "library_name": "Family",
        "path": str(folder),
        "watch": False,
        "classifiers": {"face": False, "object": False},
    }
    return {**body, **changes}


def test_setup_makes_a_logged_in_owner_and_imports_the_folder(photo_folder, live_worker):
    api = ApiClient()
    classifiers = ["color", "event", "location", "face", "object", "style"]
    assert api.get("/setup").json() == {"needed": True, "classifiers": classifiers}
    response = api.post("/setup", setup_body(photo_folder))
    assert response.status_code == 201, response.content
    assert {"sessionid", "csrftoken"} <= set(response.cookies)
    library = response.json()
    assert library["name"] == "Family" and library["role"] == "owner"
    assert library["classifiers"]["face"] is False and library["classifiers"]["color"] is True
    me = api.get("/me").json()
    assert me["username"] == "admin" and me["is_superuser"] is True
    assert api.get(f"/libraries/{library['id']}/paths").json()[0]["path"] == str(photo_folder.resolve())
    assert api.get("/setup").json()["needed"] is False
    wait_until(
        lambda: Photo.objects.filter(library_id=library["id"]).exists(),
        timeout=60,
        message="the worker to import the folder's JPEG",
    )


def test_setup_then_the_import_shows_the_fixture_photos_in_the_owners_list(tmp_path, fixture_photos, live_worker):
    """Issue 8, acceptance 4: on an empty database, setup and its import give a logged-in owner whose
    photos list shows the shared fixtures; a second setup is 409."""
    folder = tmp_path / "fixtures"
    shutil.copytree(fixture_photos, folder)
    expected = sorted(path.name for path in folder.rglob("*") if path.is_file())
    api = ApiClient()
    library = api.post("/setup", setup_body(folder)).json()

    def listed():
        return sorted(item["file_name"] for item in api.get(f"/libraries/{library['id']}/photos").json()["items"])

    wait_until(lambda: listed() == expected, timeout=120, interval=1, message=f"the photos list to show {expected}")
    assert api.post("/setup", setup_body(folder, username="second")).status_code == 409


def test_a_second_setup_is_409_and_creates_nothing(photo_folder, django_user_model):
    django_user_model.objects.create_user("someone")  # any user at all, not only a superuser
    response = ApiClient().post("/setup", setup_body(photo_folder))
    assert response.status_code == 409
    assert response.json() == {"detail": "Photonix is set up already: log in instead."}
    assert not Library.objects.exists()
    assert ApiClient().get("/setup").json()["needed"] is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password": "short"}, "password", "too short"),
        ({"username": "not a name!"}, "username", "Enter a valid username"),
        ({"path": "/no/such/folder"}, "path", "is not a folder"),
        ({"classifiers": {"sharpness": True}}, "classifiers", "Unknown classifiers: sharpness"),
    ],
)
def test_bad_setup_input_is_422_naming_the_field_and_creates_nothing(
    photo_folder, django_user_model, changes, field, message
):
    response = ApiClient().post("/setup", setup_body(photo_folder, **changes))
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert message in response.json()["detail"]
    assert not django_user_model.objects.exists() and not Library.objects.exists()


def test_two_setups_at_once_make_one_administrator(photo_folder, django_user_model, live_worker):
    """Both requests run in their own thread (and database connection); one wins, one gets 409."""

    def post(name):
        try:
            return ApiClient().post("/setup", setup_body(photo_folder, username=name)).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(post, ["first", "second"]))
    assert statuses == [201, 409]
    assert django_user_model.objects.count() == 1
