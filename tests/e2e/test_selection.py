"""Selecting photos on the timeline, changing them all at once, and albums made from a selection."""

import re

from playwright.sync_api import expect

from photonix.photos.models import Photo, Tag
from tests.e2e.conftest import fixture_files, import_photos, screenshot, sign_in


def tile_names(page):
    return sorted(page.locator("a.tile img").evaluate_all("(imgs) => imgs.map((img) => img.alt)"))


def test_bulk_rating_and_album_persist_and_the_album_opens_as_its_timeline(page, fast_library, fixture_photos):
    photos = import_photos(fast_library, fixture_files(fixture_photos))
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
    tree = page.get_by_role("link").filter(has=page.get_by_role("img", name="tree.jpg"))

    # A tile's check box selects it; then a plain click selects instead of opening, and Shift-click
    # selects the range from the last photo picked (tree.jpg, July 2018, then snow.jpg, February 2018).
    page.get_by_role("checkbox", name="Select tree.jpg").click()
    bar = page.get_by_role("toolbar", name="Selected photos")
    expect(bar).to_contain_text("1 selected")
    tree.click()
    expect(bar).to_be_hidden()  # toggled off again: nothing selected
    expect(page).to_have_url(re.compile(r"/$"))
    tree.click(modifiers=["Control"])
    page.get_by_role("link").filter(has=page.get_by_role("img", name="snow.jpg")).click(modifiers=["Shift"])
    expect(bar).to_contain_text("2 selected")
    expect(page.get_by_role("checkbox", name="Select snow.jpg")).to_have_attribute("aria-checked", "true")
    screenshot(page, "selection")

    bar.get_by_role("button", name="Rate 5 stars").click()
    expect(page.locator(".notice")).to_have_text("2 photos rated 5 stars")
    expect(bar).to_be_hidden()

    # Select both again and make an album of them.
    page.get_by_role("checkbox", name="Select tree.jpg").click()
    page.get_by_role("checkbox", name="Select snow.jpg").click()
    bar.get_by_role("button", name="Add to album").click()
    dialog = page.get_by_role("dialog", name="Add 2 photos to an album")
    dialog.get_by_label("Album").fill("Winter and summer")
    dialog.get_by_role("button", name="Add to album").click()
    expect(page.locator(".notice")).to_have_text("2 photos added to “Winter and summer”")

    by_name = {p.files.get().path.rsplit("/", 1)[1]: p for p in photos}
    rated = Photo.objects.filter(library=fast_library, star_rating=5)
    assert sorted(p.pk for p in rated) == sorted(by_name[n].pk for n in ("snow.jpg", "tree.jpg"))
    album = Tag.objects.get(library=fast_library, type=Tag.Type.ALBUM, name="Winter and summer")
    assert sorted(album.photo_tags.values_list("photo_id", flat=True)) == sorted(p.pk for p in rated)

    # After a reload, a search for the rating shows exactly these two.
    page.reload()
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
    page.goto("/?q=rating%3A5")
    expect(page.locator("a.tile img")).to_have_count(2)
    assert tile_names(page) == ["snow.jpg", "tree.jpg"]

    # The albums page lists the album with its count; opening it shows exactly its photos.
    page.goto("/albums")
    card = page.get_by_role("link", name=re.compile("^Winter and summer"))
    expect(card).to_contain_text("2 photos")
    screenshot(page, "albums")
    card.click()
    expect(page).to_have_url(re.compile(r"/\?q=album%3A%22Winter\+and\+summer%22$"))
    expect(page.get_by_role("button", name="Remove “Album: Winter and summer” from the search")).to_be_visible()
    expect(page.locator("a.tile img")).to_have_count(2)
    assert tile_names(page) == ["snow.jpg", "tree.jpg"]

    # Removing one from the album (one call) updates the album's timeline.
    page.get_by_role("checkbox", name="Select snow.jpg").click()
    bar.get_by_role("button", name="Remove from album").click()
    page.get_by_role("dialog").get_by_role("button", name="Winter and summer").click()
    expect(page.locator("a.tile img")).to_have_count(1)
    assert tile_names(page) == ["tree.jpg"]


def test_select_all_escape_and_delete_with_undo(page, fast_library, fixture_photos):
    files = fixture_files(fixture_photos)
    import_photos(fast_library, files)
    sign_in(page, "alice", "secret-alice")
    expect(page.locator("a.tile img").first).to_be_visible()
    page.goto("/?q=2018")  # snow.jpg and tree.jpg: every photo of the query is loaded
    expect(page.locator("a.tile img")).to_have_count(2)
    page.keyboard.press("a")
    bar = page.get_by_role("toolbar", name="Selected photos")
    expect(bar).to_contain_text("2 selected")
    page.keyboard.press("Escape")
    expect(bar).to_be_hidden()

    page.get_by_role("checkbox", name="Select snow.jpg").click()
    page.keyboard.press("Delete")
    notice = page.locator(".notice")
    expect(notice).to_contain_text("1 photo deleted")
    expect(page.locator("a.tile img")).to_have_count(1)
    assert Photo.objects.filter(library=fast_library, deleted=True).count() == 1
    notice.get_by_role("button", name="Undo").click()
    expect(notice).to_contain_text("1 photo restored")
    expect(page.locator("a.tile img")).to_have_count(2)
    assert not Photo.objects.filter(library=fast_library, deleted=True).exists()
