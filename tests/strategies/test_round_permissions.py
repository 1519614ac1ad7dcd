"""Follow-up round actions check their actor themselves (docs/architecture.md, "Who may make a
change"): programme managers run rounds, an organisation's coordinators answer for it. Each case
calls one action as someone who may not and expects ``PermissionDenied`` with nothing written."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jamlik.people.models import Organisation, User
from jamlik.strategies import rounds
from jamlik.strategies.models import Answer, Question, QuestionKind, Response, ResponseStatus, Round, RoundStatus
from tests.refusals import assert_refused
from tests.strategies.factories import make_round, questions


@dataclass
class Followed:
    """An open round answered by organisation A, a draft round, and A's response."""

    org_b: Organisation
    open_round: Round
    draft: Round
    response: Response


@pytest.fixture
def followed(org_a: Organisation, org_b: Organisation) -> Followed:
    open_round = make_round([org_a])
    draft = make_round([org_a, org_b], open_it=False, title="Uppföljning 2026")
    return Followed(org_b, open_round, draft, Response.objects.get(round=open_round, organisation=org_a))


IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)
# Running a round: only programme managers; even a coordinator of a taking-part organisation is refused.
NOT_A_MANAGER: dict[str, Callable[[Followed, User], object]] = {
    "create_round": lambda f, u: rounds.create_round(u, title="Egen", year=2026, deadline=IN_A_WEEK),
    "update_round": lambda f, u: rounds.update_round(u, f.draft, title="Ändrad", year=2026, deadline=IN_A_WEEK),
    "add_question": lambda f, u: rounds.add_question(u, f.draft, text="Ny fråga?", kind=QuestionKind.TEXT),
    "remove_question": lambda f, u: rounds.remove_question(u, f.draft, f.draft.questions.all()[0]),
    "add_organisations": lambda f, u: rounds.add_organisations(u, f.open_round, [f.org_b]),
    "remove_organisation": lambda f, u: rounds.remove_organisation(
        u, f.draft, Response.objects.get(round=f.draft, organisation=f.org_b)
    ),
    "open_round": lambda f, u: rounds.open_round(u, f.draft),
    "close_round": lambda f, u: rounds.close_round(u, f.open_round),
}
# An organisation's response: a coordinator of another organisation is refused.
OUTSIDER: dict[str, Callable[[Followed, User], object]] = {
    "save_answers": lambda f, u: rounds.save_answers(
        u, f.response, {questions(f.open_round)[QuestionKind.TEXT]: "Vi lärde oss mycket."}, None
    ),
    "submit_response": lambda f, u: rounds.submit_response(u, f.response),
    "reopen_response": lambda f, u: rounds.reopen_response(u, f.response),
}
WATCHED = (Round, Question, Response, Answer)


def _states() -> list[tuple[object, ...]]:
    return [
        *Round.objects.order_by("pk").values_list("title", "status"),
        *Response.objects.order_by("pk").values_list("status"),
    ]


@pytest.mark.parametrize("action", sorted(NOT_A_MANAGER))
def test_a_coordinator_cannot_run_a_round(followed: Followed, coordinator_a: User, action: str) -> None:
    before = _states()
    assert_refused(lambda: NOT_A_MANAGER[action](followed, coordinator_a), *WATCHED)
    assert _states() == before


@pytest.mark.parametrize("action", sorted(OUTSIDER))
def test_a_coordinator_of_another_organisation_cannot_answer(
    followed: Followed, coordinator_b: User, action: str
) -> None:
    before = _states()
    assert_refused(lambda: OUTSIDER[action](followed, coordinator_b), *WATCHED)
    assert _states() == before


def test_the_organisations_coordinator_and_programme_managers_may(
    followed: Followed, coordinator_a: User, programme_manager: User
) -> None:
    """The same checks let through whom the pages let through."""
    rounds.open_round(programme_manager, followed.draft)
    text = questions(followed.open_round)[QuestionKind.TEXT]
    rounds.save_answers(coordinator_a, followed.response, {text: "Vi lärde oss mycket."}, None)
    followed.draft.refresh_from_db()
    assert followed.draft.status == RoundStatus.OPEN
    assert Response.objects.get(pk=followed.response.pk).status == ResponseStatus.DRAFT
    assert Answer.objects.get(response=followed.response).text == "Vi lärde oss mycket."
