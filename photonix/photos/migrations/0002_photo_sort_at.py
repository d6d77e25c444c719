"""Photo.sort_at: the stored, indexed, non-null key of keyset paging (newest first, ties by id).

Existing photos get their taken_at, else their newest file's modification time, else their
creation time; from then on ``Photo.save()`` keeps it in step.
"""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


def fill_sort_at(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    PhotoFile = apps.get_model("photos", "PhotoFile")
    newest_file = PhotoFile.objects.filter(photo=OuterRef("pk")).order_by("-file_modified_at")
    Photo.objects.update(
        sort_at=Coalesce(F("taken_at"), Subquery(newest_file.values("file_modified_at")[:1]), F("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [("photos", "0001_initial")]

    operations = [
        migrations.AddField(model_name="photo", name="sort_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(fill_sort_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="photo", name="sort_at", field=models.DateTimeField(default=timezone.now)
        ),
        migrations.AddIndex(
            model_name="photo",
            index=models.Index(fields=["library", "deleted", "-sort_at", "-id"], name="photo_page"),
        ),
    ]
