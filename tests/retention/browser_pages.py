"""The retention and erasure pages that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from jamlik.people.models import Membership, MembershipRole, User
from jamlik.retention.erasure import request_erasure
from jamlik.retention.job import run_retention
from tests.browser.check import Cast, Check


def a_waiting_request(cast: Cast) -> None:
    person = User.objects.create_user("sam.samordnare@sater.se", name="Sam Samordnare")
    Membership.objects.create(user=person, organisation=cast.org_a, role=MembershipRole.COORDINATOR)
    request_erasure(person, person)


def a_run(cast: Cast) -> None:
    run_retention()


PAGES: list[Check] = [
    Check("retention-erase-account", "/min-sida/radera-kontot/", viewer="learner_a"),
    Check("retention-erase-account-decision", "/min-sida/radera-kontot/", viewer="coordinator_a"),
    Check("retention-erasure-requests", "/radering/", viewer="coordinator_a", setup=a_waiting_request),
    Check("retention-rules", "/drift/gallring/", viewer="administrator", setup=a_run),
    Check("retention-archive", lambda cast: f"/organisationer/{cast.org_a.slug}/arkiv/", viewer="coordinator_a"),
]
