"""Admin pages to look at libraries, photos, tags and the work done on each photo."""

from django import forms
from django.contrib import admin

from photonix.classifiers.registry import classifiers
from photonix.photos import models
from photonix.photos.libraries import FolderRefused, validate_library_folder


class LibraryPathForm(forms.ModelForm):
    """A library folder must pass ``validate_library_folder`` (exists, readable, apart from DATA_DIR)."""

    class Meta:
        model = models.LibraryPath
        fields = "__all__"

    def clean_path(self):
        try:
            return str(validate_library_folder(self.cleaned_data["path"]))
        except FolderRefused as exc:
            raise forms.ValidationError(str(exc)) from exc


class LibraryPathInline(admin.TabularInline):
    model = models.LibraryPath
    form = LibraryPathForm
    extra = 0


class LibraryUserInline(admin.TabularInline):
    model = models.LibraryUser
    extra = 0


@admin.register(models.Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    inlines = [LibraryPathInline, LibraryUserInline]

    def get_fieldsets(self, request, obj=None):
        """The name, then one switch per classifier of the registry."""
        switches = [c.library_flag for c in classifiers().values()]
        return [(None, {"fields": ["name"]}), ("Image analysis", {"fields": switches})]


@admin.register(models.Camera)
class CameraAdmin(admin.ModelAdmin):
    list_display = ["make", "model", "library", "earliest_photo", "latest_photo"]


@admin.register(models.Lens)
class LensAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "earliest_photo", "latest_photo"]


class PhotoFileInline(admin.TabularInline):
    model = models.PhotoFile
    extra = 0


class PhotoTagInline(admin.TabularInline):
    model = models.PhotoTag
    extra = 0
    raw_id_fields = ["tag"]


class PipelineStepInline(admin.TabularInline):
    model = models.PipelineStep
    extra = 0
    readonly_fields = ["step", "version", "status", "attempts", "error", "started_at", "finished_at"]


@admin.register(models.Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "library", "taken_at", "camera"]
    list_filter = ["library"]
    inlines = [PhotoFileInline, PhotoTagInline, PipelineStepInline]


@admin.register(models.Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "source", "parent", "library"]
    list_filter = ["type", "source", "library"]
    search_fields = ["name"]


@admin.register(models.PipelineStep)
class PipelineStepAdmin(admin.ModelAdmin):
    list_display = ["photo", "step", "version", "status", "attempts", "finished_at"]
    list_filter = ["step", "status"]
    search_fields = ["error"]


@admin.register(models.RejectedFile)
class RejectedFileAdmin(admin.ModelAdmin):
    list_display = ["path", "reason", "library", "file_modified_at"]
    list_filter = ["library"]
    search_fields = ["path", "reason"]
