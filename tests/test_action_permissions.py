"""Actions check their actor themselves (docs/architecture.md, "Who may make a change").

Views and the API reach organisation-owned things through the access helpers (404 for "not
yours"); the actions check again, so a new caller cannot forget. Each case here calls one
action as a person who may not make that change and expects ``PermissionDenied`` with nothing
written (no audit entry, no row). Allowed calls are every page's and API's own tests; the
platform itself (``actor=None``) is what the demo data and the factories use.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import actions as campaigns
from jamlik.campaigns import closing
from jamlik.campaigns.models import Campaign, Participant, ResultRow
from jamlik.people import actions as people
from jamlik.people.models import (
    EmailDomain,
    Invitation,
    InviteLink,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organisation,
    Unit,
    User,
)
from jamlik.strategies import actions as strategies
from jamlik.strategies.models import Activity, EqualityArea, Goal, Indicator, Strategy, WorkStatus
from tests.campaigns.factories import first_course, make_campaign, participant
from tests.factories import MembershipFactory, UserFactory
from tests.strategies.factories import make_strategy


class World:
    """Organisation A's things, each made when a case first needs it, and two people who may
    not change them: ``coordinator_a`` coordinates A but does not run campaigns,
    ``coordinator_b`` coordinates B only."""

    def __init__(self, org_a: Organisation, org_b: Organisation, coordinator_a: User, coordinator_b: User) -> None:
        self.org_a, self.org_b = org_a, org_b
        self.coordinator_a, self.coordinator_b = coordinator_a, coordinator_b

    @cached_property
    def domain(self) -> EmailDomain:
        return people.add_email_domain(None, self.org_a, domain="sater.se")

    @cached_property
    def pending(self) -> Membership:
        return MembershipFactory(organisation=self.org_a, status=MembershipStatus.PENDING)  # type: ignore[no-any-return]

    @cached_property
    def member(self) -> Membership:
        return MembershipFactory(organisation=self.org_a)  # type: ignore[no-any-return]

    @cached_property
    def invitation(self) -> Invitation:
        return people.invite_by_email(self.coordinator_a, self.org_a, emails=["ny@sater.se"]).invitations[0]

    @cached_property
    def unit(self) -> Unit:
        return people.create_unit(None, self.org_a, name="Omsorg")

    @cached_property
    def link(self) -> InviteLink:
        return people.create_invite_link(None, self.org_a)[0]

    @cached_property
    def strategy(self) -> Strategy:
        return make_strategy(self.org_a)

    @cached_property
    def goal(self) -> Goal:
        return self.strategy.goals.order_by("pk")[0]

    @cached_property
    def activity(self) -> Activity:
        return Activity.objects.filter(goal__strategy=self.strategy).order_by("pk")[0]

    @cached_property
    def indicator(self) -> Indicator:
        return self.strategy.indicators.get()

    @cached_property
    def campaign(self) -> Campaign:
        return make_campaign({self.org_a: 10})

    @cached_property
    def participant(self) -> Participant:
        return participant(self.campaign, self.org_a)

    @cached_property
    def row(self) -> ResultRow:
        closed = make_campaign({self.org_a: 10})
        with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
            closing.close_campaign(None, closed)
        return ResultRow.objects.get(result__campaign=closed, organisation=self.org_a)


@pytest.fixture
def world(org_a: Organisation, org_b: Organisation, coordinator_a: User, coordinator_b: User) -> World:
    return World(org_a, org_b, coordinator_a, coordinator_b)


TODAY = datetime.date(2026, 1, 1)
# An organisation's people, settings and strategy: a coordinator of another organisation is refused.
OUTSIDER: dict[str, Callable[[World, User], object]] = {
    "declare_headcount": lambda w, u: people.declare_headcount(u, w.org_a, headcount=10, as_of=TODAY),
    "set_logo": lambda w, u: people.set_logo(u, w.org_a, None),
    "add_email_domain": lambda w, u: people.add_email_domain(u, w.org_a, domain="sater.example"),
    "remove_email_domain": lambda w, u: people.remove_email_domain(u, w.domain),
    "create_unit": lambda w, u: people.create_unit(u, w.org_a, name="Kultur och fritid"),
    "add_member": lambda w, u: people.add_member(u, w.org_a, UserFactory()),
    "provision_person": lambda w, u: people.provision_person(u, w.org_a, email="ny@sater.se"),
    "approve_membership": lambda w, u: people.approve_membership(u, w.pending),
    "end_membership": lambda w, u: people.end_membership(u, w.member),
    "change_member": lambda w, u: people.change_member(u, w.member, role=MembershipRole.COORDINATOR, unit=None),
    "invite_by_email": lambda w, u: people.invite_by_email(u, w.org_a, emails=["ny@sater.se"]),
    "create_invite_link": lambda w, u: people.create_invite_link(u, w.org_a),
    "revoke_invite_link": lambda w, u: people.revoke_invite_link(u, w.link),
    "revoke_invitation": lambda w, u: people.revoke_invitation(u, w.invitation),
    "rename_unit": lambda w, u: people.rename_unit(u, w.unit, name="Vård och omsorg"),
    "apply": lambda w, u: campaigns.apply(u, w.campaign, w.org_a),
    "create_strategy": lambda w, u: strategies.create_strategy(
        u, w.org_a, area=EqualityArea.GENDER_MAINSTREAMING, title="Ny", period_from=2026, period_to=2028
    ),
    "update_strategy": lambda w, u: strategies.update_strategy(u, w.strategy, title="Ändrad"),
    "save_goal": lambda w, u: strategies.save_goal(u, w.strategy, None, title="Nytt mål", status=WorkStatus.PLANNED),
    "save_activity": lambda w, u: strategies.save_activity(
        u, w.strategy, w.activity, goal=w.goal, title="Ändrad", status=WorkStatus.DONE
    ),
    "save_indicator": lambda w, u: strategies.save_indicator(u, w.strategy, None, name="Ny", unit="st"),
    "record_measurement": lambda w, u: strategies.record_measurement(u, w.indicator, year=2026, value=Decimal(70)),
    "remove_part": lambda w, u: strategies.remove_part(u, w.strategy, w.goal),
}
# Running a campaign: only programme managers; even a coordinator of a taking-part organisation is refused.
NOT_A_MANAGER: dict[str, Callable[[World, User], object]] = {
    "create_campaign": lambda w, u: campaigns.create_campaign(
        u,
        slug="egen-kampanj",
        title_sv="Egen",
        courses=[first_course(w.campaign)],
        first_day=TODAY,
        last_day=TODAY + datetime.timedelta(days=30),
        headcount_freeze_on=TODAY,
    ),
    "update_campaign": lambda w, u: campaigns.update_campaign(
        u,
        w.campaign,
        title_sv="Ändrad",
        title_en="",
        description_sv="",
        description_en="",
        courses=[first_course(w.campaign)],
        first_day=w.campaign.first_day,
        last_day=w.campaign.last_day,
        counts_earlier=True,
        headcount_freeze_on=w.campaign.headcount_freeze_on,
    ),
    "publish_campaign": lambda w, u: campaigns.publish_campaign(u, w.campaign),
    "invite": lambda w, u: campaigns.invite(u, w.campaign, w.org_b),
    "approve": lambda w, u: campaigns.approve(u, w.participant),
    "withdraw": lambda w, u: campaigns.withdraw(u, w.participant),
    "start": lambda w, u: campaigns.start(u, w.campaign),
    "correct_headcount": lambda w, u: campaigns.correct_headcount(u, w.participant, headcount=5, reason="Fel"),
    "close_campaign": lambda w, u: closing.close_campaign(u, w.campaign),
    "amend_result": lambda w, u: closing.amend_result(u, w.row, completions=9, headcount=10, reason="Fel"),
    "save_news": lambda w, u: closing.save_news(u, w.campaign, title_sv="Resultat", body_sv="Text", publish=True),
}


def _needs(call: Callable[[World, User], object]) -> list[str]:
    """The World things a case's lambda reads (``w.<name>``), so they exist before counting."""
    return [name for name in call.__code__.co_names if isinstance(getattr(World, name, None), cached_property)]


