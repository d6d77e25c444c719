"""The photo library: libraries and their folders, photos and their files, tags, and
the per-photo, per-step ledger of background work (``PipelineStep``).

There is no job-queue table: Celery on Redis moves the work, and ``PipelineStep``
records what was done, at which version, so that progress, failures and
reconciliation all come from the database.
"""

from datetime import timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from photonix.common.models import UUIDModel, VersionedModel


class Library(UUIDModel, VersionedModel):
    """A collection of photos shared by its users, with its own classifier switches."""

    name = models.CharField(max_length=128)
    classification_color_enabled = models.BooleanField(default=True)
    classification_event_enabled = models.BooleanField(default=True)
    classification_location_enabled = models.BooleanField(default=True)
    classification_style_enabled = models.BooleanField(default=True)
    classification_object_enabled = models.BooleanField(default=True)
    classification_face_enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "libraries"

    def __str__(self):
        return self.name


class LibraryPath(UUIDModel, VersionedModel):
    """A folder that belongs to a library."""

    class Type(models.TextChoices):
        STORE = "St", "Store"
        IMPORT = "Im", "Import only"
        THUMBNAILS = "Th", "Thumbnails"

    class Backend(models.TextChoices):
        LOCAL = "Lo", "Local filesystem"

    library = models.ForeignKey(Library, related_name="paths", on_delete=models.CASCADE)
    type = models.CharField(max_length=2, choices=Type.choices, default=Type.STORE)
    backend_type = models.CharField(max_length=2, choices=Backend.choices, default=Backend.LOCAL)
    path = models.CharField(max_length=512)
    url = models.CharField(max_length=128, blank=True, null=True)
    watch_for_changes = models.BooleanField(default=True)

    def __str__(self):
        return self.path


class LibraryUser(UUIDModel, VersionedModel):
    """Membership of a user in a library; owners may change its settings."""

    library = models.ForeignKey(Library, related_name="users", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="libraries", on_delete=models.CASCADE)
    owner = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["library", "user"], name="unique_library_user")]


class Camera(UUIDModel, VersionedModel):
    library = models.ForeignKey(Library, related_name="cameras", on_delete=models.CASCADE)
    make = models.CharField(max_length=128)
    model = models.CharField(max_length=128)
    earliest_photo = models.DateTimeField(null=True, blank=True)
    latest_photo = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["make", "model"]
        constraints = [models.UniqueConstraint(fields=["library", "make", "model"], name="unique_camera")]

    def __str__(self):
        return f"{self.make} {self.model}"


class Lens(UUIDModel, VersionedModel):
    library = models.ForeignKey(Library, related_name="lenses", on_delete=models.CASCADE)
    name = models.CharField(max_length=128)
    earliest_photo = models.DateTimeField(null=True, blank=True)
    latest_photo = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "lenses"
        constraints = [models.UniqueConstraint(fields=["library", "name"], name="unique_lens")]

    def __str__(self):
        return self.name


class PhotoQuerySet(models.QuerySet):
    def with_files(self):
        """Prefetch every photo's files (newest first) in one query, so that ``base_file`` costs none."""
        return self.prefetch_related(Prefetch("files", queryset=PhotoFile.objects.order_by("-file_modified_at", "-pk")))


