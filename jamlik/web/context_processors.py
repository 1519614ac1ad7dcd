from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jamlik.web.branding import site_profile
from jamlik.web.models import Notice


def site(request: HttpRequest) -> dict[str, Any]:
    """Active notices for the banner (everyone's, and the visitor's counties'), read lazily so
    pages that never render it pay nothing; the installation's name, logo and accent (no query)."""
    return {"active_notices": Notice.objects.shown_to(getattr(request, "user", None)), "site_profile": site_profile()}
