"""What each classifier's declarations do, checked by what happens to a photo (every classifier of the registry).

``library_flag`` switches it off per library (the step is recorded as skipped, with the reason, and no tag is
made); ``needs_image`` False means it runs on the date and place alone, without the photo's pixels. (Its
``queue`` is checked by test_routing.py, its ``version`` by reconciliation's tests.)
"""

import pytest

from photonix.classifiers import registry
from photonix.photos.importing import record_photo
from photonix.photos.models import PipelineStep
from photonix.photos.processing import classify_photo
from photonix.photos.steps import classify_step, run_step
from tests.factories import make_jpeg

pytestmark = pytest.mark.django_db


def christmas_in_london(library):
    return record_photo(
        make_jpeg(library.folder / "xmas.jpg", (64, 48), taken_at="2019:12:25 10:00:00", gps=(51.5304, -0.1286)),
        library,
    )


@pytest.mark.parametrize("name", list(registry.classifiers()))
def test_a_classifier_switched_off_for_the_library_is_skipped_and_tags_nothing(library, name):
    classifier = registry.get(name)
    photo = christmas_in_london(library)
    setattr(photo.library, classifier.library_flag, False)
    photo.library.save()

    with run_step(photo.pk, classify_step(name), classifier.version) as found:
        classify_photo(found, classifier)

    row = PipelineStep.objects.get(photo=photo, step=classify_step(name))
    assert (row.status, row.error) == ("skipped", f"the {name} classifier is switched off for this library")
    assert not photo.photo_tags.exists()


def test_the_date_and_place_classifiers_need_no_pixels_the_others_do(library):
    """The file is gone and no preview was ever made: event and location still tag the photo, from its
    recorded date and position; the classifiers that look at the picture cannot run."""
    photo = christmas_in_london(library)
    (library.folder / "xmas.jpg").unlink()

    assert classify_photo(photo, registry.get("event")) == ["Christmas Day"]
    assert classify_photo(photo, registry.get("location")) == ["United Kingdom", "London"]
    for name in ("color", "style"):
        with pytest.raises(FileNotFoundError):
            classify_photo(photo, registry.get(name))
