"""Every page in ``pages.PAGES``, in Swedish and English, passes axe and has the structure
assistive technology relies on: one h1, a main landmark, a working skip link and the right
``<html lang>``. WCAG 2.1 AA is a legal requirement (lag 2018:1937), so a failure here is a bug.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import PAGES, Check, Visit

pytestmark = pytest.mark.browser

LANGUAGES = ["sv", "en"]
AXE = Axe()


def structure_problems(page: Page, language: str) -> list[str]:
    """What a screen reader or keyboard user would miss on the page, in plain words."""
    problems = []
    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">, expected "{language}"')
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"{h1_count} h1 elements, expected exactly one")
    main_count = page.locator("main, [role=main]").count()
    if main_count != 1:
        problems.append(f"{main_count} main landmarks, expected exactly one")
    problems.extend(skip_link_problems(page))
    return problems


def skip_link_problems(page: Page) -> list[str]:
    """The first Tab reaches a visible skip link, and following it moves focus to the main content."""
    page.locator("body").focus()
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            return {tag: el.tagName, href: el.getAttribute("href") || "", text: el.textContent.trim(),
                    visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0};
        }"""
    )
    if first["tag"] != "A" or not first["href"].startswith("#"):
        return [f"the first Tab stop is {first['tag']} {first['text']!r}, not a skip link"]
    problems = []
    if not first["visible"]:
        problems.append("the skip link stays invisible when it has focus")
    target = first["href"][1:]
    page.keyboard.press("Enter")
    in_target = page.evaluate(
        "(id) => { const t = document.getElementById(id); return !!t && t.contains(document.activeElement); }", target
    )
    if not in_target:
        problems.append(f"following the skip link does not move focus to #{target}")
    return problems


@pytest.mark.parametrize("check", PAGES, ids=lambda check: check.name)
def test_the_page_is_accessible_in_swedish_and_english(visit: Visit, check: Check) -> None:
    failures = []
    for language in LANGUAGES:
        page = visit(check, language)
        problems = structure_problems(page, language)
        results = AXE.run(page)
        if results.violations_count:
            problems.append(results.generate_report())
        if problems:
            failures.append(f"In {language}, {page.url}:\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures)


# The pages with the widest content: tables, long words, forms with errors, notices.
NARROW_PAGES = [
    "home",
    "design",
    "notice-critical",
    "accessibility-statement",
    "api-docs",
    "sign-in",
    "confirm-code",
    "my-page",
    "my-data",
    "diploma",
    "verify-valid",
    "my-data-everything",
    "sessions",
    "org-members",
    "org-units",
    "org-headcount-errors",
    "org-invitations",
    "campaign",
    "programme",
    "programme-my-registration",
    "programme-roster",
    "programme-authoring",
    "programme-authoring-new-session-errors",
    "statistics-dashboard",
    "statistics-organisation",
    "statistics-public",
    "knowledge-examples",
    "knowledge-example",
    "knowledge-new-errors",
    "knowledge-news",
    "networks-home",
    "networks-threads",
    "networks-documents-errors",
]


def test_every_narrow_page_is_registered() -> None:
    assert set(NARROW_PAGES) <= {check.name for check in PAGES}, "NARROW_PAGES names a page not in PAGES"


@pytest.mark.parametrize("check", [c for c in PAGES if c.name in NARROW_PAGES], ids=lambda check: check.name)
def test_the_main_pages_work_on_a_320_pixel_wide_screen(visit: Visit, page: Page, check: Check) -> None:
    """WCAG 1.4.10 Reflow: at 320 CSS pixels (1280 px zoomed to 400 %) nothing scrolls sideways
    except data tables, and those scroll inside a region the keyboard can reach (axe checks that).
    One test per page, so each page's setup has a database of its own."""
    page.set_viewport_size({"width": 320, "height": 640})
    visit(check, "sv")
    failures = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        failures.append(f"{page.url} is {width} px wide")
    results = AXE.run(page)
    if results.violations_count:
        failures.append(f"{page.url}:\n{results.generate_report()}")
    assert not failures, "At 320 px: " + "\n".join(failures)


def test_the_language_switcher_switches_to_english_and_back(page: Page, server_url: str) -> None:
    page.goto(server_url + "/integritet/")
    assert page.locator("html").get_attribute("lang") == "sv"  # the browser asks for Swedish
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url == server_url + "/integritet/"
    expect(page.get_by_role("heading", level=1)).to_have_text("How we handle personal data")
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_function("document.documentElement.lang === 'sv'")
    assert page.url == server_url + "/integritet/"
    expect(page.get_by_role("heading", level=1)).not_to_have_text("How we handle personal data")
