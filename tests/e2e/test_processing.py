"""The processing screen and the header's indicator: a file that cannot be decoded, imported for real,
is listed with its reason; retrying sends it again; a paused classifier keeps its work for later."""

import re

from playwright.sync_api import expect

from photonix.photos.models import Photo, PipelineStep
from photonix.photos.pipeline import dispatch
from photonix.photos.steps import THUMBNAILS_STEP
from tests.conftest import wait_for_pipeline
from tests.e2e.conftest import import_photos, screenshot, sign_in
from tests.factories import make_bad_files
from tests.processes import wait_until

COLOR = "classify.color"
DECODE_ERROR = "The image cannot be decoded (damaged or truncated file?)"


def test_a_failed_file_is_listed_with_its_reason_and_retried(page, fast_library, fixture_photos, tmp_path):
    bad = make_bad_files(tmp_path / "bad")
    [tree, truncated] = import_photos(fast_library, [fixture_photos / "tree.jpg", bad["truncated"]])
    wait_for_pipeline([tree.pk])
    failed = PipelineStep.objects.get(photo=truncated, step=THUMBNAILS_STEP)
    assert failed.status == "failed"

    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("link", name=re.compile("^Processing: "))).to_have_count(0)  # nothing left to do
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Processing").click()
    expect(page.get_by_role("heading", name="Processing")).to_be_visible()
    expect(page.get_by_text("Every photo is processed.")).to_be_visible()

    thumbnails = page.get_by_role("listitem", name="Thumbnails")
    expect(thumbnails).to_contain_text("2 of 2")
    expect(thumbnails).to_contain_text("1 done")
    expect(thumbnails).to_contain_text("1 failed")
    expect(thumbnails.get_by_role("progressbar", name="Thumbnails: progress")).to_be_visible()
    colours = page.get_by_role("listitem", name="Analysis: Colours")
    expect(colours).to_contain_text("1 blocked by an earlier failure")

    failures = page.get_by_role("region", name="Failed (1)")
    expect(failures).to_contain_text(str(fast_library.folder / "truncated.jpg"))
    expect(failures).to_contain_text("Thumbnails")
    expect(failures).to_contain_text(DECODE_ERROR)
    failures.scroll_into_view_if_needed()
    screenshot(page, "processing")

    def retried_by(button):
        """Click a retry button; wait until the thumbnails step of the truncated file has run (and failed) again."""
        before = PipelineStep.objects.get(pk=failed.pk).finished_at
        with page.expect_response(lambda r: r.url.endswith("/processing/retry")):
            button.click()
        expect(page.get_by_text("Sent 1 photo again.")).to_be_visible()
        wait_until(
            lambda: PipelineStep.objects.filter(pk=failed.pk, status="failed", finished_at__gt=before).exists(),
            timeout=60,
            message="the retried thumbnails step to run (and fail) again",
        )

    retried_by(page.get_by_role("button", name="Retry all failed (1)"))
    # The file is still truncated: after the retry it is listed again, with the same reason.
    expect(failures).to_contain_text(DECODE_ERROR)
    retried_by(thumbnails.get_by_role("button", name="Retry the failed photos of Thumbnails"))
    expect(failures).to_contain_text(DECODE_ERROR)


def test_a_paused_classifier_keeps_its_work_until_resumed(page, fast_library, fixture_photos):
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()
    page.goto("/processing")
    colours = page.get_by_role("listitem", name="Analysis: Colours")
    colours.get_by_role("button", name="Pause Analysis: Colours").click()
    expect(colours.get_by_text("Paused", exact=True)).to_be_visible()
    expect(colours).to_contain_text("New photos wait for this analysis until it is resumed.")
    fast_library.refresh_from_db()
    assert fast_library.classification_color_enabled is False

    # A photo imported meanwhile is not analysed for colours...
    [snow] = import_photos(fast_library, [fixture_photos / "snow.jpg"])
    assert wait_for_pipeline([snow.pk], steps=[COLOR])[(snow.pk, COLOR)].status == "skipped"
    expect(colours).to_contain_text("1 skipped")
    expect(page.get_by_text("Every photo is processed.")).to_be_visible()  # a paused step is no work left

    # ...until the classifier is resumed: then it is.
    colours.get_by_role("button", name="Resume Analysis: Colours").click()
    expect(colours.get_by_text("Paused", exact=True)).to_have_count(0)
    wait_until(
        lambda: PipelineStep.objects.filter(photo=snow, step=COLOR, status="done").exists(),
        timeout=60,
        message="the resumed colour analysis of snow.jpg",
    )
    expect(colours).to_contain_text("1 done")
    assert snow.photo_tags.filter(tag__type="C").exists()


def test_the_header_indicator_shows_while_work_remains_and_leads_to_processing(page, fast_library):
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()
    indicator = page.get_by_role("link", name=re.compile(r"^Processing: \d+ left$"))
    expect(indicator).to_have_count(0)

    # A photo whose pipeline was never sent (as after a broker that lost its queue): all its steps wait.
    photo = Photo.objects.create(library=fast_library)
    expect(indicator).to_have_accessible_name("Processing: 1 left", timeout=30_000)  # polled while idle too
    indicator.click()
    expect(page).to_have_url(re.compile(r"/processing$"))
    expect(page.get_by_text(re.compile(r"^1 photo still to process"))).to_be_visible()
    expect(page.get_by_role("listitem", name="Thumbnails").get_by_text("Waiting", exact=True)).to_be_visible()

    # Its pipeline runs (it has no file: its first step fails and the rest is blocked): nothing is left.
    dispatch([photo.pk])
    expect(indicator).to_have_count(0, timeout=30_000)
    expect(page.get_by_text("Every photo is processed.")).to_be_visible()
