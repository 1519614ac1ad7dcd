"""Pages of Strategies and follow-up that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from tests.browser.check import Check

PAGES: list[Check] = []
