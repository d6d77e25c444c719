"""A user who is not a member of a library sees none of it in the web UI."""

from playwright.sync_api import expect

from tests.e2e.conftest import import_photos, sign_in


def test_a_user_who_is_not_a_member_sees_none_of_it(page, fast_library, fixture_photos, django_user_model):
    (photo,) = import_photos(fast_library, [fixture_photos / "tree.jpg"])
    django_user_model.objects.create_user("mallory", password="secret-mallory")

    sign_in(page, "mallory", "secret-mallory")
    expect(page.get_by_role("heading", name="You have no library yet")).to_be_visible()
    expect(page.locator("a.tile")).to_have_count(0)

    page.goto(f"/photos/{photo.pk}")
    expect(page.get_by_role("heading", name="This photo does not exist")).to_be_visible()
    expect(page.get_by_role("img", name="tree.jpg")).to_have_count(0)
