"""The xAPI client pages that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from typing import Any

from jamlik.lrs.actions import create_client, revoke_client
from tests.browser.check import Cast, Check


def a_revoked_and_a_used_client(cast: Cast) -> None:
    create_client(cast.coordinator_a, cast.org_a, name="Analys")
    old, _secret = create_client(cast.coordinator_a, cast.org_a, name="Kursverktyg (gammalt)")
    revoke_client(cast.coordinator_a, old)


def a_platform_client(cast: Cast) -> None:
    create_client(cast.administrator, None, name="Nationell analys")


def create_a_client(page: Any) -> None:
    page.locator("#id_name").fill("Analys")
    page.locator("main form.stacked button[type=submit]").last.click()
    page.wait_for_load_state()


PAGES: list[Check] = [
    Check(
        "xapi-clients",
        lambda cast: f"/organisationer/{cast.org_a.slug}/xapi/",
        viewer="coordinator_a",
        setup=a_revoked_and_a_used_client,
    ),
    Check(
        "xapi-new-client",
        lambda cast: f"/organisationer/{cast.org_a.slug}/xapi/",
        viewer="coordinator_a",
        then=create_a_client,
    ),
    Check("xapi-platform-clients", lambda cast: "/drift/xapi/", viewer="administrator", setup=a_platform_client),
]
