"""Axe checks of the start pages per role, the search page and the confirmation steps (issue 19)."""

from __future__ import annotations

from typing import Any

from tests.browser.check import Check
from tests.campaigns.page_setups import a_running_campaign
from tests.courses.learner_kit import learner_half_way
from tests.factories import MembershipFactory, UserFactory
from tests.programmes.page_setups import a_registration

ORG = "/organisationer/sater"


def everything(cast: Any) -> None:
    """A running campaign, a programme with learner A registered, a course half way, a pending member."""
    a_running_campaign(cast)
    a_registration(cast)
    learner_half_way(cast)
    MembershipFactory(user=UserFactory(name="Väntande Vera"), organisation=cast.org_a, status="pending")


PAGES: list[Check] = [
    Check("home-with-campaigns-and-sessions", "/", setup=everything),
    Check("home-learner", "/", viewer="learner_a", setup=everything),
    Check("home-learner-new", "/", viewer="learner_a"),
    Check("home-coordinator", "/", viewer="coordinator_a", setup=everything),
    Check("home-programme-manager", "/", viewer="programme_manager", setup=everything),
    Check("my-page-with-learning", "/min-sida/", viewer="learner_a", setup=everything),
    Check("search", "/sok/"),
    Check("search-results", "/sok/?q=kommun", setup=everything),
    Check("search-nothing-found", "/sok/?q=zzzz"),
    Check("org-members-filtered", f"{ORG}/medlemmar/?q=lina&status=active", viewer="coordinator_a"),
    Check("org-members-bad-filter", f"{ORG}/medlemmar/?status=nonsense", viewer="coordinator_a"),
]
