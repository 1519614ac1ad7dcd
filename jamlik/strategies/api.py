"""Strategies and follow-up in the API (all authenticated, tenant-isolated by ``access``).

- ``GET /strategies``: strategies I may read (my organisations'; programme managers: all).
- ``GET /strategies/{id}``: one strategy with goals, activities, indicators and values.
- ``GET /strategies/rounds``: open rounds my organisations are asked to answer.
- ``GET /strategies/answers``, ``GET|PUT /strategies/answers/{id}``, ``POST …/submit``, ``POST …/reopen``:
  my organisations' answers.
- ``GET /strategies/rounds/{id}/status``: programme managers, who has answered.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from jamlik.lib.api.fields import Key
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.strategies import rounds
from jamlik.strategies.access import (
    get_response_for_coordinator,
    get_response_for_reader,
    get_round_for_manager,
    get_strategy_for_reader,
    own_responses,
    readable_strategies,
)
from jamlik.strategies.forms import AnswerForm
from jamlik.strategies.models import (
    EqualityArea,
    QuestionKind,
    Response,
    ResponseStatus,
    RoundReminder,
    RoundStatus,
    Strategy,
    WorkStatus,
)

router = Router(tags=["strategies"], auth=AUTHENTICATED)


class StrategyOut(Schema):
    id: UUID = Field(alias="public_id")
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    area: EqualityArea
    title: str
    period_from: int
    period_to: int


class StrategyList(Schema):
    items: list[StrategyOut]
    count: int


class ActivityOut(Schema):
    title: str
    owner: str
    status: WorkStatus
    due_date: datetime.date | None

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.owner_label())


class GoalOut(Schema):
    title: str
    description: str
    status: WorkStatus
    activities: list[ActivityOut]

    @staticmethod
    def resolve_activities(obj: Any) -> list[Any]:
        return list(obj.activities.all())


class MeasurementOut(Schema):
    year: int
    value: Decimal


class IndicatorOut(Schema):
    name: str
    unit: str
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None
    values: list[MeasurementOut]

    @staticmethod
    def resolve_values(obj: Any) -> list[Any]:
        return list(obj.measurements.all())


class StrategyDetail(StrategyOut):
    description: str
    goals: list[GoalOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_goals(obj: Strategy) -> list[Any]:
        return list(obj.goals.all())

    @staticmethod
    def resolve_indicators(obj: Strategy) -> list[Any]:
        return list(obj.indicators.all())


class QuestionOut(Schema):
    id: int
    text: str
    help_text: str
    kind: QuestionKind
    options: list[str]
    required: bool

    @staticmethod
    def resolve_options(obj: Any) -> list[str]:
        return list(obj.option_list())


class RoundOut(Schema):
    id: UUID = Field(alias="round.public_id")
    title: str = Field(alias="round.title")
    year: int = Field(alias="round.year")
    deadline: datetime.date = Field(alias="round.deadline")
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    answer: UUID = Field(alias="public_id")
    answer_status: ResponseStatus = Field(alias="status")


class RoundList(Schema):
    items: list[RoundOut]
    count: int


AnswerValue = str | Decimal | bool | None


class AnswerOut(Schema):
    id: UUID = Field(alias="public_id")
    round: UUID = Field(alias="round.public_id")
    round_title: str = Field(alias="round.title")
    deadline: datetime.date = Field(alias="round.deadline")
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    status: ResponseStatus
    strategy: UUID | None = None
    submitted_at: datetime.datetime | None
    questions: list[QuestionOut]
    answers: dict[int, AnswerValue]

    @staticmethod
    def resolve_strategy(obj: Response) -> UUID | None:
        return obj.strategy.public_id if obj.strategy else None

    @staticmethod
    def resolve_questions(obj: Response) -> list[Any]:
        return list(obj.round.questions.all())

    @staticmethod
    def resolve_answers(obj: Response) -> dict[int, AnswerValue]:
        found: dict[int, AnswerValue] = {}
        for answer in obj.answers.all():
            found[answer.question_id] = (
                answer.yes if answer.yes is not None else answer.number if answer.number is not None else answer.text
            )
        return found


class AnswerList(Schema):
    items: list[AnswerOut]
    count: int


class AnswerIn(Schema):
    strategy: UUID | None = None
    answers: dict[Key, AnswerValue] = Field(
        default_factory=dict,
        description="By question id: text, a number, true/false for yes-or-no, or an option's text. null clears.",
    )


class StatusRow(Schema):
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    organisation_name: str = Field(alias="organisation.name")
    status: ResponseStatus
    submitted_at: datetime.datetime | None
    files: int
    last_reminder: datetime.datetime | None


class RoundStatusOut(Schema):
    id: UUID
    title: str
    year: int
    deadline: datetime.date
    status: RoundStatus
    submitted: int
    items: list[StatusRow]
    count: int


def _answers_queryset(queryset: Any) -> Any:
    from jamlik.strategies.models import Question

    return queryset.prefetch_related(
        Prefetch("round__questions", queryset=Question.objects.order_by("position", "pk")), "answers"
    ).order_by("-round__year", "organisation__name", "pk")


@router.get("", response=StrategyList, summary="Strategies I may read")
def list_strategies(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(readable_strategies(api_user(request)).order_by("organisation__name", "-period_to", "pk"), page)


@router.get("/rounds", response=RoundList, summary="Open follow-up rounds my organisations are asked to answer")
def open_rounds(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    queryset = own_responses(api_user(request)).filter(round__status=RoundStatus.OPEN)
    return paginate(queryset.order_by("round__deadline", "organisation__name", "pk"), page)


@router.get(
    "/rounds/{uuid:round_id}/status", response=RoundStatusOut, summary="Who has answered a round (programme managers)"
)
def round_status(request: HttpRequest, round_id: UUID, page: Query[Page]) -> dict[str, Any]:
    round_ = get_round_for_manager(api_user(request), round_id)
    last = {
        row["organisation_id"]: row["last"]
        for row in RoundReminder.objects.filter(round=round_).values("organisation_id").annotate(last=Max("sent_at"))
    }
    queryset = (
        Response.objects.filter(round=round_)
        .select_related("organisation")
        .annotate(files=Count("evidence"))
        .order_by("organisation__name", "pk")
    )
    listed = paginate(queryset, page)
    for row in listed["items"]:
        row.last_reminder = last.get(row.organisation_id)
    return {
        "id": round_.public_id,
        "title": round_.title,
        "year": round_.year,
        "deadline": round_.deadline,
        "status": round_.status,
        "submitted": Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).count(),
        **listed,
    }


@router.get("/answers", response=AnswerList, summary="My organisations' answers to follow-up rounds")
def list_answers(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(_answers_queryset(own_responses(api_user(request))), page)


def _one_answer(user: Any, response_id: UUID) -> Response:
    return _answers_queryset(Response.objects.select_related("round", "organisation", "strategy")).get(  # type: ignore[no-any-return]
        pk=get_response_for_reader(user, response_id).pk
    )


@router.get("/answers/{uuid:response_id}", response=AnswerOut, summary="One answer")
def get_answer(request: HttpRequest, response_id: UUID) -> Response:
    return _one_answer(api_user(request), response_id)


def _form_data(questions: list[Any], payload: AnswerIn) -> dict[str, Any]:
    data: dict[str, Any] = {"strategy": str(payload.strategy) if payload.strategy else ""}
    for question in questions:
        if question.pk not in payload.answers:
            continue
        value = payload.answers[question.pk]
        if value is None:
            data[f"q{question.pk}"] = ""
        elif isinstance(value, bool):
            data[f"q{question.pk}"] = "yes" if value else "no"
        else:
            data[f"q{question.pk}"] = str(value)
    return data


@router.put("/answers/{uuid:response_id}", response=AnswerOut, summary="Save my organisation's answer as a draft")
def save_answer(request: HttpRequest, response_id: UUID, payload: AnswerIn) -> Response:
    user = api_user(request)
    response = get_response_for_coordinator(user, response_id)
    questions = list(response.round.questions.all())
    known = {q.pk for q in questions}
    unknown = [str(k) for k in payload.answers if k not in known]
    if unknown:
        raise ValidationError({f"answers.{k}": ["This question is not in the round."] for k in unknown})
    form = AnswerForm(
        response,
        questions,
        Strategy.objects.filter(organisation=response.organisation_id),
        _form_data(questions, payload),
    )
    if not form.is_valid():
        raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    values = {pk: v for pk, v in form.values().items() if pk in payload.answers}
    # Leaving "strategy" out keeps the linked strategy; null unlinks it.
    strategy = form.cleaned_data.get("strategy") if "strategy" in payload.model_fields_set else response.strategy
    rounds.save_answers(user, response, values, strategy)
    return _one_answer(user, response_id)


@router.post("/answers/{uuid:response_id}/submit", response=AnswerOut, summary="Submit my organisation's answer")
def submit_answer(request: HttpRequest, response_id: UUID) -> Response:
    user = api_user(request)
    rounds.submit_response(user, get_response_for_coordinator(user, response_id))
    return _one_answer(user, response_id)


@router.post(
    "/answers/{uuid:response_id}/reopen", response=AnswerOut, summary="Reopen a submitted answer before the deadline"
)
def reopen_answer(request: HttpRequest, response_id: UUID) -> Response:
    user = api_user(request)
    rounds.reopen_response(user, get_response_for_coordinator(user, response_id))
    return _one_answer(user, response_id)


@router.get(
    "/{uuid:strategy_id}", response=StrategyDetail, summary="One strategy with goals, activities and indicators"
)
def get_strategy(request: HttpRequest, strategy_id: UUID) -> Strategy:
    return get_strategy_for_reader(api_user(request), strategy_id)
