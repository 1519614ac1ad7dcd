"""The organisations in a campaign through the API: invitations, applications, approval,
withdrawal and headcount corrections. Programme managers see every participant; a coordinator
sees and applies for their own organisation only (another's answers 404 or is refused as unknown)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import actions
from jamlik.campaigns.models import Campaign, HeadcountCorrection, Participant, ParticipantStatus
from jamlik.people.models import Organisation, User
from tests.campaigns.api_cast import MANAGERS, ROLES, closed_campaign, path
from tests.campaigns.factories import make_campaign, participant
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

REFUSED = {"learner_a": 404, "coordinator_a": 404, "coordinator_b": 404, "anonymous": 401}


def _future(*organisations: Organisation) -> Campaign:
    """Published, starting in ten days, each organisation invited."""
    campaign = actions.create_campaign(
        None,
        slug="kommande",
        title_sv="Kommande",
        courses=[make_course(lessons=1)],
        first_day=timezone.localdate() + datetime.timedelta(days=10),
        last_day=timezone.localdate() + datetime.timedelta(days=40),
    )
    actions.publish_campaign(None, campaign)
    for organisation in organisations:
        actions.invite(None, campaign, organisation)
    return campaign


def _pid(campaign: Campaign, organisation: Organisation, rest: str = "") -> str:
    return path(campaign, f"/participants/{participant(campaign, organisation).public_id}{rest}")


# --- Reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("learner_a", []),
        ("coordinator_a", ["sater"]),
        ("coordinator_b", ["gagnef"]),
        ("programme_manager", ["gagnef", "sater"]),
        ("administrator", ["gagnef", "sater"]),
        ("anonymous", None),
    ],
)
def test_each_caller_lists_only_the_participants_they_may_see(
    call: Any, role: str, seen: list[str] | None, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10, org_b: 20})
    response = call(role).get(path(campaign, "/participants"))
    if seen is None:
        assert response.status_code == 401
        return
    body = response.json()
    assert [p["organisation_slug"] for p in body["items"]] == seen
    assert body["count"] == len(seen)
    for item in body["items"]:
        row = Participant.objects.select_related("organisation").get(public_id=item["id"])
        assert (item["organisation"], item["organisation_slug"]) == (
            str(row.organisation.public_id),
            row.organisation.slug,
        )
        assert item["campaign"] == str(campaign.public_id)


def test_another_organisations_participation_answers_404_to_a_coordinator(
    call: Any, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10, org_b: 20})
    assert call("coordinator_b").get(_pid(campaign, org_a)).status_code == 404
    own = call("coordinator_a").get(_pid(campaign, org_a))
    assert own.status_code == 200 and own.json()["frozen_headcount"] == 10
    assert call("programme_manager").get(_pid(campaign, org_b)).json()["organisation_name"] == org_b.name


def test_the_participant_list_is_paginated_in_a_bounded_number_of_queries(
    call: Any, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    campaign = _future()
    for i in range(12):
        actions.invite(None, campaign, OrganisationFactory(name=f"Kommun {i:02}", slug=f"kommun-{i:02}"))
    manager = call("programme_manager")
    manager.get(path(campaign, "/participants"))  # the token's first use is written once
    with django_assert_max_num_queries(5):  # token, campaign, count, page (with organisation and campaign)
        body = manager.get(path(campaign, "/participants?limit=5&offset=5&status=invited")).json()
    assert body["count"] == 12
    assert [p["organisation_slug"] for p in body["items"]] == [f"kommun-{i:02}" for i in range(5, 10)]


# --- Invitations --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_inviting_is_for_programme_managers(call: Any, role: str, org_a: Organisation) -> None:
    campaign = _future()
    response = call(role).post(path(campaign, "/participants"), {"organisation": str(org_a.public_id)})
    if role in MANAGERS:
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "invited"
        assert response.json()["id"] == str(participant(campaign, org_a).public_id)
        assert AuditEntry.objects.get(action="campaign.invited").organisation == org_a
        again = call(role).post(path(campaign, "/participants"), {"organisation": "sater"})  # the slug names it too
        assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    else:
        assert response.status_code == REFUSED[role]
        assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisation": "finns-inte"}, "organisation"),
        ({"organisation": "7d0c1b5e-0000-4000-8000-000000000000"}, "organisation"),
        ({"organisation": 12}, "organisation"),
        ({}, "organisation"),
        ({"organisation": "sater", "status": "approved"}, "status"),
    ],
)
def test_a_bad_invitation_names_the_field(call: Any, org_a: Organisation, body: dict[str, Any], field: str) -> None:
    campaign = _future()
    response = call("programme_manager").post(path(campaign, "/participants"), body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert not Participant.objects.exists()


def test_nobody_is_invited_to_a_closed_campaign(call: Any, org_a: Organisation, org_b: Organisation) -> None:
    campaign = closed_campaign(org_a, org_b)
    other = OrganisationFactory(slug="leksand")
    response = call("programme_manager").post(path(campaign, "/participants"), {"organisation": str(other.public_id)})
    assert response.status_code == 409
    assert not Participant.objects.filter(organisation=other).exists()


# --- Applications -------------------------------------------------------------------------------


def test_a_coordinator_applies_for_their_organisation(call: Any, org_a: Organisation) -> None:
    campaign = _future()
    response = call("coordinator_a").post(path(campaign, "/applications"), {"organisation": str(org_a.public_id)})
    assert response.status_code == 201
    assert response.json()["status"] == "applied"
    entry = AuditEntry.objects.get(action="campaign.applied")
    assert (entry.organisation, entry.actor.email) == (org_a, "malin@sater.se")  # type: ignore[union-attr]


def test_applying_when_invited_accepts_the_invitation(call: Any, org_a: Organisation) -> None:
    campaign = _future(org_a)
    response = call("coordinator_a").post(path(campaign, "/applications"), {"organisation": "sater"})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert participant(campaign, org_a).status == ParticipantStatus.APPROVED


@pytest.mark.parametrize("role", ["coordinator_b", "learner_a", "programme_manager"])
def test_nobody_applies_for_an_organisation_they_do_not_coordinate(
    call: Any, role: str, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = _future(org_a)
    response = call(role).post(path(campaign, "/applications"), {"organisation": str(org_a.public_id)})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["organisation"]
    assert participant(campaign, org_a).status == ParticipantStatus.INVITED
    assert not AuditEntry.objects.filter(action__in=["campaign.applied", "campaign.approved"]).exists()


def test_a_draft_takes_no_applications(call: Any, org_a: Organisation) -> None:
    draft = actions.create_campaign(
        None,
        slug="utkast",
        title_sv="Utkast",
        courses=[make_course(lessons=1)],
        first_day=timezone.localdate() + datetime.timedelta(days=10),
        last_day=timezone.localdate() + datetime.timedelta(days=40),
    )
    response = call("coordinator_a").post(path(draft, "/applications"), {"organisation": str(org_a.public_id)})
    assert response.status_code == 404
    assert not Participant.objects.exists()


# --- Approval and withdrawal --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_approving_is_for_programme_managers(call: Any, role: str, org_a: Organisation, coordinator_a: User) -> None:
    campaign = _future()
    actions.apply(coordinator_a, campaign, org_a)
    response = call(role).post(_pid(campaign, org_a, "/approve"))
    status = participant(campaign, org_a).status
    if role in MANAGERS:
        assert response.status_code == 200 and response.json()["status"] == "approved"
        assert status == ParticipantStatus.APPROVED
        assert AuditEntry.objects.filter(action="campaign.approved").count() == 1
    else:
        assert response.status_code == REFUSED[role]  # coordinator_a too: approving is not theirs
        assert status == ParticipantStatus.APPLIED


def test_approving_after_the_start_without_a_headcount_is_refused_and_nothing_changes(
    call: Any, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10})
    actions.invite(None, campaign, org_b)
    response = call("programme_manager").post(_pid(campaign, org_b, "/approve"))
    assert response.status_code == 409 and org_b.name in response.json()["title"]
    assert participant(campaign, org_b).status == ParticipantStatus.INVITED
    assert not AuditEntry.objects.filter(action="campaign.approved", organisation=org_b).exists()


def test_approving_after_the_start_freezes_the_headcount(call: Any, org_a: Organisation, org_b: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    HeadcountFactory(organisation=org_b, headcount=33)
    actions.invite(None, campaign, org_b)
    body = call("administrator").post(_pid(campaign, org_b, "/approve")).json()
    assert (body["status"], body["frozen_headcount"]) == ("approved", 33)


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_is_for_programme_managers(call: Any, role: str, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    response = call(role).post(_pid(campaign, org_a, "/withdraw"))
    status = participant(campaign, org_a).status
    if role in MANAGERS:
        assert response.status_code == 200 and response.json()["status"] == "withdrawn"
        assert status == ParticipantStatus.WITHDRAWN
        assert AuditEntry.objects.filter(action="campaign.withdrawn").exists()
    else:
        assert response.status_code == REFUSED[role]
        assert status == ParticipantStatus.APPROVED


def test_a_closed_campaigns_participants_cannot_be_withdrawn(
    call: Any, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = closed_campaign(org_a, org_b)
    response = call("programme_manager").post(_pid(campaign, org_a, "/withdraw"))
    assert response.status_code == 409
    assert participant(campaign, org_a).status == ParticipantStatus.APPROVED
    assert not AuditEntry.objects.filter(action="campaign.withdrawn").exists()


# --- Headcount corrections ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_correcting_a_headcount_is_for_programme_managers(call: Any, role: str, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    response = call(role).post(_pid(campaign, org_a, "/headcount"), {"headcount": 12, "reason": "Two forgotten"})
    if role in MANAGERS:
        assert response.status_code == 200, response.content
        assert response.json()["frozen_headcount"] == 12
        correction = HeadcountCorrection.objects.get()
        assert (correction.before, correction.after, correction.reason) == (10, 12, "Two forgotten")
        assert AuditEntry.objects.get(action="campaign.headcount_corrected").after == {
            "headcount": 12,
            "reason": "Two forgotten",
        }
    else:
        assert response.status_code == REFUSED[role]
        assert participant(campaign, org_a).frozen_headcount == 10
        assert not HeadcountCorrection.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"headcount": 0, "reason": "Noll"}, {"headcount"}),
        ({"headcount": "many", "reason": 3}, {"headcount", "reason"}),
        ({"headcount": 12}, {"reason"}),
        ({"headcount": 12, "reason": ""}, {"reason"}),
        ({"headcount": 12, "reason": "x", "frozen_headcount": 5}, {"frozen_headcount"}),
        ({"headcount": 2**63, "reason": "x"}, {"headcount"}),
    ],
)
def test_a_bad_correction_names_each_field_and_changes_nothing(
    call: Any, org_a: Organisation, body: dict[str, Any], fields: set[str]
) -> None:
    campaign = make_campaign({org_a: 10})
    response = call("programme_manager").post(_pid(campaign, org_a, "/headcount"), body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == fields
    assert participant(campaign, org_a).frozen_headcount == 10
    assert not HeadcountCorrection.objects.exists()


def test_a_headcount_is_not_corrected_after_the_freeze_day(call: Any, org_a: Organisation) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        campaign = make_campaign({org_a: 10}, freeze_on=timezone.localdate())
    response = call("programme_manager").post(_pid(campaign, org_a, "/headcount"), {"headcount": 12, "reason": "Sent"})
    assert response.status_code == 409
    assert campaign.headcount_freeze_on.isoformat() in response.json()["title"]
    assert participant(campaign, org_a).frozen_headcount == 10
    assert not HeadcountCorrection.objects.exists()


def test_a_participant_of_another_campaign_answers_404(call: Any, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    other = make_campaign({org_a: 10})
    wrong = path(campaign, f"/participants/{participant(other, org_a).public_id}/headcount")
    response = call("programme_manager").post(wrong, {"headcount": 12, "reason": "x"})
    assert response.status_code == 404
    assert not HeadcountCorrection.objects.exists()
