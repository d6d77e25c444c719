"""Users of Photonix."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from photonix.common.models import UUIDModel


class User(UUIDModel, AbstractUser):
    """A person who logs in. The flags drive the onboarding steps of the UI."""

    has_set_personal_info = models.BooleanField(default=False)
    has_created_library = models.BooleanField(default=False)
    has_configured_importing = models.BooleanField(default=False)
    has_configured_image_analysis = models.BooleanField(default=False)


class AccessToken(UUIDModel):
    """A personal access token, sent as ``Authorization: Bearer phx_...``.

    Only the sha256 of the secret is stored (``digest``); the secret itself is shown once,
    when the token is made (``photonix.accounts.tokens.issue_token``). ``prefix`` is the
    start of the secret, to tell tokens apart in a list. A ``read_only`` token cannot change
    anything; one with a ``library`` sees only that library.
    """

    user = models.ForeignKey("accounts.User", related_name="access_tokens", on_delete=models.CASCADE)
    name = models.CharField(max_length=128)
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(default=False)
    library = models.ForeignKey(
        "photos.Library", related_name="access_tokens", null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}...)"
