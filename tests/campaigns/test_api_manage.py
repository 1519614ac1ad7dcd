"""Running a campaign through the API: create, read (drafts), update with If-Match, publish, freeze
the headcounts, close. The same actions as the manage page, so the same people may do it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import actions
from jamlik.campaigns.models import Campaign, CampaignStatus, Participant, Result
from jamlik.courses.models import Course
from jamlik.people.models import Organisation
from tests.campaigns.api_cast import MANAGERS, ROLES, closed_campaign, ended_campaign, path
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign, participant
from tests.conftest import client_for
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = {"learner_a": 404, "coordinator_a": 404, "coordinator_b": 404, "anonymous": 401}


def _body(course: Course, **changes: Any) -> dict[str, Any]:
    body = {
        "slug": "var-2027",
        "title_sv": "Vårkampanjen",
        "title_en": "The spring campaign",
        "courses": [str(course.public_id)],
        "first_day": "2027-03-01",
        "last_day": "2027-05-31",
    }
    return {**body, **changes}


def _draft() -> Campaign:
    return actions.create_campaign(
        None,
        slug="utkast",
        title_sv="Utkastet",
        courses=[make_course(lessons=1)],
        first_day=timezone.localdate() + datetime.timedelta(days=10),
        last_day=timezone.localdate() + datetime.timedelta(days=40),
    )


# --- Create -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_programme_managers_and_administrators_create_a_draft_and_nobody_else_does(call: Any, role: str) -> None:
    course = make_course(lessons=1)
    response = call(role).post("/api/v1/campaigns", _body(course))
    if role not in MANAGERS:
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert response["Content-Type"] == "application/problem+json"
        assert not Campaign.objects.exists()
        return
    assert response.status_code == 201, response.content
    body = response.json()
    campaign = Campaign.objects.get(slug="var-2027")
    assert body["id"] == str(campaign.public_id)
    assert response["Location"] == f"/api/v1/campaigns/{campaign.public_id}"
    assert response["ETag"]
    assert (body["status"], body["first_day"], body["last_day"]) == ("draft", "2027-03-01", "2027-05-31")
    assert body["courses"] == [str(course.public_id)]
    assert body["headcount_freeze_on"] == "2027-03-15"  # the action's default: the first day + 14
    entry = AuditEntry.objects.get(action="campaign.created")
    assert entry.actor is not None and entry.actor.email == response.wsgi_request.user.email


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title_sv": 5, "first_day": "tomorrow", "courses": "kurs"}, {"title_sv", "first_day", "courses"}),
        ({"counts_earlier": "maybe", "headcount_freeze_on": 20270301}, {"counts_earlier", "headcount_freeze_on"}),
        ({"title_sv": None, "slug": "två ord"}, {"title_sv", "slug"}),
        ({"title": "Unknown field", "owner": "saga"}, {"title", "owner"}),
        ({"courses": []}, {"courses"}),
    ],
)
def test_a_bad_campaign_is_refused_naming_each_field_and_nothing_is_saved(
    call: Any, changes: dict[str, Any], fields: set[str]
) -> None:
    response = call("programme_manager").post("/api/v1/campaigns", _body(make_course(lessons=1), **changes))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == fields
    assert not Campaign.objects.exists()


def test_missing_fields_are_named(call: Any) -> None:
    response = call("programme_manager").post("/api/v1/campaigns", {"slug": "x"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) >= {"title_sv", "courses", "first_day", "last_day"}


@pytest.mark.parametrize(
    ("case", "field"),
    [("unknown course", "courses"), ("unpublished course", "courses"), ("ends first", "last_day"), ("taken", "slug")],
)
def test_the_actions_rules_answer_422_on_the_field(call: Any, case: str, field: str) -> None:
    course = make_course(lessons=1)
    body = _body(course)
    if case == "unknown course":
        body["courses"] = [str(course.public_id), "7d0c1b5e-0000-4000-8000-000000000000"]
    elif case == "unpublished course":
        body["courses"] = [str(make_course(lessons=1, publish=False).public_id)]
    elif case == "ends first":
        body["last_day"] = "2027-02-01"
    else:
        _draft()
        body["slug"] = "utkast"
    response = call("programme_manager").post("/api/v1/campaigns", body)
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [field]
    assert Campaign.objects.count() == (1 if case == "taken" else 0)


# --- Read ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_only_by_those_who_run_campaigns(call: Any, role: str) -> None:
    draft = _draft()
    caller = call(role)
    by_id, by_slug = caller.get(path(draft)), caller.get("/api/v1/campaigns/utkast")
    listed = [c["id"] for c in caller.get("/api/v1/campaigns?status=draft").json()["items"]]
    if role in MANAGERS:
        assert by_id.status_code == by_slug.status_code == 200
        assert by_id["ETag"] == by_slug["ETag"]
        assert listed == [str(draft.public_id)]
    else:
        assert by_id.status_code == by_slug.status_code == 404
        assert listed == []


# --- Update -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_updating_is_for_programme_managers(call: Any, role: str, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    response = call(role).patch(path(campaign), {"title_sv": "Nytt namn"})
    campaign.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 200, response.content
        assert response.json()["title_sv"] == campaign.title_sv == "Nytt namn"
        entry = AuditEntry.objects.get(action="campaign.updated")
        assert (entry.before["title_sv"], entry.after["title_sv"]) == ("Hösttävlingen", "Nytt namn")
    else:
        assert response.status_code == REFUSED[role]
        assert campaign.title_sv == "Hösttävlingen"
        assert not AuditEntry.objects.filter(action="campaign.updated").exists()


def test_only_the_fields_sent_change_and_courses_are_named_by_id(call: Any, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    other = make_course(lessons=1)
    before = call("programme_manager").get(path(campaign)).json()
    response = call("programme_manager").patch(path(campaign), {"courses": [str(other.public_id)]})
    after = response.json()
    assert after["courses"] == [str(other.public_id)]
    assert {k: v for k, v in after.items() if k != "courses"} == {k: v for k, v in before.items() if k != "courses"}


def test_a_stale_if_match_is_refused_with_412_and_changes_nothing(call: Any, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    manager = call("programme_manager")
    read = manager.get(path(campaign))
    first = manager.patch(path(campaign), {"title_en": "First"}, HTTP_IF_MATCH=read["ETag"])
    assert first.status_code == 200 and first["ETag"] != read["ETag"]
    second = manager.patch(path(campaign), {"title_en": "Second"}, HTTP_IF_MATCH=read["ETag"])
    assert second.status_code == 412
    assert second["Content-Type"] == "application/problem+json"
    campaign.refresh_from_db()
    assert campaign.title_en == "First"
    assert AuditEntry.objects.filter(action="campaign.updated").count() == 1
    again = manager.patch(path(campaign), {"title_en": "Second"}, HTTP_IF_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["title_en"] == "Second"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"title_sv": None}, {"title_sv"}),
        ({"slug": "nytt"}, {"slug"}),
        ({"last_day": "2026-13-01", "counts_earlier": "ja"}, {"last_day", "counts_earlier"}),
        ({"courses": ["7d0c1b5e-0000-4000-8000-000000000000"]}, {"courses"}),
        ({"first_day": "2030-01-01"}, {"last_day"}),  # would end before it starts
    ],
)
def test_a_bad_update_names_each_field_and_changes_nothing(
    call: Any, org_a: Organisation, body: dict[str, Any], fields: set[str]
) -> None:
    campaign = make_campaign({org_a: 10})
    response = call("programme_manager").patch(path(campaign), body)
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) == fields
    assert Campaign.objects.get(pk=campaign.pk).first_day == campaign.first_day
    assert not AuditEntry.objects.filter(action="campaign.updated").exists()


def test_a_closed_campaign_cannot_be_updated(call: Any, org_a: Organisation, org_b: Organisation) -> None:
    campaign = closed_campaign(org_a, org_b)
    response = call("programme_manager").patch(path(campaign), {"title_sv": "Nytt namn"})
    assert response.status_code == 409
    assert "amend" in response.json()["title"]
    assert Campaign.objects.get(pk=campaign.pk).title_sv == "Hösttävlingen"


# --- Publish, freeze, close ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_publishing_is_for_programme_managers(call: Any, role: str) -> None:
    draft = _draft()
    response = call(role).post(path(draft, "/publish"))
    draft.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 200 and response.json()["status"] == "published"
        assert draft.status == CampaignStatus.PUBLISHED
        assert AuditEntry.objects.filter(action="campaign.published", target_id=str(draft.pk)).exists()
    else:
        assert response.status_code == REFUSED[role]
        assert draft.status == CampaignStatus.DRAFT


def test_freezing_names_every_organisation_without_a_headcount_and_freezes_nothing(
    call: Any, org_a: Organisation, org_b: Organisation
) -> None:
    draft = _draft()
    HeadcountFactory(organisation=org_a, headcount=40)
    for organisation in (org_a, org_b):
        actions.approve(None, actions.invite(None, draft, organisation))
    response = call("programme_manager").post(path(draft, "/freeze-headcounts"))
    assert response.status_code == 409
    assert org_b.name in response.json()["title"]
    assert not Participant.objects.filter(frozen_headcount__isnull=False).exists()
    HeadcountFactory(organisation=org_b, headcount=25)
    response = call("programme_manager").post(path(draft, "/freeze-headcounts"))
    assert response.status_code == 200
    frozen = {p["organisation_slug"]: p["frozen_headcount"] for p in response.json()["items"]}
    assert frozen == {"sater": 40, "gagnef": 25}
    assert AuditEntry.objects.filter(action="campaign.headcounts_frozen").count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_closing_freezes_the_counted_standings_as_the_page_does(
    call: Any, role: str, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = ended_campaign({org_a: 4, org_b: 10})
    for _ in range(2):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day() + datetime.timedelta(days=1)))
    # A counter the event never reached: closing recounts from the completions, as the button does.
    complete(
        UserFactory(), first_course(campaign), org_b, local(first_day() + datetime.timedelta(days=2)), announce=False
    )
    response = call(role).post(path(campaign, "/close"))
    if role not in MANAGERS:
        assert response.status_code == REFUSED[role]
        assert not Result.objects.exists()
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["final"] is True
    assert [(r["organisation_slug"], r["completions"], r["rank"]) for r in body["items"]] == [
        ("sater", 2, 1),
        ("gagnef", 1, 2),
    ]
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CLOSED
    assert Result.objects.get(campaign=campaign).total_completions == 3
    assert AuditEntry.objects.get(action="campaign.closed").after["repaired_before_closing"]


def test_closing_before_the_end_or_twice_is_refused(call: Any, org_a: Organisation, org_b: Organisation) -> None:
    running = make_campaign({org_a: 10})
    early = call("programme_manager").post(path(running, "/close"))
    assert early.status_code == 409 and running.last_day.isoformat() in early.json()["title"]
    assert Campaign.objects.get(pk=running.pk).status == CampaignStatus.PUBLISHED
    closed = closed_campaign(org_a, org_b)
    again = call("programme_manager").post(path(closed, "/close"))
    assert again.status_code == 409
    assert Result.objects.filter(campaign=closed).count() == 1


def test_closing_with_an_organisation_without_a_headcount_saves_nothing(
    call: Any, org_a: Organisation, org_b: Organisation
) -> None:
    first = timezone.localdate() - datetime.timedelta(days=30)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        campaign = make_campaign({org_a: 10}, first=first, last=timezone.localdate() + datetime.timedelta(days=39))
        actions.approve(None, actions.invite(None, campaign, org_b))  # before the start: no headcount needed yet
    response = call("programme_manager").post(path(campaign, "/close"))
    assert response.status_code == 409 and org_b.name in response.json()["title"]
    assert not Result.objects.exists()
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.PUBLISHED
    assert participant(campaign, org_a).frozen_headcount is None  # all or nothing


def test_a_programme_managers_browser_session_sees_drafts_too(programme_manager: Any, coordinator_a: Any) -> None:
    draft = _draft()
    assert client_for(programme_manager).get(path(draft)).status_code == 200
    assert client_for(coordinator_a).get(path(draft)).status_code == 404
