"""The organisation picker by keyboard in Chromium (issue 19): the ARIA 1.2 combobox pattern over
the plain input, for one organisation (a campaign's invitation) and for several (organisers)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from jamlik.campaigns.models import Participant
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import make_campaign
from tests.factories import OrganisationFactory
from tests.programmes.factories import make_programme

pytestmark = pytest.mark.browser


def _organisations() -> None:
    for name, slug in (
        ("Länsstyrelsen i Dalarnas län", "lansstyrelsen-dalarna"),
        ("Länsstyrelsen i Stockholms län", "lansstyrelsen-stockholm"),
        ("Hedemora kommun", "hedemora"),
    ):
        OrganisationFactory(name=name, slug=slug)


def test_a_programme_manager_invites_an_organisation_by_keyboard(
    page: Page,
    server_url: str,
    programme_manager: User,
    org_a: Organisation,
    sign_in: Callable[[User], None],
    use_language: Callable[[str], None],
) -> None:
    campaign = make_campaign({org_a: 4})
    _organisations()
    sign_in(programme_manager)
    use_language("en")
    page.goto(f"{server_url}/kampanjer/{campaign.slug}/hantera/")
    box = page.get_by_role("combobox", name="Organisation")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.focus()
    page.keyboard.type("länsst")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="2 suggestions")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # wraps to the first again
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")  # and back to the last
    expect(listbox.get_by_role("option").nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("länsst")
    page.keyboard.press("ArrowDown")  # opens again at the first
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")  # chooses; does not submit
    expect(box).to_have_value("Länsstyrelsen i Dalarnas län")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert Participant.objects.filter(campaign=campaign).count() == 1
    page.keyboard.press("Enter")  # now the form is sent
    expect(page.get_by_text("The organisation is invited.")).to_be_visible()
    assert Participant.objects.filter(campaign=campaign, organisation__slug="lansstyrelsen-dalarna").exists()


def test_a_coordinator_adds_an_organiser_by_keyboard_and_removes_one(
    page: Page,
    server_url: str,
    coordinator_a: User,
    org_a: Organisation,
    sign_in: Callable[[User], None],
    use_language: Callable[[str], None],
) -> None:
    shape = make_programme(org_a)
    _organisations()
    shape.programme.organisers.add(Organisation.objects.get(slug="lansstyrelsen-stockholm"))
    sign_in(coordinator_a)
    use_language("en")
    page.goto(f"{server_url}/program/redigera/{shape.programme.public_id}/uppgifter/")
    page.get_by_label("Länsstyrelsen i Stockholms län").uncheck()
    box = page.get_by_role("combobox", name="Add an organisation")
    box.focus()
    page.keyboard.type("hedem")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Hedemora kommun")).to_be_checked()
    expect(box).to_have_value("")
    page.get_by_role("button", name="Save the details").click()
    page.wait_for_url(f"**/program/redigera/{shape.programme.public_id}/")
    assert sorted(shape.programme.organisers.values_list("slug", flat=True)) == ["hedemora", "sater"]
