"""Account routes: login and logout, the caller, password change, personal access tokens
and first-run setup. Mounted at /api/v1/ by ``photonix.web.api``."""

from uuid import UUID

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError
from ninja.responses import Status

from photonix.accounts import login_limits
from photonix.accounts.schemas import (
    Detail,
    FieldProblem,
    LoginIn,
    MeOut,
    NewTokenOut,
    PasswordIn,
    SetupIn,
    SetupNeeded,
    TokenIn,
    TokenOut,
)
from photonix.accounts.setup import SetupDone, run_setup, setup_needed
from photonix.accounts.tokens import issue_token
from photonix.classifiers.registry import classifiers
from photonix.photos.access import caller, library_for
from photonix.photos.api.libraries import library_out
from photonix.photos.api.schemas import LibraryOut
from photonix.photos.libraries import FolderRefused, UnknownClassifier

router = Router(tags=["accounts"])


def refuse_invalid(exc: ValidationError):
    """A Django validation error (password validators, user name) as a 422."""
    raise HttpError(422, " ".join(exc.messages)) from exc


def start_session(request, user):
    """Log ``user`` in and make sure the response carries the CSRF cookie."""
    login(request, user)
    get_token(request)


def me_out(user):
    return {"id": user.pk, "username": user.get_username(), "email": user.email, "is_superuser": user.is_superuser}


@router.post("/auth/login", auth=None, response={200: MeOut, 401: Detail, 429: Detail})
def log_in(request, body: LoginIn):
    """Start a session: sets the session cookie and the ``csrftoken`` cookie.

    Failed logins are limited per user name and per address (429 with Retry-After).
    """
    login_limits.refuse_if_locked(request, body.username)
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        return Status(401, {"detail": "Wrong user name or password."})
    start_session(request, user)
    return me_out(user)


@router.post("/auth/logout", response={204: None})
def log_out(request):
    """End the session (nothing to end for a token)."""
    logout(request)
    return Status(204, None)


@router.get("/me", response=MeOut)
def me(request):
    """The caller; for a session it also (re)sets the ``csrftoken`` cookie."""
    get_token(request)
    return me_out(caller(request).user)


@router.post("/me/password", response={204: None, 400: Detail})
def change_password(request, body: PasswordIn):
    """Change the caller's password (the old one is required); the session stays logged in."""
    user = caller(request).user
    if not user.check_password(body.old_password):
        return Status(400, {"detail": "The old password is wrong."})
    try:
        validate_password(body.new_password, user)
    except ValidationError as exc:
        refuse_invalid(exc)
    user.set_password(body.new_password)
    user.save(update_fields=["password"])
    if caller(request).token is None:
        update_session_auth_hash(request, user)
    return Status(204, None)


def token_out(token):
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "read_only": token.read_only,
        "library_id": token.library_id,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
    }


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    """The caller's tokens (never their secrets)."""
    return [token_out(t) for t in caller(request).user.access_tokens.all()]


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request, body: TokenIn):
    """A new token; the response holds its secret, which is not shown again.

    A token may only make tokens no stronger than itself: read-only stays read-only,
    scoped stays in its library.
    """
    who = caller(request)
    if who.library_scope is not None and body.library_id != who.library_scope:
        raise HttpError(403, "A library token can only make tokens for its library.")
    library = library_for(request, body.library_id) if body.library_id else None
    token, secret = issue_token(who.user, body.name, body.read_only, library, body.expires_at)
    return Status(201, {**token_out(token), "token": secret})


@router.delete("/tokens/{token_id}", response={204: None})
def delete_token(request, token_id: UUID):
    """Revoke one of the caller's tokens."""
    get_object_or_404(caller(request).user.access_tokens, pk=token_id).delete()
    return Status(204, None)


@router.get("/setup", auth=None, response=SetupNeeded)
def get_setup(request):
    """Whether this instance still needs its first user (no user exists), and the classifiers to offer."""
    return {"needed": setup_needed(), "classifiers": list(classifiers())}


@router.post("/setup", auth=None, response={201: LibraryOut, 409: Detail, 422: FieldProblem})
def post_setup(request, body: SetupIn):
    """Create the first administrator and library, log in and start the import; 409 afterwards.

    Refused input is a 422 naming the field: ``username``, ``password``, ``path`` or ``classifiers``.
    """
    try:
        user, library = run_setup(
            body.username, body.password, body.library_name, body.path, body.watch, body.classifiers
        )
    except SetupDone:
        return Status(409, {"detail": "Photonix is set up already: log in instead."})
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        return Status(422, {"detail": " ".join(messages), "field": field})
    except FolderRefused as exc:
        return Status(422, {"detail": str(exc), "field": "path"})
    except UnknownClassifier as exc:
        return Status(422, {"detail": str(exc), "field": "classifiers"})
    start_session(request, user)
    return Status(201, library_out(library.users.select_related("library").get(user=user)))
