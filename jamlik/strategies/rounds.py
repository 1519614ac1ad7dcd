"""State changes of follow-up rounds and of organisations' responses.

A round is a draft while the programme manager writes its questions and picks organisations;
opening it tells the organisations' coordinators. Questions are fixed once the round is open,
so every organisation answers the same ones. A response may be saved as a draft any number of
times, submitted, and reopened until the deadline; submitting copies the linked strategy into
snapshot rows (see ``models.WorkSnapshot``).

Each action checks its actor first: rounds are run by programme managers (``access.check_may_run_rounds``),
a response is written by its organisation's coordinators (``access.check_may_edit``); ``None``
is the platform itself (the demo data, scheduled commands).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.people.models import Membership, MembershipRole, Organisation, User
from jamlik.strategies.access import check_may_edit, check_may_run_rounds
from jamlik.strategies.models import (
    Answer,
    IndicatorSnapshot,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
    SnapshotKind,
    Strategy,
    WorkSnapshot,
)


@transaction.atomic
def create_round(
    actor: User | None, *, title: str, year: int, deadline: datetime.date, introduction: str = ""
) -> Round:
    check_may_run_rounds(actor)
    if not title.strip():
        raise ValidationError({"title": _("Give the round a title.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    round_ = Round.objects.create(
        title=title.strip(), year=year, deadline=deadline, introduction=introduction.strip(), created_by=actor
    )
    record(
        "strategy_round.created",
        actor=actor,
        target=round_,
        summary=round_.title,
        after={"year": year, "deadline": deadline.isoformat()},
    )
    return round_


@transaction.atomic
def update_round(
    actor: User | None, round_: Round, *, title: str, year: int, deadline: datetime.date, introduction: str = ""
) -> Round:
    """Change a round's title, year, deadline or introduction (for example to give more time)."""
    check_may_run_rounds(actor)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError(_("The round is closed."))
    if not title.strip():
        raise ValidationError({"title": _("Give the round a title.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    before = {"title": locked.title, "year": locked.year, "deadline": locked.deadline.isoformat()}
    locked.title, locked.year, locked.deadline = title.strip(), year, deadline
    locked.introduction = introduction.strip()
    locked.save(update_fields=["title", "year", "deadline", "introduction"])
    record(
        "strategy_round.changed",
        actor=actor,
        target=locked,
        summary=locked.title,
        before=before,
        after={"title": locked.title, "year": year, "deadline": deadline.isoformat()},
    )
    return locked


@transaction.atomic
def add_question(
    actor: User | None,
    round_: Round,
    *,
    text: str,
    kind: str,
    options: str = "",
    help_text: str = "",
    required: bool = True,
    highlight: bool = False,
) -> Question:
    check_may_run_rounds(actor)
    if Round.objects.select_for_update().get(pk=round_.pk).status != RoundStatus.DRAFT:
        raise ValidationError(_("Questions can be changed only before the round is opened."))
    if not text.strip():
        raise ValidationError({"text": _("Write the question.")})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of answer from the list.")})
    question = Question(
        round=round_,
        text=text.strip(),
        kind=kind,
        options=options.strip() if kind == QuestionKind.CHOICE else "",
        help_text=help_text.strip(),
        required=required,
        highlight=highlight and kind == QuestionKind.TEXT,
    )
    if kind == QuestionKind.CHOICE and len(question.option_list()) < 2:
        raise ValidationError({"options": _("Give at least two options, one per line.")})
    last = round_.questions.order_by("-position").values_list("position", flat=True).first()
    question.position = (last or 0) + 1
    question.save()
    record("strategy_round.question_added", actor=actor, target=round_, summary=question.text[:300])
    return question


@transaction.atomic
def remove_question(actor: User | None, round_: Round, question: Question) -> None:
    check_may_run_rounds(actor)
    if Round.objects.select_for_update().get(pk=round_.pk).status != RoundStatus.DRAFT:
        raise ValidationError(_("Questions can be changed only before the round is opened."))
    if question.round_id != round_.pk:
        raise ValueError("The question belongs to another round")
    record("strategy_round.question_removed", actor=actor, target=round_, summary=question.text[:300])
    question.delete()


@transaction.atomic
def add_organisations(actor: User | None, round_: Round, organisations: Iterable[Organisation]) -> int:
    """Ask these organisations too. Returns how many were new to the round."""
    check_may_run_rounds(actor)
    if Round.objects.select_for_update().get(pk=round_.pk).status == RoundStatus.CLOSED:
        raise ValidationError(_("The round is closed."))
    wanted = {o.pk: o for o in organisations}
    present = set(
        Response.objects.filter(round=round_, organisation_id__in=wanted).values_list("organisation_id", flat=True)
    )
    new = [Response(round=round_, organisation=o) for pk, o in wanted.items() if pk not in present]
    Response.objects.bulk_create(new)
    if new:
        record(
            "strategy_round.organisations_added",
            actor=actor,
            target=round_,
            summary=", ".join(r.organisation.name for r in new),
            after={"organisations": [r.organisation_id for r in new]},
        )
        if round_.status == RoundStatus.OPEN:
            _tell_coordinators(round_, [r.organisation_id for r in new])
    return len(new)


@transaction.atomic
def remove_organisation(actor: User | None, round_: Round, response: Response) -> None:
    """Take an organisation off the round, only while it has not answered anything."""
    check_may_run_rounds(actor)
    if response.round_id != round_.pk:
        raise ValueError("The response belongs to another round")
    if response.status != ResponseStatus.NOT_STARTED or response.answers.exists() or response.evidence.exists():
        raise ValidationError(_("The organisation has started answering, so it stays in the round."))
    record(
        "strategy_round.organisation_removed",
        actor=actor,
        organisation=response.organisation,
        target=round_,
        summary=response.organisation.name,
    )
    response.delete()


@transaction.atomic
def open_round(actor: User | None, round_: Round) -> Round:
    check_may_run_rounds(actor)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != RoundStatus.DRAFT:
        raise ValidationError(_("The round is already open or closed."))
    if not locked.questions.exists():
        raise ValidationError(_("Add at least one question before opening the round."))
    if not locked.responses.exists():
        raise ValidationError(_("Pick at least one organisation before opening the round."))
    if locked.deadline < timezone.localdate():
        raise ValidationError(_("The deadline has passed. Make a new round."))
    locked.status, locked.opened_at = RoundStatus.OPEN, timezone.now()
    locked.save(update_fields=["status", "opened_at"])
    record("strategy_round.opened", actor=actor, target=locked, summary=locked.title)
    _tell_coordinators(locked, list(locked.responses.values_list("organisation_id", flat=True)))
    round_.status, round_.opened_at = locked.status, locked.opened_at
    return locked


@transaction.atomic
def close_round(actor: User | None, round_: Round) -> Round:
    check_may_run_rounds(actor)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    locked.status = RoundStatus.CLOSED
    locked.save(update_fields=["status"])
    record("strategy_round.closed", actor=actor, target=locked, summary=locked.title)
    round_.status = locked.status
    return locked


def coordinators_of(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """Current, active coordinators of each organisation (one query)."""
    found: dict[int, list[User]] = {}
    memberships = (
        Membership.objects.current()
        .filter(organisation_id__in=list(organisation_ids), role=MembershipRole.COORDINATOR, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    for membership in memberships:
        found.setdefault(membership.organisation_id, []).append(membership.user)
    return found


def _tell_coordinators(round_: Round, organisation_ids: list[int]) -> None:
    responses = {
        r.organisation_id: r
        for r in Response.objects.filter(round=round_, organisation_id__in=organisation_ids).select_related(
            "organisation"
        )
    }
    for organisation_id, users in coordinators_of(organisation_ids).items():
        response = responses[organisation_id]
        for user in users:
            send_email(
                user.email,
                "strategies_round_opened",
                {
                    "round": round_,
                    "organisation": response.organisation,
                    "name": user.display_name(),
                    "link": reverse("strategies:answer", args=[response.public_id]),
                },
                user.preferred_language or "sv",
            )


def _check_answerable(response: Response) -> None:
    if not response.round.accepts_answers():
        raise ValidationError(_("The round does not take answers now: it is closed or the deadline has passed."))


@transaction.atomic
def save_answers(actor: User | None, response: Response, values: dict[int, Any], strategy: Strategy | None) -> Response:
    """Save a draft. ``values`` are cleaned values by question id (see ``forms.AnswerForm``)."""
    check_may_edit(actor, response.organisation)
    locked = Response.objects.select_for_update(of=("self",)).select_related("round").get(pk=response.pk)
    _check_answerable(locked)
    if locked.status == ResponseStatus.SUBMITTED:
        raise ValidationError(_("The answer has been submitted. Reopen it to make changes."))
    if strategy is not None and strategy.organisation_id != locked.organisation_id:
        raise ValidationError({"strategy": _("Choose one of your organisation's strategies.")})
    questions = {q.pk: q for q in locked.round.questions.all()}
    existing = {a.question_id: a for a in locked.answers.all()}
    for question_id, value in values.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("The answer is to a question that is not in this round."))
        answer = existing.get(question_id) or Answer(response=locked, question=question)
        answer.text, answer.number, answer.yes = "", None, None
        if value is None or value == "":
            if answer.pk:
                answer.delete()
            continue
        if question.kind == QuestionKind.NUMBER:
            answer.number = Decimal(value)
        elif question.kind == QuestionKind.YES_NO:
            answer.yes = bool(value)
        elif question.kind == QuestionKind.CHOICE:
            if value not in question.option_list():
                raise ValidationError({f"q{question.pk}": _("Choose one of the options.")})
            answer.text = str(value)
        else:
            answer.text = str(value).strip()
        answer.save()
    locked.strategy = strategy
    locked.status = ResponseStatus.DRAFT
    locked.updated_at = timezone.now()
    locked.save(update_fields=["strategy", "status", "updated_at"])
    record(
        "strategy_response.saved",
        actor=actor,
        organisation=locked.organisation,
        target=locked,
        summary=f"{locked.round.title}: {len(values)}",
    )
    return locked


@transaction.atomic
def submit_response(actor: User | None, response: Response) -> Response:
    check_may_edit(actor, response.organisation)
    locked = Response.objects.select_for_update(of=("self",)).select_related("round", "strategy").get(pk=response.pk)
    _check_answerable(locked)
    if locked.status == ResponseStatus.SUBMITTED:
        raise ValidationError(_("The answer has already been submitted."))
    answered = set(locked.answers.values_list("question_id", flat=True))
    missing = {
        f"q{q.pk}": _("This question needs an answer.")
        for q in locked.round.questions.filter(required=True)
        if q.pk not in answered
    }
    if missing:
        raise ValidationError(missing)
    _snapshot(locked)
    locked.status, locked.submitted_at, locked.submitted_by = ResponseStatus.SUBMITTED, timezone.now(), actor
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    record(
        "strategy_response.submitted",
        actor=actor,
        organisation=locked.organisation,
        target=locked,
        summary=locked.round.title,
        after={"strategy": str(locked.strategy.public_id) if locked.strategy else None},
    )
    return locked


def _snapshot(response: Response) -> None:
    WorkSnapshot.objects.filter(response=response).delete()
    IndicatorSnapshot.objects.filter(response=response).delete()
    strategy = response.strategy
    if strategy is None:
        return
    year = response.round.year
    work: list[WorkSnapshot] = []
    for goal in strategy.goals.prefetch_related("activities__owner"):
        work.append(
            WorkSnapshot(
                response=response, kind=SnapshotKind.GOAL, goal_title=goal.title, title=goal.title, status=goal.status
            )
        )
        for activity in goal.activities.all():
            work.append(
                WorkSnapshot(
                    response=response,
                    kind=SnapshotKind.ACTIVITY,
                    goal_title=goal.title,
                    title=activity.title,
                    status=activity.status,
                    owner=activity.owner_label(),
                    due_date=activity.due_date,
                )
            )
    WorkSnapshot.objects.bulk_create(work)
    indicators: list[IndicatorSnapshot] = []
    for indicator in strategy.indicators.prefetch_related("measurements"):
        values = [m for m in indicator.measurements.all() if m.year <= year]
        latest = max(values, key=lambda m: m.year) if values else None
        indicators.append(
            IndicatorSnapshot(
                response=response,
                name=indicator.name,
                unit=indicator.unit,
                baseline=indicator.baseline,
                target=indicator.target,
                value=latest.value if latest else None,
                value_year=latest.year if latest else None,
            )
        )
    IndicatorSnapshot.objects.bulk_create(indicators)


@transaction.atomic
def reopen_response(actor: User | None, response: Response) -> Response:
    check_may_edit(actor, response.organisation)
    locked = Response.objects.select_for_update(of=("self",)).select_related("round").get(pk=response.pk)
    _check_answerable(locked)
    if locked.status != ResponseStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted answer can be reopened."))
    WorkSnapshot.objects.filter(response=locked).delete()
    IndicatorSnapshot.objects.filter(response=locked).delete()
    locked.status, locked.submitted_at = ResponseStatus.DRAFT, None
    locked.save(update_fields=["status", "submitted_at"])
    record(
        "strategy_response.reopened",
        actor=actor,
        organisation=locked.organisation,
        target=locked,
        summary=locked.round.title,
    )
    return locked
