"""Follow-up rounds for programme managers: create, questions, organisations, opening, the status table."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, OrganisationKind, User
from jamlik.strategies import rounds
from jamlik.strategies.models import Question, Response, ResponseStatus, Round, RoundStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.strategies.factories import make_round

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def county_boards(n: int, start: int = 0) -> list[Organisation]:
    return [
        OrganisationFactory(kind=OrganisationKind.COUNTY_BOARD, name=f"Länsstyrelsen {i}", slug=f"lst-{i}")
        for i in range(start, start + n)
    ]


def test_only_programme_managers_reach_the_rounds(
    as_coordinator_a: Client, as_learner_a: Client, as_programme_manager: Client, org_a: Organisation
) -> None:
    round_ = make_round([org_a])
    assert as_programme_manager.get("/uppfoljning/").status_code == 200
    for client in (as_coordinator_a, as_learner_a):
        assert client.get("/uppfoljning/").status_code == 404
        assert client.get(f"/uppfoljning/{round_.public_id}/").status_code == 404
        assert client.get(f"/uppfoljning/{round_.public_id}/sammanstallning.xlsx").status_code == 404
        assert client.post(f"/uppfoljning/{round_.public_id}/stang/").status_code == 404
    assert Round.objects.get().status == RoundStatus.OPEN


def test_a_programme_manager_builds_and_opens_a_round_for_all_county_boards(
    as_programme_manager: Client, org_a: Organisation, coordinator_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    boards = county_boards(21)
    coordinator = UserFactory(email="strateg@lst-3.se")
    MembershipFactory(user=coordinator, organisation=boards[3], role="coordinator")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    response = as_programme_manager.post(
        "/uppfoljning/ny/", {"title": "Uppföljning 2025", "year": 2025, "deadline": deadline.isoformat()}
    )
    round_ = Round.objects.get()
    assert response["Location"] == f"/uppfoljning/{round_.public_id}/"
    base = response["Location"]
    assert (
        as_programme_manager.post(f"{base}fragor/", {"text": "Lärdomar?", "kind": "text", "required": "on"}).status_code
        == 302
    )
    assert (
        as_programme_manager.post(
            f"{base}fragor/", {"text": "Läge?", "kind": "choice", "options": "Bra\nDåligt", "required": "on"}
        ).status_code
        == 302
    )
    assert (
        as_programme_manager.post(
            f"{base}organisationer/", {"all_county_boards": "on", "organisations": ["sater"]}
        ).status_code
        == 302
    )
    assert Response.objects.filter(round=round_).count() == 22
    # Adding the same organisations again changes nothing.
    as_programme_manager.post(f"{base}organisationer/", {"all_county_boards": "on"})
    assert Response.objects.filter(round=round_).count() == 22
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert as_programme_manager.post(f"{base}oppna/").status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == ["malin@sater.se", "strateg@lst-3.se"]
    assert AuditEntry.objects.filter(action="strategy_round.opened").count() == 1


def test_a_choice_question_needs_two_options(as_programme_manager: Client) -> None:
    round_ = make_round([], open_it=False)
    before = round_.questions.count()
    response = english(as_programme_manager).post(
        f"/uppfoljning/{round_.public_id}/fragor/", {"text": "Välj", "kind": "choice", "options": "Bara en"}
    )
    assert response.status_code == 400
    assert b"Give at least two options" in response.content
    assert round_.questions.count() == before


def test_a_round_cannot_open_without_organisations(as_programme_manager: Client) -> None:
    round_ = make_round([], open_it=False)
    as_programme_manager.post(f"/uppfoljning/{round_.public_id}/oppna/")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT


def test_questions_are_fixed_once_the_round_is_open(as_programme_manager: Client, org_a: Organisation) -> None:
    round_ = make_round([org_a])
    question = round_.questions.first()
    assert question is not None
    as_programme_manager.post(f"/uppfoljning/{round_.public_id}/fragor/{question.pk}/ta-bort/")
    as_programme_manager.post(f"/uppfoljning/{round_.public_id}/fragor/", {"text": "Sen fråga", "kind": "text"})
    assert Question.objects.filter(pk=question.pk).exists()
    assert not Question.objects.filter(text="Sen fråga").exists()


def test_a_deadline_in_the_past_is_refused(as_programme_manager: Client) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = as_programme_manager.post("/uppfoljning/ny/", {"title": "Sen", "year": 2025, "deadline": yesterday})
    assert response.status_code == 400
    assert not Round.objects.exists()


def test_an_organisation_that_has_started_stays_in_the_round(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    round_ = make_round([org_a, org_b])
    started = Response.objects.get(round=round_, organisation=org_a)
    rounds.save_answers(None, started, {}, None)
    untouched = Response.objects.get(round=round_, organisation=org_b)
    as_programme_manager.post(f"/uppfoljning/{round_.public_id}/organisationer/{started.public_id}/ta-bort/")
    as_programme_manager.post(f"/uppfoljning/{round_.public_id}/organisationer/{untouched.public_id}/ta-bort/")
    assert list(Response.objects.filter(round=round_).values_list("organisation__slug", flat=True)) == ["sater"]


def test_the_status_table_shows_who_has_answered_in_constant_queries(
    as_programme_manager: Client, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    boards = county_boards(3)
    round_ = make_round([org_a, *boards])
    response = Response.objects.get(round=round_, organisation=org_a)
    rounds.save_answers(
        None, response, {q.pk: "Ja" if q.kind == "text" else None for q in round_.questions.all()}, None
    )
    with django_assert_max_num_queries(16):
        page = as_programme_manager.get(f"/uppfoljning/{round_.public_id}/")
    assert page.status_code == 200
    assert "Säters kommun".encode() in page.content
    rounds.add_organisations(None, round_, county_boards(17, start=3))
    with django_assert_max_num_queries(16):
        page = as_programme_manager.get(f"/uppfoljning/{round_.public_id}/")
    assert page.content.count(b'name="response"') == 21  # a remind button per organisation still waiting
    with django_assert_max_num_queries(12):
        as_programme_manager.get("/uppfoljning/")


def test_closing_a_round_stops_answers(as_programme_manager: Client, org_a: Organisation) -> None:
    round_ = make_round([org_a])
    as_programme_manager.post(f"/uppfoljning/{round_.public_id}/stang/")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert not round_.accepts_answers()
    assert Response.objects.get(round=round_).status == ResponseStatus.NOT_STARTED


def test_a_programme_manager_extends_the_deadline_of_an_open_round(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    round_ = make_round([org_a])
    later = timezone.localdate() + datetime.timedelta(days=60)
    response = as_programme_manager.post(
        f"/uppfoljning/{round_.public_id}/andra/",
        {"title": round_.title, "year": 2025, "deadline": later.isoformat(), "introduction": ""},
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.deadline == later
    assert AuditEntry.objects.filter(action="strategy_round.changed").count() == 1
