"""Reminders to organisations that have not submitted their answer to a round.

A reminder emails the organisation's current coordinators. At most one reminder per
organisation and round a day, whether the programme manager sends it or the scheduled
``send_strategy_reminders`` command does (a unique row per day enforces it); each is logged.

"Remind everyone" can reach hundreds of organisations, so the button only counts who waits, logs
it and leaves the emails to the background worker (``remind_waiting``); the unique row per
organisation and day makes a task delivered twice, or retried, email nobody twice.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.lib.tasks import RetryPolicy, retried
from jamlik.people.models import User
from jamlik.strategies.models import Response, ResponseStatus, Round, RoundReminder, RoundStatus
from jamlik.strategies.rounds import coordinators_of

DAYS_BEFORE_DEADLINE = 3


def reminded_today(round_: Round) -> set[int]:
    return set(
        RoundReminder.objects.filter(round=round_, sent_on=timezone.localdate()).values_list(
            "organisation_id", flat=True
        )
    )


def send_reminder(actor: User | None, response: Response) -> int:
    """Remind one organisation. Returns how many coordinators were emailed."""
    round_ = response.round
    if not round_.accepts_answers():
        raise ValidationError(_("Reminders can be sent while the round is open, until the deadline."))
    if response.status == ResponseStatus.SUBMITTED:
        raise ValidationError(_("%(org)s has already submitted.") % {"org": response.organisation.name})
    coordinators = coordinators_of([response.organisation_id]).get(response.organisation_id, [])
    try:
        with transaction.atomic():
            RoundReminder.objects.create(
                round=round_,
                organisation=response.organisation,
                sent_on=timezone.localdate(),
                sent_by=actor,
                recipients=len(coordinators),
            )
            link = reverse("strategies:answer", args=[response.public_id])
            for user in coordinators:
                send_email(
                    user.email,
                    "strategies_reminder",
                    {"round": round_, "organisation": response.organisation, "name": user.display_name(), "link": link},
                    user.preferred_language or "sv",
                )
            record(
                "strategy_round.reminder_sent",
                actor=actor,
                organisation=response.organisation,
                target=round_,
                summary=f"{response.organisation.name}: {len(coordinators)}",
                after={"recipients": len(coordinators), "scheduled": actor is None},
            )
    except IntegrityError as error:
        raise ValidationError(_("%(org)s was already reminded today.") % {"org": response.organisation.name}) from error
    return len(coordinators)


def waiting_responses(round_: Round) -> list[Response]:
    """Organisations that have not submitted and were not reminded today."""
    skip = reminded_today(round_)
    return [
        r
        for r in Response.objects.filter(round=round_)
        .exclude(status=ResponseStatus.SUBMITTED)
        .select_related("organisation", "round")
        if r.organisation_id not in skip
    ]


def waiting_count(round_: Round) -> int:
    """How many organisations ``remind_all`` would remind now, in one query."""
    reminded = RoundReminder.objects.filter(round=round_, sent_on=timezone.localdate()).values("organisation_id")
    return (
        Response.objects.filter(round=round_)
        .exclude(status=ResponseStatus.SUBMITTED)
        .exclude(organisation_id__in=reminded)
        .count()
    )


def queue_remind_all(actor: User, round_: Round) -> int:
    """The "remind everyone" button: log the request and let the worker send. Returns how many wait."""
    if not round_.accepts_answers():
        raise ValidationError(_("Reminders can be sent while the round is open, until the deadline."))
    waiting = waiting_count(round_)
    with transaction.atomic():
        record(
            "strategy_round.reminders_queued",
            actor=actor,
            target=round_,
            summary=f"{round_.title}: {waiting}",
            after={"organisations": waiting},
        )
        if waiting:
            transaction.on_commit(lambda: remind_waiting.enqueue(round_.pk, actor.pk))
    return waiting


@retried(RetryPolicy(max_attempts=3))  # reclaim_tasks retries it when its worker died
@task()
def remind_waiting(round_id: int, actor_id: int) -> None:
    """Remind every organisation still waiting (those reminded today already are skipped)."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None or not round_.accepts_answers():
        return  # gone or closed since the button was pressed
    remind_all(User.objects.filter(pk=actor_id).first(), round_)


def remind_all(actor: User | None, round_: Round) -> tuple[int, int]:
    """Remind every organisation still waiting. Returns (organisations, emails)."""
    organisations = emails = 0
    for response in waiting_responses(round_):
        try:
            emails += send_reminder(actor, response)
        except ValidationError:
            continue  # reminded in the meantime
        organisations += 1
    return organisations, emails


def send_due_reminders(today: datetime.date | None = None, days_before: int = DAYS_BEFORE_DEADLINE) -> int:
    """The scheduled job: open rounds whose deadline is within ``days_before`` days."""
    day = today or timezone.localdate()
    organisations = 0
    rounds = Round.objects.filter(
        status=RoundStatus.OPEN, deadline__gte=day, deadline__lte=day + datetime.timedelta(days=days_before)
    )
    for round_ in rounds:
        organisations += remind_all(None, round_)[0]
    return organisations
