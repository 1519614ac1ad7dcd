"""A coordinator answers a round: drafts, submission with the strategy's snapshot, reopening before the deadline."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation
from jamlik.strategies.models import (
    Answer,
    IndicatorSnapshot,
    Response,
    ResponseStatus,
    SnapshotKind,
    WorkSnapshot,
    WorkStatus,
)
from tests.strategies.factories import make_round, make_strategy, questions

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(response: Response) -> str:
    return f"/uppfoljning/svar/{response.public_id}/"


def full_answer(round_: object, strategy: object | None = None) -> dict[str, str]:
    q = questions(round_)  # type: ignore[arg-type]
    data = {f"q{q['text']}": "Ledningen måste vara med.", f"q{q['yes_no']}": "yes", f"q{q['number']}": "7"}
    data[f"q{q['choice']}"] = "Delvis"
    data["strategy"] = str(strategy.public_id) if strategy is not None else ""  # type: ignore[attr-defined]
    return data


def test_a_coordinator_saves_a_draft_then_submits_with_a_snapshot_of_the_strategy(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    strategy = make_strategy(org_a)
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    draft = as_coordinator_a.post(url(response), {f"q{questions(round_)['text']}": "Halvfärdigt", "save": "1"})
    assert draft.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT
    submitted = as_coordinator_a.post(url(response), {**full_answer(round_, strategy), "submit": "1"})
    assert submitted.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at is not None
    assert response.strategy == strategy
    assert Answer.objects.get(response=response, question_id=questions(round_)["number"]).number == Decimal(7)
    activities = WorkSnapshot.objects.filter(response=response, kind=SnapshotKind.ACTIVITY)
    assert sorted(activities.values_list("status", flat=True)) == ["done", "ongoing", "planned"]
    assert WorkSnapshot.objects.filter(response=response, kind=SnapshotKind.GOAL).count() == 2
    indicator = IndicatorSnapshot.objects.get(response=response)
    assert (indicator.value, indicator.value_year) == (Decimal(55), 2025)
    assert AuditEntry.objects.filter(action="strategy_response.submitted", organisation=org_a).exists()


def test_the_snapshot_keeps_what_was_true_at_submission(as_coordinator_a: Client, org_a: Organisation) -> None:
    strategy = make_strategy(org_a)
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    as_coordinator_a.post(url(response), {**full_answer(round_, strategy), "submit": "1"})
    strategy.goals.update(status=WorkStatus.DONE)
    assert set(
        WorkSnapshot.objects.filter(response=response, kind=SnapshotKind.GOAL).values_list("status", flat=True)
    ) == {"ongoing", "planned"}


def test_submitting_without_a_required_answer_is_refused_and_the_draft_is_kept(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    data = full_answer(round_)
    del data[f"q{questions(round_)['yes_no']}"]
    page = english(as_coordinator_a).post(url(response), {**data, "submit": "1"})
    assert page.status_code == 400
    assert b"This question needs an answer." in page.content
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT
    assert (
        Answer.objects.get(response=response, question_id=questions(round_)["text"]).text == "Ledningen måste vara med."
    )


def test_a_number_that_is_not_a_number_is_refused(as_coordinator_a: Client, org_a: Organisation) -> None:
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    page = as_coordinator_a.post(url(response), {f"q{questions(round_)['number']}": "sju", "save": "1"})
    assert page.status_code == 400
    assert not Answer.objects.filter(response=response).exists()


def test_an_option_that_is_not_offered_is_refused(as_coordinator_a: Client, org_a: Organisation) -> None:
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    page = as_coordinator_a.post(url(response), {f"q{questions(round_)['choice']}": "Utmärkt", "save": "1"})
    assert page.status_code == 400
    assert not Answer.objects.filter(response=response).exists()


def test_another_organisations_strategy_cannot_be_linked(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    foreign = make_strategy(org_b)
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    page = as_coordinator_a.post(url(response), {**full_answer(round_, foreign), "submit": "1"})
    assert page.status_code == 400
    response.refresh_from_db()
    assert response.strategy is None and response.status == ResponseStatus.NOT_STARTED


def test_a_submitted_answer_can_be_reopened_before_the_deadline_but_not_after(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    round_ = make_round([org_a], deadline=timezone.localdate() + datetime.timedelta(days=2))
    response = Response.objects.get(round=round_)
    as_coordinator_a.post(url(response), {**full_answer(round_, make_strategy(org_a)), "submit": "1"})
    assert as_coordinator_a.post(url(response) + "ateroppna/").status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT
    assert not WorkSnapshot.objects.filter(response=response).exists()
    as_coordinator_a.post(url(response), {**full_answer(round_), "submit": "1"})
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        as_coordinator_a.post(url(response) + "ateroppna/")
        response.refresh_from_db()
        assert response.status == ResponseStatus.SUBMITTED
        late = as_coordinator_a.post(url(response), {**full_answer(round_), "save": "1"})
        assert late.status_code == 400


def test_a_draft_round_is_invisible_to_coordinators(as_coordinator_a: Client, org_a: Organisation) -> None:
    round_ = make_round([org_a], open_it=False)
    response = Response.objects.get(round=round_)
    assert as_coordinator_a.get(url(response)).status_code == 404


def test_coordinator_b_never_reaches_organisation_a_answers(
    as_coordinator_b: Client, as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    round_ = make_round([org_a, org_b])
    response = Response.objects.get(round=round_, organisation=org_a)
    as_coordinator_a.post(url(response), {**full_answer(round_), "save": "1"})
    assert as_coordinator_b.get(url(response)).status_code == 404
    assert as_coordinator_b.post(url(response), {**full_answer(round_), "submit": "1"}).status_code == 404
    assert as_coordinator_b.post(url(response) + "ateroppna/").status_code == 404
    listing = as_coordinator_b.get("/strategier/")
    assert str(response.public_id).encode() not in listing.content
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_a_programme_manager_reads_an_answer_without_a_form_to_change_it(
    as_programme_manager: Client, as_coordinator_a: Client, org_a: Organisation
) -> None:
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    as_coordinator_a.post(url(response), {**full_answer(round_), "save": "1"})
    page = as_programme_manager.get(url(response))
    assert page.status_code == 200
    assert "Ledningen måste vara med.".encode() in page.content
    assert b'name="submit"' not in page.content
    assert as_programme_manager.post(url(response), {**full_answer(round_), "submit": "1"}).status_code == 404
