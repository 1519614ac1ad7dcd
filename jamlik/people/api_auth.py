"""API authentication: personal tokens as ``Authorization: Bearer …`` or the browser session."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from jamlik.people.models import ApiToken, User, hash_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > datetime.timedelta(minutes=5):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class Session(SessionAuth):
    """Same-site calls from the signed-in browser; CSRF is always checked for unsafe methods.

    Only a request that is signed in by its session is one: a request that sends a token is
    decided by the token alone (an invalid one is a 401, never a session call), and a request
    with neither is a 401 with ``WWW-Authenticate``, not a CSRF failure. A session request
    whose unsafe method lacks the CSRF token is a 403 problem saying so.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if check_csrf(request) is not None:  # None for safe methods and a good token
            raise PermissionDenied(
                _("The CSRF check failed: a request signed in by the browser session must send the CSRF token.")
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_authenticated else None


AUTHENTICATED = [BearerToken(), Session()]


def api_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise TypeError("api_user() needs an authenticated operation")
    return user