def _unchanged(world: World, call: Callable[[World, User], object], actor: User) -> None:
    for name in _needs(call):  # what the case works on is made first, outside the counts
        getattr(world, name)
    entries = AuditEntry.objects.count()
    memberships = Membership.objects.count()
    with pytest.raises(PermissionDenied):
        call(world, actor)
    assert AuditEntry.objects.count() == entries
    assert Membership.objects.count() == memberships


@pytest.mark.parametrize("action", sorted(OUTSIDER))
def test_a_coordinator_of_another_organisation_is_refused(world: World, action: str) -> None:
    _unchanged(world, OUTSIDER[action], world.coordinator_b)


@pytest.mark.parametrize("action", sorted(NOT_A_MANAGER))
def test_a_coordinator_cannot_run_a_campaign(world: World, action: str) -> None:
    _unchanged(world, NOT_A_MANAGER[action], world.coordinator_a)


def test_the_organisations_own_coordinator_and_the_platform_may(world: World, administrator: User) -> None:
    """The same check lets through whom the pages let through."""
    people.create_unit(world.coordinator_a, world.org_a, name="Kultur och fritid")
    people.create_unit(administrator, world.org_a, name="Barn och utbildning")
    people.create_unit(None, world.org_a, name="Omsorg")
    strategies.save_goal(world.coordinator_a, world.strategy, None, title="Nytt mål", status=WorkStatus.PLANNED)
    assert set(Unit.objects.filter(organisation=world.org_a).values_list("name", flat=True)) >= {
        "Kultur och fritid",
        "Barn och utbildning",
        "Omsorg",
    }
