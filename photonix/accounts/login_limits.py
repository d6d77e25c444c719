"""Limits on failed logins, per user name and per client address (API and admin alike).

Every failed ``authenticate()`` (Django's ``user_login_failed`` signal) counts one failure
for the user name and one for the address (``REMOTE_ADDR``) in Redis, on the broker's
server (``settings.CELERY_BROKER_URL``), so that every web process shares the counts. A
count lives ``LOGIN_FAILURE_WINDOW`` seconds from its first failure. While a name has
``LOGIN_FAILURES_PER_USER`` failures, or an address ``LOGIN_FAILURES_PER_ADDRESS``, login
attempts for it are refused (429) before the password is checked. A successful login
clears its user name's count.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse

from photonix.common.broker import redis_client

KEY = "photonix:login-failures:{kind}:{value}"


def _keys(request, username):
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return {
        KEY.format(kind="user", value=(username or "").lower()): settings.LOGIN_FAILURES_PER_USER,
        KEY.format(kind="address", value=address): settings.LOGIN_FAILURES_PER_ADDRESS,
    }


def locked_for(request, username):
    """Seconds until this user name and address may try again; 0 when they may now."""
    client = redis_client()
    waits = [0]
    for key, limit in _keys(request, username).items():
        count = client.get(key)
        if count is not None and int(count) >= limit:
            waits.append(max(client.ttl(key), 1))
    return max(waits)


class LoginLocked(Exception):
    """Login refused for ``wait`` more seconds (the API answers 429 with Retry-After)."""

    def __init__(self, wait):
        super().__init__(f"Too many failed logins: try again in {wait} seconds.")
        self.wait = wait


def refuse_if_locked(request, username):
    """Raise ``LoginLocked`` while this user name or address may not try."""
    wait = locked_for(request, username)
    if wait:
        raise LoginLocked(wait)


def record_failure(request, username):
    """Count one failed login for the user name and the address."""
    with redis_client().pipeline() as pipe:
        for key in _keys(request, username):
            pipe.incr(key)
            pipe.expire(key, settings.LOGIN_FAILURE_WINDOW, nx=True)
        pipe.execute()


def clear_user(username):
    """Forget the failures of a user name (after it logged in)."""
    redis_client().delete(KEY.format(kind="user", value=(username or "").lower()))


def on_login_failed(sender, credentials, request=None, **kwargs):
    """``user_login_failed`` receiver."""
    record_failure(request, credentials.get("username"))


def on_logged_in(sender, request, user, **kwargs):
    """``user_logged_in`` receiver."""
    clear_user(user.get_username())


def refuse_when_locked(view):
    """Wrap a login view (the admin's): a POST while locked gets 429 with Retry-After."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if request.method == "POST":
                refuse_if_locked(request, request.POST.get("username"))
        except LoginLocked as exc:
            response = HttpResponse(str(exc), status=429, content_type="text/plain")
            response["Retry-After"] = str(exc.wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper
