"""`make screenshots`: the main pages at 1,280 and 320 px, in Swedish and English, as PNG files in
`var/screenshots/` (git-ignored) for a person to look at (docs/design.md, "Looking"). Skipped
unless JAMLIK_SCREENSHOTS=1, so the suite never spends its time here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

from tests.browser.pages import PAGES, Check, Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("JAMLIK_SCREENSHOTS") != "1", reason="make screenshots sets JAMLIK_SCREENSHOTS=1"
    ),
]

MAIN_PAGES = [
    "home",
    "design",
    "sign-in",
    "my-page",
    "org-members",
    "org-headcount-errors",
    "campaign",
    "programme",
    "programme-my-registration",
    "statistics-dashboard",
    "statistics-organisation",
    "statistics-public",
    "knowledge-examples",
    "knowledge-news",
    "diploma",
]
WIDTHS = [1280, 320]
OUT = Path(os.environ.get("JAMLIK_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots")))


@pytest.mark.parametrize("check", [c for c in PAGES if c.name in MAIN_PAGES], ids=lambda check: check.name)
def test_screenshots_of_the_main_pages(visit: Visit, page: Page, check: Check) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in ("sv", "en"):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            visit(check, language)
            page.screenshot(path=str(OUT / f"{check.name}-{language}-{width}.png"), full_page=True)
