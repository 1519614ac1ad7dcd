"""The header and the shared components in a real browser: one row at 1,280 px, a menu button
on a phone (a disclosure), the confirmation dialog, focus on the error summary, the footer at the
bottom of a short page (docs/design.md)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jamlik.people.models import Organisation, User
from tests.browser.pages import PAGES, Visit

pytestmark = pytest.mark.browser


def header_rows(page: Page) -> int:
    """How many distinct rows the header's items sit on (their tops, rounded)."""
    tops = page.evaluate(
        """() => {
            const items = [document.querySelector('.brand'), ...document.querySelectorAll('.nav > li'),
                           ...document.querySelectorAll('.header-tools > *')];
            return items.filter(el => el.offsetParent).map(el => {
                const box = el.getBoundingClientRect(); return Math.round(box.top + box.height / 2); });
        }"""
    )
    rows: list[int] = []
    for top in sorted(tops):
        if not rows or top - rows[-1] > 12:
            rows.append(top)
    return len(rows)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_header_fits_one_row_at_1280_pixels_for_a_programme_manager(
    page: Page,
    server_url: str,
    programme_manager: User,
    sign_in: Callable[[User], None],
    use_language: Callable[[str], None],
    language: str,
) -> None:
    sign_in(programme_manager)
    use_language(language)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server_url + "/program/redigera/")
    assert header_rows(page) == 1
    expect(page.locator(".menu-button")).to_be_hidden()
    # The current section is marked, inside "My work", which shows it is current.
    expect(page.locator('.nav [aria-current="page"]')).to_have_count(1)
    expect(page.locator(".nav-more summary.has-current")).to_have_count(1)
    page.locator(".nav-more summary").click()
    expect(page.locator('.nav-more a[aria-current="page"]')).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".nav-more")).not_to_have_attribute("open", "")


def test_on_a_phone_the_menu_hides_behind_a_button_that_says_whether_it_is_open(
    page: Page, server_url: str, transactional_db: None
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(server_url + "/integritet/")
    button = page.get_by_role("button", name="Meny")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Kurser", exact=True)).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Kurser", exact=True)).to_be_visible()
    page.get_by_role("link", name="Kurser", exact=True).focus()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()


def test_without_javascript_the_phone_menu_is_a_plain_list(
    browser: object, server_url: str, transactional_db: None
) -> None:
    context: BrowserContext = browser.new_context(
        java_script_enabled=False, locale="sv-SE", viewport={"width": 320, "height": 640}
    )  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(server_url + "/integritet/")
        expect(page.locator(".menu-button")).to_be_hidden()
        expect(page.get_by_role("link", name="Kurser", exact=True)).to_be_visible()
        # The confirmation unfolds under its button instead of opening a dialog.
        page.goto(server_url + "/design/")
        page.locator("details[data-confirm] summary").first.click()
        expect(page.locator("details[data-confirm] .confirm-panel button[type=submit]").first).to_be_visible()
    finally:
        context.close()


def test_a_destructive_action_opens_a_dialog_and_cancel_returns_focus(
    page: Page, server_url: str, transactional_db: None
) -> None:
    page.goto(server_url + "/design/")
    summary = page.locator("details[data-confirm] summary").first
    summary.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Ja, ta bort")).to_be_visible()
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_be_hidden()
    expect(summary).to_be_focused()


def test_a_failed_submit_moves_focus_to_the_error_summary(
    page: Page, server_url: str, coordinator_a: User, org_a: Organisation, sign_in: Callable[[User], None]
) -> None:
    sign_in(coordinator_a)
    page.goto(server_url + f"/organisationer/{org_a.slug}/antal-anstallda/")
    page.get_by_label("Antal anställda").fill("")
    page.locator("main form.stacked button[type=submit], main form.stacked input[type=submit]").first.click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fel:")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Antal anställda")).to_be_focused()


def test_the_footer_stays_at_the_bottom_of_a_short_page(page: Page, server_url: str, transactional_db: None) -> None:
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(server_url + "/konto/login/")
    bottom = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert bottom == pytest.approx(1400, abs=1)


def test_the_standings_show_the_share_column_whole_at_320_pixels(visit: Visit, page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    visit(next(c for c in PAGES if c.name == "campaign"), "sv")
    rights = page.eval_on_selector_all(
        ".standings .share-value", "els => els.map(el => el.getBoundingClientRect().right)"
    )
    # Inside the table's scrolling region, whole, without scrolling it.
    edge = page.eval_on_selector(".standings", "t => t.closest('.table-wrap').getBoundingClientRect().right")
    assert rights and max(rights) <= edge, (rights, edge)


def test_statistics_chart_text_is_at_least_12_pixels_at_320(visit: Visit, page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    visit(next(c for c in PAGES if c.name == "statistics-organisation"), "sv")
    sizes = page.eval_on_selector_all(
        ".statistics-bars .bar-label, .statistics-bars .bar-group, .statistics-bars figcaption",
        "els => els.map(el => parseFloat(getComputedStyle(el).fontSize))",
    )
    assert sizes and min(sizes) >= 12, sizes


def test_the_diploma_page_is_a_designed_certificate_not_plain_text(visit: Visit) -> None:
    # The HTML diploma had no style of its own (issue #19): a name in body text, facts as a bare list.
    page = visit(next(check for check in PAGES if check.name == "diploma"), "sv")
    style = page.evaluate(
        """() => {
            const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]);
            const card = document.querySelector('.diploma');
            const name = document.querySelector('.diploma-name');
            return {border: px(card, 'borderTopWidth'), align: getComputedStyle(card).textAlign,
                    name: px(name, 'fontSize'), body: px(document.body, 'fontSize'),
                    facts: getComputedStyle(document.querySelector('.diploma-facts')).display};
        }"""
    )
    assert style["border"] >= 2 and style["align"] == "center"
    assert style["name"] >= 1.8 * style["body"]
    assert style["facts"] == "grid"
