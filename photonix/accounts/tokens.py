"""Personal access tokens: making them (the secret is returned once) and finding the one a
request carries. Only a sha256 digest of each secret is stored."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from photonix.accounts.models import AccessToken

TOKEN_PREFIX = "phx_"
LAST_USED_PRECISION = timedelta(minutes=1)  # not a database write on every request


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user, name, read_only=False, library=None, expires_at=None):
    """A new token of ``user``: ``(AccessToken, secret)``. The secret is not stored anywhere."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=digest(secret),
        read_only=read_only,
        library=library,
        expires_at=expires_at,
    )
    return token, secret


def find_token(secret):
    """The live token (of an active user) whose secret this is, its use recorded (to the
    minute); else None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = AccessToken.objects.select_related("user").filter(digest=digest(secret)).first()
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
