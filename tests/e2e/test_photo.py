"""The photo page: metadata and face boxes, inline naming of a face, rotation and rating that persist.
(←/→ within a search is in test_timeline.py.)"""

import re

import pytest
from playwright.sync_api import expect

from photonix.photos.libraries import set_classifier_switches
from photonix.photos.models import Photo
from tests.conftest import wait_for_pipeline
from tests.e2e.conftest import import_photos, screenshot, sign_in


@pytest.fixture
def face_library(library):
    """``library`` (alice's) with the face classifier on and the slow ones it does not need off."""
    set_classifier_switches(library, {"face": True, "object": False, "style": False})
    library.save()
    return library


def open_photo(page, photo):
    page.goto(f"/photos/{photo.pk}")
    expect(page.locator("h1.viewer-title")).to_have_text(photo.files.get().path.rsplit("/", 1)[1])


def info_panel(page):
    """The information panel, opened if it is not (it starts closed on a phone)."""
    panel = page.get_by_role("complementary", name="Photo information")
    if not panel.is_visible():
        page.get_by_role("button", name="Show information").click()
    expect(panel).to_be_visible()
    return panel


def test_a_photo_shows_its_metadata_and_its_faces_which_are_named_inline(page, face_library, fixture_photos):
    tree, boris = import_photos(
        face_library, [fixture_photos / "tree.jpg", fixture_photos / "faces" / "Boris_Becker_0003.jpg"]
    )
    wait_for_pipeline([tree.pk, boris.pk])  # places and faces too
    sign_in(page, "alice", "secret-alice")
    expect(page.locator("a.tile img").first).to_be_visible()

    open_photo(page, tree)
    panel = info_panel(page)
    expect(panel.get_by_text("Xiaomi MI 5")).to_be_visible()
    expect(panel.get_by_text(re.compile(r"ƒ/2 · 1/1124 s · ISO 100"))).to_be_visible()
    expect(panel.get_by_text("July 3, 2018", exact=False)).to_be_visible()
    expect(panel.get_by_role("link", name="Greece")).to_be_visible()
    expect(panel.get_by_role("img", name=re.compile(r"^Map: the photo was taken at 36\.36"))).to_be_visible()
    expect(panel.get_by_text(re.compile(r"/tree\.jpg$"))).to_be_visible()
    expect(panel.get_by_role("link", name="Download tree.jpg")).to_be_visible()
    panel.get_by_text("All metadata").click()
    expect(panel.get_by_text("EXIF:Make")).to_be_visible()

    open_photo(page, boris)
    face = page.get_by_test_id("face-box")
    expect(face).to_have_count(1)
    expect(face).to_have_css("border-top-style", "dashed")  # not verified yet
    # The box sits on the face: LFW photos are centred on it.
    image = page.get_by_role("img", name="Boris_Becker_0003.jpg").bounding_box()
    box = face.bounding_box()
    centre_x = (box["x"] + box["width"] / 2 - image["x"]) / image["width"]
    centre_y = (box["y"] + box["height"] / 2 - image["y"]) / image["height"]
    assert centre_x == pytest.approx(0.5, abs=0.1) and centre_y == pytest.approx(0.5, abs=0.15)
    screenshot(page, "detail")

    # Esc cancels a name, Enter saves it; the face is then verified (solid) and the person exists.
    face.get_by_role("button", name=re.compile("^Name this face")).click()
    page.get_by_role("combobox", name="Name").fill("Someone else")
    page.keyboard.press("Escape")
    expect(page.get_by_role("combobox", name="Name")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/photos/{boris.pk}$"))  # Esc in the field did not leave the photo
    face.get_by_role("button", name=re.compile("^Name this face")).click()
    page.get_by_role("combobox", name="Name").fill("Boris Becker")
    page.keyboard.press("Enter")
    expect(face.get_by_role("button", name="Name this face (now Boris Becker)")).to_be_visible()
    expect(face).to_have_css("border-top-style", "solid")
    page.reload()
    expect(
        page.get_by_test_id("face-box").get_by_role("button", name="Name this face (now Boris Becker)")
    ).to_be_visible()
    expect(info_panel(page).get_by_role("link", name="Boris Becker")).to_be_visible()
    assert boris.photo_tags.get(tag__type="F").tag.name == "Boris Becker"

    # Named people are suggested when naming a face.
    page.get_by_test_id("face-box").get_by_role("button", name=re.compile("^Name this face")).click()
    field = page.get_by_role("combobox", name="Name")
    suggestions = page.locator(f'datalist[id="{field.get_attribute("list")}"] option')
    expect(suggestions).to_have_count(1)
    assert suggestions.get_attribute("value") == "Boris Becker"
    page.keyboard.press("Escape")

    # Blocking: not a face (or nobody to name); it can be shown again.
    page.get_by_role("button", name="Not a face, or nobody to name").click()
    expect(page.get_by_role("button", name="Show this face again")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Show this face again")).to_be_visible()
    expect(info_panel(page).get_by_role("link", name="Boris Becker")).to_have_count(0)
    assert boris.photo_tags.get(tag__type="F").deleted


def test_rotating_turns_the_photo_and_its_tile_and_rating_keys_persist(page, fast_library, fixture_photos):
    (tree,) = import_photos(fast_library, [fixture_photos / "tree.jpg"])  # 800 x 600
    sign_in(page, "alice", "secret-alice")
    page.get_by_role("link").filter(has=page.get_by_role("img", name="tree.jpg")).click()
    expect(page.get_by_role("heading", name="tree.jpg")).to_be_visible()

    def shown(orientation):
        """Wait until the photo shows as ``orientation`` on screen."""
        page.wait_for_function(
            """(portrait) => {
                const r = document.querySelector("img.photo-image")?.getBoundingClientRect();
                return r !== undefined && r.width > 0 && (r.height > r.width) === portrait;
            }""",
            arg=orientation == "portrait",
        )

    shown("landscape")
    # The 3840 size is asked for on the first zoom only, and drawn over the preview.
    large = []
    page.on("request", lambda request: "/3840x3840_" in request.url and large.append(request.url))
    page.wait_for_timeout(500)
    assert large == []
    page.locator(".photo-stage").dblclick()
    expect(page.locator("img.photo-image.large")).to_have_css("opacity", "1")
    assert len(large) >= 1
    page.keyboard.press("-")  # back to the fitted photo
    expect(page.locator(".photo-frame")).to_have_css("transform", re.compile(r"^(none|matrix\(1, 0, 0, 1, 0, 0\))$"))
    stage = page.locator(".photo-stage").bounding_box()
    page.mouse.move(stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
    page.mouse.wheel(0, -300)  # the wheel zooms too
    page.wait_for_function("new DOMMatrix(getComputedStyle(document.querySelector('.photo-frame')).transform).a > 1.2")
    page.keyboard.press("-")
    page.keyboard.press("]")
    shown("portrait")
    page.keyboard.press("]")  # a half turn: landscape again
    shown("landscape")
    page.get_by_role("button", name="Rotate left").click()  # back to a quarter turn
    shown("portrait")
    page.keyboard.press("4")
    info_panel(page)
    expect(page.get_by_role("button", name="4 stars")).to_have_attribute("aria-pressed", "true")

    def saved():
        photo_now = Photo.objects.get(pk=tree.pk)
        return photo_now.star_rating, photo_now.files.get().user_rotation

    # Waiting with Playwright: the browser's requests pass this process's route handler meanwhile.
    for _ in range(75):
        if saved() == (4, 90):
            break
        page.wait_for_timeout(200)
    assert saved() == (4, 90)

    # After a reload the photo is still turned and rated, and so is its tile in the timeline.
    page.reload()
    shown("portrait")
    expect(info_panel(page).get_by_role("button", name="4 stars")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Back to the timeline").click()
    tile = page.get_by_role("img", name="tree.jpg")
    expect(tile).to_be_visible()
    tile.evaluate("(img) => img.decode()")  # loaded
    natural = tile.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert natural[0] == natural[1] > 0  # the square cover thumbnail, as stored (display orientation)...
    turn = tile.evaluate("(img) => { const m = new DOMMatrix(getComputedStyle(img).transform); return [m.a, m.b]; }")
    assert turn == [pytest.approx(0, abs=1e-6), pytest.approx(1)]  # ...turned a quarter clockwise on screen
