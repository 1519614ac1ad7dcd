"""Evaluation results in the API: each closed round's figures, the same published cells as the page.

A hidden count is ``null`` with its state in ``states`` (``small`` or ``protected``), as in the
statistics API; ``mean`` is ``null`` where the page says "mean hidden"; ``texts`` are the free-text
answers in alphabetical order. A round below the threshold has ``published: false`` and no questions.
A course's authors and a programme's organisers only; anyone else gets 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jamlik.evaluations.access import get_course_for_organiser, get_programme_for_organiser
from jamlik.evaluations.results import RoundResult, results_of
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.statistics import suppression
from jamlik.statistics.tables import KON_COLUMNS, legend

router = Router(tags=["evaluations"])


class EvaluationRatingOut(Schema):
    rating: int
    cells: list[int | None]
    states: list[str]


class EvaluationQuestionOut(Schema):
    position: int
    kind: str
    text_sv: str
    text_en: str
    ratings: list[EvaluationRatingOut]
    total: list[int | None]
    total_states: list[str]
    mean: float | None
    texts: list[str]


class EvaluationRoundOut(Schema):
    period: str = Field(description="Year and quarter, such as 2026-2.")
    first_day: datetime.date
    last_day: datetime.date
    questionnaire: int
    responses: list[int | None] = Field(description="By kön (the columns), then the total.")
    response_states: list[str]
    eligible: int
    response_rate: int | None = Field(description="Whole per cent, only where the count is shown.")
    published: bool
    questions: list[EvaluationQuestionOut]


class EvaluationResultsOut(Schema):
    title: str
    columns: list[str]
    threshold: int
    legend: dict[str, str]
    rounds: list[EvaluationRoundOut]


def _round(result: RoundResult) -> dict[str, Any]:
    return {
        "period": result.period,
        "first_day": result.first_day,
        "last_day": result.last_day,
        "questionnaire": result.questionnaire.number,
        "responses": [c.value for c in result.responses],
        "response_states": [c.state.value for c in result.responses],
        "eligible": result.eligible,
        "response_rate": result.rate,
        "published": result.published,
        "questions": [
            {
                "position": item.question.position,
                "kind": item.question.kind,
                "text_sv": item.question.text_sv,
                "text_en": item.question.text_en,
                "ratings": [
                    {"rating": rating, "cells": [c.value for c in cells], "states": [c.state.value for c in cells]}
                    for rating, cells in item.rows
                ],
                "total": [c.value for c in item.total],
                "total_states": [c.state.value for c in item.total],
                "mean": float(item.mean) if item.mean is not None else None,
                "texts": item.texts,
            }
            for item in result.questions
        ],
    }


def _out(title: str, results: list[RoundResult]) -> dict[str, Any]:
    return {
        "title": title,
        "columns": [str(label) for _key, label in KON_COLUMNS] + ["Total"],
        "threshold": suppression.threshold(),
        "legend": legend(),
        "rounds": [_round(r) for r in results],
    }


@router.get(
    "/courses/{course}",
    response=EvaluationResultsOut,
    auth=AUTHENTICATED,
    summary="A course's evaluation: every closed round, small groups hidden",
)
def course_results(request: HttpRequest, course: str) -> dict[str, Any]:
    found = get_course_for_organiser(api_user(request), course[:80])
    version = found.published_version
    return _out(version.title if version else found.slug, results_of(course=found))


@router.get(
    "/programmes/{programme}",
    response=EvaluationResultsOut,
    auth=AUTHENTICATED,
    summary="A programme's evaluation: every closed round, small groups hidden",
)
def programme_results(request: HttpRequest, programme: str) -> dict[str, Any]:
    found = get_programme_for_organiser(api_user(request), programme[:80])
    return _out(found.title, results_of(programme=found))
