from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from photonix.accounts.models import AccessToken, User

admin.site.register(User, UserAdmin)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked here; they are made through the API (the secret is shown once)."""

    list_display = ["name", "user", "prefix", "read_only", "library", "created_at", "last_used_at", "expires_at"]
    list_filter = ["read_only"]
    readonly_fields = ["user", "name", "prefix", "digest", "library", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
