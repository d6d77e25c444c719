"""Who is calling the API: a personal access token (tried first) or a logged-in session.

Both authenticators set ``request.auth`` to a ``Caller``. A token client is never asked for
CSRF; a session request that changes state must send Django's CSRF token in the
``X-CSRFToken`` header (403 otherwise). A read-only token gets 403 on any change, whatever
the route. Which libraries a caller may see is decided in ``photonix.photos.access``.
"""

from dataclasses import dataclass

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from photonix.accounts.models import AccessToken, User
from photonix.accounts.tokens import find_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


@dataclass(frozen=True)
class Caller:
    """The user behind a request, and the token it came with (None for a session)."""

    user: User
    token: AccessToken | None = None

    @property
    def read_only(self):
        return self.token is not None and self.token.read_only

    @property
    def library_scope(self):
        """The one library id a scoped token may see, else None."""
        return self.token.library_id if self.token is not None else None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer phx_...``."""

    def authenticate(self, request, token):
        access_token = find_token(token)
        if access_token is None:
            return None
        if access_token.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token is read-only.")
        return Caller(access_token.user, access_token)


class SessionAuth(APIKeyCookie):
    """Django's session cookie; CSRF is checked for logged-in requests that change state.

    Unlike ninja's own ``SessionAuth``, an anonymous request is a 401, not a CSRF failure.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.")
        return Caller(request.user)


API_AUTH = [TokenAuth(), SessionAuth()]
