"""The strategy pages at 320 px (WCAG 1.4.10 Reflow). The axe checks in both languages run in
tests/browser/test_accessibility.py over ``browser_pages.PAGES``; its own reflow list names only
the older pages, so the strategy pages have theirs here, with the same fixtures."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import (  # noqa: F401 (fixtures used by name)
    _cookies_over_plain_http,
    browser_context_args,
    browser_type_launch_args,
    cast,
    context,
    server_url,
    sign_in,
    use_language,
    visit,
)
from tests.browser.pages import Visit
from tests.strategies.browser_pages import NARROW, PAGES

pytestmark = pytest.mark.browser


def test_the_strategy_pages_work_on_a_320_pixel_wide_screen(visit: Visit, page: Page) -> None:  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    failures = []
    for check in PAGES:
        if check.name not in NARROW:
            continue
        visit(check, "sv")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            failures.append(f"{page.url} is {width} px wide")
        results = Axe().run(page)
        if results.violations_count:
            failures.append(f"{page.url}:\n{results.generate_report()}")
    assert not failures, "At 320 px: " + "\n".join(failures)
