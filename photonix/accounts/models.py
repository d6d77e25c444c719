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
