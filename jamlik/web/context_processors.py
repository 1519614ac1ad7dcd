from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from jamlik.web import notices
from jamlik.web.branding import site_profile


def site(request: HttpRequest) -> dict[str, Any]:
    """Active notices for the banner (everyone's, and the visitor's counties'), read lazily so
    pages that never render it pay nothing, and from the process's copy (jamlik/web/notices.py);
    the installation's name, logo and accent (no query)."""
    user = getattr(request, "user", None)
    return {"active_notices": SimpleLazyObject(lambda: notices.shown_to(user)), "site_profile": site_profile()}
