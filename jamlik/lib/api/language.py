"""The API's language: only what the client asks for with ``Accept-Language``, else the site's.

A page follows the language cookie and the signed-in person's saved choice; an API client says
what it wants in each request, and two requests alike must get the same answer whoever's cookie
travels with them. Problem titles, details and field messages follow this language; every
answer under ``/api/`` names it in ``Content-Language`` and varies on ``Accept-Language``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


def api_language(request: HttpRequest) -> str:
    """The first language of ``Accept-Language`` we speak (``sv``, ``en``), else ``LANGUAGE_CODE``."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


def mark_language(response: HttpResponse, language: str) -> None:
    """Name the answer's language, unless it already names its own (a replayed answer does)."""
    response.setdefault("Content-Language", language)
    patch_vary_headers(response, ("Accept-Language",))
