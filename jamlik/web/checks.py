"""System checks of the installation's look (``jamlik check``, run by ``migrate`` and ``runserver``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register

from jamlik.web.branding import site_profile


@register()
def accent_keeps_contrast(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    profile = site_profile()
    if not profile.accent_adjusted:
        return []
    return [
        Warning(
            f"JAMLIK_SITE_ACCENT {profile.accent_asked} is too light for white text (WCAG 2.1 needs 4.5:1); "
            f"the darker {profile.accent} is used instead.",
            hint=f"Set JAMLIK_SITE_ACCENT={profile.accent} (or a darker colour) to silence this.",
            id="jamlik.W001",
        )
    ]
