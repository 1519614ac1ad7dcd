"""The installation's own name, logo and accent colour, set in the environment without code
(README, "Settings"; docs/design.md, "An installation's own look"):

- ``JAMLIK_SITE_NAME``: the name in the header, page titles and footer (default "Jämlik");
- ``JAMLIK_SITE_LOGO``: a PNG, JPEG or SVG file on the server, shown beside the name;
- ``JAMLIK_SITE_ACCENT``: a ``#rrggbb`` colour for the header, links and primary buttons. White
  text must reach 4.5:1 on it (and it on white): a lighter colour is darkened until it does,
  and the check ``jamlik.W001`` says so, naming the colour used.

Read once per process from settings, so a page costs no query for them.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from jamlik.lib.colours import HEX, contrast, darken, readable_on_white

DEFAULT_NAME = "Jämlik"
DEFAULT_ACCENT = "#1d4f91"
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class SiteProfile:
    name: str
    accent: str  # the colour used: the one asked for, or a darker shade of it
    accent_asked: str
    logo_path: Path | None

    @property
    def accent_dark(self) -> str:
        return darken(self.accent, 0.72)

    @property
    def accent_adjusted(self) -> bool:
        return self.accent != self.accent_asked

    @property
    def has_own_accent(self) -> bool:
        return self.accent != DEFAULT_ACCENT

    @property
    def logo_type(self) -> str:
        if self.logo_path is None:
            return ""
        return LOGO_TYPES.get(self.logo_path.suffix.lower()) or mimetypes.guess_type(self.logo_path.name)[0] or ""

    @property
    def logo(self) -> bool:
        return self.logo_path is not None


def profile_from(name: str, accent: str, logo: str) -> SiteProfile:
    asked = (accent or DEFAULT_ACCENT).strip().lower()
    if not HEX.match(asked):
        asked = DEFAULT_ACCENT
    used = readable_on_white(asked)
    logo_path = Path(logo) if logo else None
    if logo_path is not None and (logo_path.suffix.lower() not in LOGO_TYPES or not logo_path.is_file()):
        logo_path = None
    return SiteProfile(name=(name or DEFAULT_NAME).strip(), accent=used, accent_asked=asked, logo_path=logo_path)


@cache
def site_profile() -> SiteProfile:
    return profile_from(
        getattr(settings, "JAMLIK_SITE_NAME", DEFAULT_NAME),
        getattr(settings, "JAMLIK_SITE_ACCENT", DEFAULT_ACCENT),
        getattr(settings, "JAMLIK_SITE_LOGO", ""),
    )


def accent_contrast(profile: SiteProfile) -> float:
    return contrast(profile.accent, "#ffffff")