class Photo(UUIDModel, VersionedModel):
    """One logical photo, which may have several files (a RAW and its JPEG, say).

    ``sort_at`` is the photo's place in every list (newest first, ties broken by id): its
    ``taken_at``, else its newest file's modification time, else its creation time. ``save()``
    keeps it in step with ``taken_at`` (a queryset ``update()`` of ``taken_at`` must set it too).
    ``taken_at_offset`` is the UTC offset, in minutes, of the clock that wrote ``taken_at`` (from the
    file's EXIF offset or the zone of its date; 0 when it names none, and the date as written then counts):
    ``local_taken_at`` is the time where the photo was taken, whose date the holidays are read from.
    It is None only for photos imported before it was kept: their next classifier step reads it from the file.
    The index ``photo_page`` serves the keyset pages of ``photonix.photos.paging``.
    """

    library = models.ForeignKey(Library, related_name="photos", on_delete=models.CASCADE)
    taken_at = models.DateTimeField(null=True, blank=True, db_index=True)
    taken_at_offset = models.SmallIntegerField(null=True, blank=True)
    taken_by = models.CharField(max_length=128, blank=True, null=True)
    aperture = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    exposure = models.CharField(max_length=16, blank=True, null=True)
    iso_speed = models.PositiveIntegerField(null=True, blank=True)
    focal_length = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    flash = models.BooleanField(null=True, blank=True)
    metering_mode = models.CharField(max_length=64, blank=True, null=True)
    drive_mode = models.CharField(max_length=64, blank=True, null=True)
    shooting_mode = models.CharField(max_length=64, blank=True, null=True)
    camera = models.ForeignKey(Camera, related_name="photos", null=True, blank=True, on_delete=models.SET_NULL)
    lens = models.ForeignKey(Lens, related_name="photos", null=True, blank=True, on_delete=models.SET_NULL)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    altitude = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    star_rating = models.PositiveIntegerField(null=True, blank=True)
    preferred_photo_file = models.ForeignKey(
        "PhotoFile", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    deleted = models.BooleanField(default=False)
    sort_at = models.DateTimeField(default=timezone.now)  # for bulk_create; save() sets it

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["library", "deleted", "-sort_at", "-id"], name="photo_page")]

    def __str__(self):
        return str(self.base_file or self.id)

    def save(self, *args, **kwargs):
        self.sort_at = self.taken_at or self._newest_file_time() or self.created_at or timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "taken_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_at"}
        super().save(*args, **kwargs)

    def _newest_file_time(self):
        if self._state.adding:
            return None
        return self.files.order_by("-file_modified_at").values_list("file_modified_at", flat=True).first()

    @property
    def local_taken_at(self):
        """``taken_at`` in the photo's own UTC offset (UTC when it is not known), or None."""
        if self.taken_at is None:
            return None
        return self.taken_at.astimezone(dt_timezone(timedelta(minutes=self.taken_at_offset or 0)))

    @property
    def base_file(self):
        """The file shown for this photo: the user's choice, else the newest file (None without files).

        Costs no query when the files were prefetched (``Photo.objects.with_files()``): lists use that
        rather than a stored "base file" column, which every file change would have to keep in step.
        """
        files = getattr(self, "_prefetched_objects_cache", {}).get("files")
        if files is None:
            if self.preferred_photo_file_id:
                return self.preferred_photo_file
            return self.files.order_by("-file_modified_at", "-pk").first()
        newest = max(files, key=lambda f: (f.file_modified_at, f.pk), default=None)
        return next((f for f in files if f.pk == self.preferred_photo_file_id), newest)


class PhotoFile(UUIDModel, VersionedModel):
    """One file on disk that belongs to a photo."""

    photo = models.ForeignKey(Photo, related_name="files", on_delete=models.CASCADE)
    path = models.CharField(max_length=1024, unique=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    mimetype = models.CharField(max_length=64, blank=True, null=True)
    file_modified_at = models.DateTimeField()
    bytes = models.PositiveBigIntegerField()
    raw_processed = models.BooleanField(default=False)
    raw_version = models.PositiveIntegerField(null=True, blank=True)
    raw_external_params = models.CharField(max_length=64, blank=True, null=True)
    raw_external_version = models.CharField(max_length=32, blank=True, null=True)
    exif_rotation = models.PositiveSmallIntegerField(default=0)
    user_rotation = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return self.path


class RejectedFile(UUIDModel, VersionedModel):
    """A file in a library folder that can never be imported, with the reason.

    Rescans skip it while its modification time and size stay the same.
    """

    library = models.ForeignKey(Library, related_name="rejected_files", on_delete=models.CASCADE)
    path = models.CharField(max_length=1024, unique=True)
    file_modified_at = models.DateTimeField()
    bytes = models.PositiveBigIntegerField()
    reason = models.TextField()

    def __str__(self):
        return f"{self.path}: {self.reason}"


class Tag(UUIDModel, VersionedModel):
    """A label within a library: a colour, place, person, object, style, event, album..."""

    class Type(models.TextChoices):
        ALBUM = "A", "Album"
        COLOR = "C", "Color"
        EVENT = "E", "Event"
        FACE = "F", "Face"
        GENERIC = "G", "Generic"
        LOCATION = "L", "Location"
        OBJECT = "O", "Object"
        STYLE = "S", "Style"

    class Source(models.TextChoices):
        COMPUTER = "C", "Computer"
        HUMAN = "H", "Human"

    library = models.ForeignKey(Library, related_name="tags", on_delete=models.CASCADE)
    name = models.CharField(max_length=128)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE)
    type = models.CharField(max_length=1, choices=Type.choices, db_index=True)
    source = models.CharField(max_length=1, choices=Source.choices, db_index=True)
    ordering = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["ordering", "name"]
        constraints = [models.UniqueConstraint(fields=["library", "name", "type", "source"], name="unique_tag")]

    def __str__(self):
        return f"{self.name} ({self.get_type_display()})"


