"""Erasure: the person's own page, decisions with a deadline, refusals, tenant isolation, and
statistics and frozen campaign results unchanged after pseudonymisation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import closing, standings
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import ResultRow
from jamlik.courses.models import CheckAnswer, Completion, LessonProgress, ReflectionAnswer
from jamlik.people.models import Membership, MembershipRole, Organisation, User
from jamlik.retention.erasure import decide_erasure, erase_person, is_erased, request_erasure
from jamlik.retention.models import ErasureRequest, ErasureState
from jamlik.statistics import measures, tables
from tests.campaigns.factories import first_course, make_campaign
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.retention.helpers import learn

pytestmark = pytest.mark.django_db


def test_a_learner_erases_their_own_account_at_once(learner_a: User) -> None:
    client = client_for(learner_a)
    page = client.get("/min-sida/radera-kontot/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Completions" in text or "Genomföranden" in text
    response = client.post("/min-sida/radera-kontot/", {"confirm": "on"})
    assert response.status_code == 302
    learner_a.refresh_from_db()
    assert is_erased(learner_a) and not learner_a.is_active and learner_a.name == ""
    assert client.get("/min-sida/").status_code == 302  # signed out
    assert not Membership.objects.filter(user=learner_a, valid_to__isnull=True).exists()
    assert Membership.objects.filter(user=learner_a).exists()  # ended, not deleted


def test_without_confirming_nothing_happens(learner_a: User) -> None:
    response = client_for(learner_a).post("/min-sida/radera-kontot/", {})
    assert response.status_code == 200
    learner_a.refresh_from_db()
    assert not is_erased(learner_a)


def test_nobody_erases_someone_elses_account(learner_a: User, coordinator_b: User) -> None:
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        erase_person(other, learner_a)
    with pytest.raises(PermissionDenied):
        erase_person(coordinator_b, learner_a)  # coordinates another organisation
    with pytest.raises(PermissionDenied):
        request_erasure(other, learner_a)
    learner_a.refresh_from_db()
    assert not is_erased(learner_a)
    assert not AuditEntry.objects.filter(action="person.erased").exists()


def test_a_coordinator_s_request_waits_a_month_for_a_decision(
    org_a: Organisation, coordinator_a: User, coordinator_b: User, administrator: User
) -> None:
    second = UserFactory(name="Sam Samordnare")
    MembershipFactory(user=second, organisation=org_a, role=MembershipRole.COORDINATOR)
    response = client_for(second).post("/min-sida/radera-kontot/", {"confirm": "on"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get(person=second)
    assert request.state == ErasureState.AWAITING_DECISION
    assert datetime.timedelta(days=28) <= request.due_at - request.requested_at <= datetime.timedelta(days=31)
    second.refresh_from_db()
    assert not is_erased(second)

    # Another organisation's coordinator neither sees nor decides it.
    other = client_for(coordinator_b)
    assert "Sam Samordnare" not in other.get("/radering/").content.decode()
    assert other.post(f"/radering/{request.public_id}/", {"decision": "approve"}).status_code == 404
    # A learner has no such page.
    assert client_for(UserFactory()).get("/radering/").status_code == 404

    own = client_for(coordinator_a)
    assert "Sam Samordnare" in own.get("/radering/").content.decode()
    own.post(f"/radering/{request.public_id}/", {"decision": "refuse", "reason": ""})
    assert ErasureRequest.objects.get(pk=request.pk).state == ErasureState.AWAITING_DECISION  # a reason is needed
    own.post(f"/radering/{request.public_id}/", {"decision": "approve"})
    second.refresh_from_db()
    assert is_erased(second)
    assert ErasureRequest.objects.get(pk=request.pk).state == ErasureState.DONE


def test_a_refusal_is_shown_to_the_person(org_a: Organisation, administrator: User) -> None:
    person = UserFactory()
    MembershipFactory(user=person, organisation=org_a, role=MembershipRole.COORDINATOR)
    request = request_erasure(person, person)
    assert isinstance(request, ErasureRequest)
    decide_erasure(administrator, request, approve=False, reason="Ärendet om samordningen pågår")
    assert "Ärendet om samordningen pågår" in client_for(person).get("/min-sida/radera-kontot/").content.decode()


def _statistics() -> list[Any]:
    filters = measures.Filters()
    return [tables.by_organisation(measures.get(key), filters) for key in ("enrolled", "active", "completed")]


def test_statistics_and_frozen_results_are_unchanged_after_pseudonymisation(
    org_a: Organisation, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = make_campaign({org_a: 10})
    people = [learner_a] + [UserFactory(kon="kvinna") for _ in range(6)]
    for person in people[1:]:
        MembershipFactory(user=person, organisation=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            learn(person, first_course(campaign))
    live_before = standings.for_campaign(campaign, with_series=False).rows
    statistics_before = _statistics()
    erase_person(learner_a, learner_a)
    erase_person(None, people[1])
    assert [(r.name, r.completions, r.rank) for r in standings.for_campaign(campaign, with_series=False).rows] == [
        (r.name, r.completions, r.rank) for r in live_before
    ]
    assert _statistics() == statistics_before
    assert recompute(campaign, fix=False) == []
    assert Completion.objects.filter(user__in=people[:2]).count() == 2
    assert LessonProgress.objects.filter(enrolment__user=learner_a).exists()  # counted as activity
    assert not CheckAnswer.objects.filter(enrolment__user=learner_a).exists()
    assert not ReflectionAnswer.objects.filter(enrolment__user=learner_a).exists()

    # Frozen: closed, then a third person erased; the result rows do not move.
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        closing.close_campaign(None, campaign)
    frozen = list(ResultRow.objects.filter(result__campaign=campaign).values_list("completions", "headcount", "rank"))
    erase_person(None, people[2])
    assert (
        list(ResultRow.objects.filter(result__campaign=campaign).values_list("completions", "headcount", "rank"))
        == frozen
    )
    assert recompute(campaign, fix=False) == []


def test_erasure_removes_the_address_from_audit_summaries(org_a: Organisation, learner_a: User) -> None:
    email = learner_a.email
    erase_person(learner_a, learner_a)
    assert not AuditEntry.objects.filter(summary__contains=email).exists()
    assert AuditEntry.objects.filter(action="membership.ended", target_type="people.membership").exists()


def test_an_erased_account_cannot_sign_in_or_be_erased_twice(learner_a: User) -> None:
    erase_person(learner_a, learner_a)
    learner_a.refresh_from_db()
    client = Client()
    assert not client.login(email=learner_a.email, password="x")
    with translation.override("en"), pytest.raises(ValidationError, match="already been erased"):
        erase_person(None, learner_a)
