"""Keep responses that show personal data out of every cache: ``Cache-Control: private, no-store``.

One rule, applied by ``PrivateResponseMiddleware`` on the way out, so no page can forget it:

- every response to a signed-in person (their name is in the menu of every page, and most pages
  they open are about them or their organisation);
- every response to a request that carries credentials (``Authorization``: API tokens);
- every response to a visitor whose session holds data (half-way through signing in or signing up,
  where the page names the email address);
- every response of a view marked personal, for the few pages an anonymous visitor opens that
  still show personal data or sit behind a secret address (invitation links, check-in links,
  diploma verification): ``@personal`` on a view, ``mark_personal(request)`` inside an API
  operation.

Anything else (public pages seen by anonymous visitors) keeps whatever caching its view chose.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase

PRIVATE = "private, no-store"
_MARK = "_jamlik_personal_data"

View = TypeVar("View", bound=Callable[..., Any])


def mark_personal(request: HttpRequest) -> None:
    """This request's response shows personal data, whoever asks for it."""
    setattr(request, _MARK, True)


def personal(view: View) -> View:
    """Mark a view whose response is personal even for an anonymous visitor."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        mark_personal(request)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def is_personal(request: HttpRequest) -> bool:
    if getattr(request, _MARK, False) or "Authorization" in request.headers:
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return session is not None and not session.is_empty() and bool(session.keys())


def make_private(response: HttpResponseBase) -> None:
    """No browser or proxy may store the response; an earlier, weaker setting is replaced."""
    response["Cache-Control"] = PRIVATE
    if "Expires" in response:
        del response["Expires"]


class PrivateResponseMiddleware:
    """Sits just inside WhiteNoise, so it has the last word on every response of a view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_personal(request):
            make_private(response)
        return response
