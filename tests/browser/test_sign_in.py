"""Signing in with an emailed code, in a real browser, the way people do it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from jamlik.people.models import User

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
