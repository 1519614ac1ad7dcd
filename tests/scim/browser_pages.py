"""The SCIM page that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from typing import Any

from jamlik.identity.scim.actions import create_token, revoke_token
from tests.browser.check import Cast, Check


def a_revoked_and_a_used_token(cast: Cast) -> None:
    create_token(cast.coordinator_a, cast.org_a, name="Entra ID")
    old, _raw = create_token(cast.coordinator_a, cast.org_a, name="Okta (old)")
    revoke_token(cast.coordinator_a, old)


def create_a_token(page: Any) -> None:
    page.locator("#id_name").fill("Entra ID")
    page.locator("main form.stacked button[type=submit]").last.click()
    page.wait_for_load_state()


PAGES: list[Check] = [
    Check(
        "scim-tokens",
        lambda cast: f"/organisationer/{cast.org_a.slug}/scim/",
        viewer="coordinator_a",
        setup=a_revoked_and_a_used_token,
    ),
    Check(
        "scim-new-token",
        lambda cast: f"/organisationer/{cast.org_a.slug}/scim/",
        viewer="coordinator_a",
        then=create_a_token,
    ),
]
