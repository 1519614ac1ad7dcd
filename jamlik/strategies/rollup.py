"""The roll-up of a round across organisations: work status counts, indicator values, highlights.

``rollup_context(round)`` gathers everything in a fixed number of queries; the template
``strategies/_rollup_section.html`` renders it as a section with an ``<h2>``, so the same
section appears on the roll-up page, in the roll-up PDF and in the statistics report.
Only submitted responses count.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jamlik.lib.tables import _safe_text
from jamlik.people.models import Organisation
from jamlik.strategies.models import (
    Answer,
    IndicatorSnapshot,
    QuestionKind,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
    SnapshotKind,
    WorkSnapshot,
    WorkStatus,
)


@dataclass
class StatusRow:
    organisation: str
    counts: list[int]
    total: int


@dataclass
class Highlight:
    question: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (organisation, text)


@dataclass
class QuestionSummary:
    question: str
    counts: list[tuple[str, int]]  # yes/no and choice: (option, organisations)
    values: list[tuple[str, str]]  # numbers: (organisation, value)


def _status_rows(round_: Round, kind: str, only: dict[str, Any]) -> tuple[list[StatusRow], StatusRow]:
    statuses = list(WorkStatus.values)
    per_org: dict[str, list[int]] = {}
    rows = (
        WorkSnapshot.objects.filter(
            response__round=round_, response__status=ResponseStatus.SUBMITTED, kind=kind, **only
        )
        .values("response__organisation__name", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts = per_org.setdefault(row["response__organisation__name"], [0] * len(statuses))
        counts[statuses.index(row["status"])] += row["n"]
    table = [StatusRow(name, counts, sum(counts)) for name, counts in sorted(per_org.items())]
    totals = [sum(r.counts[i] for r in table) for i in range(len(statuses))]
    return table, StatusRow(_("All organisations"), totals, sum(totals))


def rollup_context(round_: Round, organisation_ids: Collection[int] | None = None, level: int = 2) -> dict[str, Any]:
    """Everything the roll-up section shows, in a fixed number of queries whatever the number of organisations.

    ``organisation_ids`` narrows it to some organisations (a report for one county); ``level`` is
    the section's heading level (its tables' headings are one below).
    """
    only: dict[str, Any] = {} if organisation_ids is None else {"response__organisation_id__in": organisation_ids}
    responses = Response.objects.filter(round=round_)
    if organisation_ids is not None:
        responses = responses.filter(organisation_id__in=organisation_ids)
    by_status = {row["status"]: row["n"] for row in responses.values("status").annotate(n=Count("pk"))}
    goals, goal_totals = _status_rows(round_, SnapshotKind.GOAL, only)
    activities, activity_totals = _status_rows(round_, SnapshotKind.ACTIVITY, only)
    indicators = list(
        IndicatorSnapshot.objects.filter(response__round=round_, response__status=ResponseStatus.SUBMITTED, **only)
        .select_related("response__organisation")
        .order_by("response__organisation__name", "pk")
    )
    questions = list(round_.questions.all())
    answers = list(
        Answer.objects.filter(response__round=round_, response__status=ResponseStatus.SUBMITTED, **only)
        .select_related("response__organisation")
        .order_by("response__organisation__name")
    )
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    highlights: list[Highlight] = []
    summaries: list[QuestionSummary] = []
    for question in questions:
        given = by_question.get(question.pk, [])
        if question.kind == QuestionKind.TEXT:
            if question.highlight:
                highlights.append(
                    Highlight(question.text, [(a.response.organisation.name, a.text) for a in given if a.text])
                )
            continue
        counts: list[tuple[str, int]] = []
        values: list[tuple[str, str]] = []
        if question.kind == QuestionKind.YES_NO:
            counts = [
                (str(_("Yes")), sum(1 for a in given if a.yes)),
                (str(_("No")), sum(1 for a in given if a.yes is False)),
            ]
        elif question.kind == QuestionKind.CHOICE:
            counts = [(option, sum(1 for a in given if a.text == option)) for option in question.option_list()]
        else:
            values = [(a.response.organisation.name, a.display()) for a in given]
        summaries.append(QuestionSummary(question.text, counts, values))
    return {
        "round": round_,
        "statuses": [label for _value, label in WorkStatus.choices],
        "asked": sum(by_status.values()),
        "submitted": by_status.get(ResponseStatus.SUBMITTED, 0),
        "drafts": by_status.get(ResponseStatus.DRAFT, 0),
        "goals": goals,
        "goal_totals": goal_totals,
        "activities": activities,
        "activity_totals": activity_totals,
        "indicators": indicators,
        "status_tables": [
            (_("Goals by status"), goals, goal_totals, "goals"),
            (_("Activities by status"), activities, activity_totals, "activities"),
        ],
        "summaries": summaries,
        "highlights": highlights,
        "made_at": timezone.now(),
        "level": level,
        "sublevel": level + 1,
    }


def report_context(scope: Any) -> dict[str, Any]:
    """The statistics report's section (``jamlik.statistics.report.Section``): the rounds of the
    report's period, or the latest round when the period is open, for the organisations in scope.

    These are figures about organisations' work, not about people, so no suppression applies.
    """
    filters = scope.filters
    rounds = Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year", "-created_at")
    if filters.date_from or filters.date_to:
        if filters.date_from:
            rounds = rounds.filter(year__gte=filters.date_from.year)
        if filters.date_to:
            rounds = rounds.filter(year__lte=filters.date_to.year)
        chosen = list(rounds[:5])
    else:
        chosen = list(rounds[:1])
    organisation_ids: list[int] | None = None
    if scope.organisation is not None:
        organisation_ids = [scope.organisation.pk]
    elif scope.county is not None:
        organisation_ids = list(Organisation.objects.filter(county=scope.county).values_list("pk", flat=True))
    return {"rollups": [rollup_context(r, organisation_ids, level=3) for r in chosen]}


def render_section(round_: Round, context: dict[str, Any] | None = None) -> str:
    """The roll-up as an HTML section (``<section>`` with an ``<h2>``), for pages and reports."""
    return render_to_string("strategies/_rollup_section.html", context or rollup_context(round_))


def pdf(round_: Round) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loading pango takes a moment

    html = render_to_string("strategies/rollup_pdf.html", rollup_context(round_))
    data: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant="pdf/ua-1")
    return data


def pdf_response(round_: Round) -> HttpResponse:
    response = HttpResponse(pdf(round_), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="uppfoljning-{round_.year}.pdf"'
    return response


def xlsx_response(round_: Round) -> HttpResponse:
    """Four sheets: status of work, indicators, answers, and who has answered."""
    ctx = rollup_context(round_)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Goals and activities")[:31]
    sheet.append([_("Organisation"), _("Kind"), *[str(label) for label in ctx["statuses"]], _("Total")])
    for label, rows in ((_("Goals"), ctx["goals"]), (_("Activities"), ctx["activities"])):
        for row in rows:
            sheet.append([_safe_text(row.organisation), label, *row.counts, row.total])
    sheet = book.create_sheet(_("Indicators")[:31])
    sheet.append(
        [_("Organisation"), _("Indicator"), _("Unit"), _("Baseline"), _("Target value"), _("Value"), _("Year")]
    )
    for ind in ctx["indicators"]:
        sheet.append(
            [
                _safe_text(ind.response.organisation.name),
                _safe_text(ind.name),
                _safe_text(ind.unit),
                ind.baseline,
                ind.target,
                ind.value,
                ind.value_year,
            ]
        )
    sheet = book.create_sheet(_("Answers")[:31])
    sheet.append([_("Organisation"), _("Question"), _("Answer")])
    questions = {q.pk: q.text for q in round_.questions.all()}
    answers = (
        Answer.objects.filter(response__round=round_, response__status=ResponseStatus.SUBMITTED)
        .select_related("response__organisation")
        .order_by("response__organisation__name", "question__position", "question_id")
    )
    for answer in answers:
        sheet.append(
            [
                _safe_text(answer.response.organisation.name),
                _safe_text(questions.get(answer.question_id, "")),
                _safe_text(answer.display()),
            ]
        )
    sheet = book.create_sheet(_("Status")[:31])
    sheet.append([_("Organisation"), _("Status"), _("Submitted")])
    for response in Response.objects.filter(round=round_).select_related("organisation"):
        submitted = timezone.localtime(response.submitted_at).replace(tzinfo=None) if response.submitted_at else None
        sheet.append([_safe_text(response.organisation.name), str(response.get_status_display()), submitted])
    buffer = io.BytesIO()
    book.save(buffer)
    http = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    http["Content-Disposition"] = f'attachment; filename="uppfoljning-{round_.year}.xlsx"'
    return http
