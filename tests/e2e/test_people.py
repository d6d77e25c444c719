"""The People screen on the LFW faces of the shared fixtures, found by the real face classifier
(run by the real worker): naming a cluster, merging two people, opening a person's photos."""

import re

import pytest
from playwright.sync_api import expect

from photonix.photos.libraries import set_classifier_switches
from photonix.photos.models import PhotoTag, Tag
from tests.conftest import wait_for_pipeline
from tests.e2e.conftest import import_photos, screenshot, sign_in

BORIS = [f"Boris_Becker_000{i}.jpg" for i in (3, 4, 5)]
OTHERS = ["Barbara_Becker_0001.jpg", "David_Beckham_0001.jpg", "David_Beckham_0002.jpg"]


@pytest.fixture
def faces_library(library, fixture_photos):
    """alice's library with the fixture faces imported and their faces found (object and style off)."""
    set_classifier_switches(library, {"face": True, "object": False, "style": False})
    library.save()
    photos = import_photos(library, [fixture_photos / "faces" / name for name in BORIS + OTHERS])
    wait_for_pipeline([p.pk for p in photos], steps=["classify.face"])
    return library


def cluster_of(library, file_name):
    """The person of the main (biggest) face of a photo: LFW photos are centred on their subject."""
    faces = PhotoTag.objects.filter(photo__library=library, tag__type=Tag.Type.FACE)
    return faces.filter(photo__files__path__endswith=f"/{file_name}").order_by("-size_x").first().tag


def test_naming_a_face_cluster_lists_that_persons_photos(page, faces_library):
    unknown = cluster_of(faces_library, BORIS[0])
    assert {cluster_of(faces_library, name) for name in BORIS} == {unknown}  # the classifier grouped them
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("link", name="People")).to_be_visible()
    page.goto("/people")

    page.get_by_role("button", name=f"Name {unknown.name}").click()
    name = page.get_by_role("textbox", name="Name")
    name.fill("Someone else")
    name.press("Escape")  # cancels
    expect(page.get_by_role("button", name=f"Name {unknown.name}")).to_be_visible()
    page.get_by_role("button", name=f"Name {unknown.name}").click()
    page.get_by_role("textbox", name="Name").fill("Boris Becker")
    page.get_by_role("textbox", name="Name").press("Enter")
    card = page.get_by_role("listitem", name="Boris Becker")
    expect(card.get_by_role("button", name="Rename Boris Becker")).to_be_visible()
    expect(card).to_contain_text("3 photos")
    people = page.get_by_role("list", name="People").get_by_role("listitem")
    expect(people.first).to_have_accessible_name("Boris Becker")  # named people first
    page.reload()  # saved, not only shown
    expect(page.get_by_role("button", name="Rename Boris Becker")).to_be_visible()
    screenshot(page, "people")

    card.get_by_role("link", name="Photos of Boris Becker").click()
    expect(page).to_have_url(re.compile(r"/\?q=person%3A%22Boris\+Becker%22$"))
    expect(page.locator("a.tile img")).to_have_count(3)
    for file_name in BORIS:
        expect(page.get_by_role("img", name=file_name)).to_be_visible()


def test_merging_two_people_and_moving_a_face_back(page, faces_library):
    boris, barbara = cluster_of(faces_library, BORIS[0]), cluster_of(faces_library, OTHERS[0])
    assert boris != barbara
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("link", name="People")).to_be_visible()
    page.goto("/people")

    page.get_by_role("checkbox", name=f"Select {boris.name} to merge").check()
    merge = page.get_by_role("button", name="Merge", exact=True)
    expect(merge).to_be_disabled()
    page.get_by_role("checkbox", name=f"Select {barbara.name} to merge").check()
    merge.click()
    dialog = page.get_by_role("dialog", name="Merge two people?")
    expect(dialog.get_by_role("radio", name=re.compile(f"^{boris.name} "))).to_be_checked()  # the one with more faces
    dialog.get_by_role("button", name="Merge").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("listitem", name=barbara.name)).to_have_count(0)
    expect(page.get_by_role("listitem", name=boris.name)).to_contain_text("4 photos")
    assert cluster_of(faces_library, OTHERS[0]) == cluster_of(faces_library, BORIS[0]) == boris
    assert not Tag.objects.filter(pk=barbara.pk).exists()

    # A wrong face goes to a new person from the person's faces.
    page.get_by_role("listitem", name=boris.name).get_by_role("link", name="Faces").click()
    expect(page.get_by_role("heading", name=f"Faces of {boris.name}")).to_be_visible()
    faces = page.get_by_role("list", name=f"Faces of {boris.name}").get_by_role("listitem")
    expect(faces).to_have_count(4)
    barbara_face = PhotoTag.objects.get(tag=boris, photo__files__path__endswith=f"/{OTHERS[0]}")
    card = faces.filter(has=page.locator(f'a[href^="/photos/{barbara_face.photo_id}"]'))
    card.get_by_role("button", name="Move this face to another person").click()
    move_to = card.get_by_role("combobox", name="Move to (a name, new or existing)")  # suggests people's names
    move_to.fill("Barbara Becker")
    move_to.press("Enter")
    expect(faces).to_have_count(3)
    assert cluster_of(faces_library, OTHERS[0]).name == "Barbara Becker"
