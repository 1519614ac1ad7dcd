"""Signing in with an emailed code, in a real browser, the way people do it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from jamlik.people import actions
from jamlik.people.models import Membership, MembershipStatus, User

pytestmark = pytest.mark.browser

CODE = re.compile(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]{4,})*)\s*$", re.MULTILINE)


def test_a_person_signs_in_with_the_code_from_the_email(
    page: Page, server_url: str, learner_a: User, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    page.goto(server_url + "/konto/login/")
    page.get_by_label("Email address", exact=True).fill("lina@sater.se")
    page.get_by_role("button", name="Email me a sign-in code").click()

    page.wait_for_url(re.compile(r"/konto/login/code/confirm/"))
    # The email is queued when the request's transaction commits and sent at once in tests.
    assert [message.to for message in mail.outbox] == [["lina@sater.se"]]
    match = CODE.search(str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    page.get_by_label("Code").fill(match.group(1))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="My page")).to_be_visible()


def test_a_new_person_follows_an_invitation_and_the_code_creates_the_account_and_the_membership(
    page: Page, server_url: str, coordinator_a: User, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    _link, token = actions.create_invite_link(coordinator_a, coordinator_a.memberships.get().organisation)
    page.goto(f"{server_url}/ga-med/{token}/")
    page.get_by_role("button", name="Sign in and join").click()

    page.get_by_label("Email address", exact=True).fill("ny.kollega@sater.se")
    page.get_by_role("button", name="Email me a sign-in code").click()
    page.wait_for_url(re.compile(r"/konto/login/code/confirm/"))
    assert [message.to for message in mail.outbox] == [["ny.kollega@sater.se"]]
    match = CODE.search(str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    page.get_by_label("Code").fill(match.group(1))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url(re.compile(r"/min-sida/organisationer/"))
    expect(page.get_by_text("Welcome to Säters kommun.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    membership = Membership.objects.get(user__email="ny.kollega@sater.se")
    assert membership.status == MembershipStatus.ACTIVE
    assert not membership.user.has_usable_password()