class PhotoTag(UUIDModel, VersionedModel):
    """A tag on a photo, with the classifier's confidence and, for faces and objects, a box.

    Box coordinates are normalised to 0-1 in the photo's display orientation;
    ``position_x``/``position_y`` are the box centre.
    """

    photo = models.ForeignKey(Photo, related_name="photo_tags", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, related_name="photo_tags", on_delete=models.CASCADE)
    source = models.CharField(max_length=1, choices=Tag.Source.choices)
    model_version = models.PositiveIntegerField(default=0)
    confidence = models.FloatField(default=1.0)
    significance = models.FloatField(null=True, blank=True)
    verified = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    position_x = models.FloatField(null=True, blank=True)
    position_y = models.FloatField(null=True, blank=True)
    size_x = models.FloatField(null=True, blank=True)
    size_y = models.FloatField(null=True, blank=True)
    extra_data = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-significance"]
        # Facets count a library's photo tags per tag by scanning this index alone.
        indexes = [models.Index(fields=["tag", "deleted"], name="phototag_tag_deleted")]


class PipelineStepQuerySet(models.QuerySet):
    """The ledger's questions, asked the same way by ``run_step``, reconciliation, ``pipeline_status``
    and the API. ``versions`` maps each step to its current version (``steps.step_versions()``).

    A row counts as finished only at (or above) its step's current version: raising a step's
    version makes every older row stale, so reconciliation runs it again.
    """

    @staticmethod
    def _current(versions):
        current = Q(pk__in=[])
        for step, version in versions.items():
            current |= Q(step=step, version__gte=version)
        return current

    def at_current_version(self, versions):
        """Rows of the steps in ``versions`` at the step's current version or above."""
        return self.filter(self._current(versions))

    def finished(self, versions):
        """Rows done, skipped or failed at their step's current version: nothing left to do."""
        return self.filter(self._current(versions), status__in=PipelineStep.FINISHED)

    def unfinished(self, versions):
        """Every other row: pending, running, or finished at an older version."""
        return self.exclude(self._current(versions), status__in=PipelineStep.FINISHED)

    def failed(self, versions):
        """Rows failed at their step's current version (bad input: not retried until asked)."""
        return self.at_current_version(versions).filter(status=PipelineStep.Status.FAILED)

    def of_library(self, library):
        return self.filter(photo__library=library)


class PipelineStep(models.Model):
    """What one step of the pipeline did for one photo, at which version.

    Written by the tasks (and the ``task_failure`` signal), never polled as a queue.
    Steps are ``raw``, ``thumbnails`` and ``classify.<name>``.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        SKIPPED = "skipped"
        FAILED = "failed"

    FINISHED = (Status.DONE, Status.SKIPPED, Status.FAILED)

    photo = models.ForeignKey(Photo, related_name="steps", on_delete=models.CASCADE)
    step = models.CharField(max_length=32)
    version = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PipelineStepQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["photo", "step"], name="unique_photo_step")]
        indexes = [
            models.Index(fields=["step", "status"]),
            # Progress counts read this index alone (photonix.photos.progress).
            models.Index(fields=["step", "status", "version", "finished_at"], name="ledger_progress"),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.step} v{self.version} {self.status}"
