"""The migration adding Photo.sort_at fills it for photos recorded before it (on the test database)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

TAKEN = datetime(2019, 5, 4, tzinfo=UTC)
MODIFIED = datetime(2021, 1, 1, tzinfo=UTC)


def test_existing_photos_get_taken_at_else_their_newest_file_else_creation_time():
    executor = MigrationExecutor(connection)
    (sort_at_migration,) = [key for key in executor.loader.graph.nodes if key[1].endswith("_photo_sort_at")]
    (before,) = [
        parent for parent in executor.loader.graph.node_map[sort_at_migration].parents if parent.key[0] == "photos"
    ]
    executor.migrate([before.key])
    old = MigrationExecutor(connection).loader.project_state([before.key]).apps
    library = old.get_model("photos", "Library").objects.create(name="Old")
    photo = old.get_model("photos", "Photo")
    photo_file = old.get_model("photos", "PhotoFile")
    dated = photo.objects.create(library=library, taken_at=TAKEN)
    undated = photo.objects.create(library=library)
    for name, modified in (("a.jpg", MODIFIED), ("b.jpg", datetime(2020, 1, 1, tzinfo=UTC))):
        photo_file.objects.create(photo=undated, path=f"/old/{name}", file_modified_at=modified, bytes=1)
    bare = photo.objects.create(library=library)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps.get_model("photos", "Photo")
    sort_at = dict(new.objects.values_list("pk", "sort_at"))
    assert sort_at == {dated.pk: TAKEN, undated.pk: MODIFIED, bare.pk: bare.created_at}
