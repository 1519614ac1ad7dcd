"""Reminders from coordinators to members who have not completed, and the weekly digest.

Both go through ``jamlik.lib.mail.send_email``. A reminder may be sent once per seven days per
organisation and campaign; each is recorded in the audit log. ``send_reminder`` (the request)
only checks, counts, records the ``Reminder`` and enqueues ``run_reminder`` on commit: the worker
claims the reminder with a conditional update and renders the emails in batches, recording each
person it emailed (``ReminderRecipient``) in the batch's transaction, so a task delivered twice, or
run again after its worker died, emails nobody twice.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jamlik.audit.models import record
from jamlik.campaigns import standings
from jamlik.campaigns.models import (
    Campaign,
    CampaignStatus,
    CountedPerson,
    DailyCount,
    DigestSent,
    DigestSubscription,
    Participant,
    Reminder,
    ReminderRecipient,
    ReminderState,
)
from jamlik.lib.mail import send_email
from jamlik.lib.tasks import RetryPolicy, retried
from jamlik.people.models import Membership, MembershipRole, User

logger = logging.getLogger(__name__)

REMINDER_INTERVAL = datetime.timedelta(days=7)
BATCH = 200  # emails rendered and committed together


def next_reminder_at(participant: Participant) -> datetime.datetime | None:
    """When the next reminder may go out (None: now)."""
    last = (
        Reminder.objects.filter(campaign_id=participant.campaign_id, organisation_id=participant.organisation_id)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    if last is None or timezone.now() - last >= REMINDER_INTERVAL:
        return None
    return last + REMINDER_INTERVAL


def _waiting(participant_id: int, organisation_id: int) -> QuerySet[Membership]:
    """Current, active members of the organisation who have not been counted in the campaign yet."""
    counted = CountedPerson.objects.filter(participant_id=participant_id).values("user_id")
    return (
        Membership.objects.current()
        .filter(organisation_id=organisation_id, user__is_active=True)
        .exclude(user_id__in=counted)
    )


@transaction.atomic
def send_reminder(actor: User, participant: Participant) -> Reminder:
    """Record a reminder to every current member not counted yet; the worker emails them after commit.

    ``Reminder.recipients`` is how many are waiting now (one count query, whatever their number).
    """
    campaign = participant.campaign
    Participant.objects.select_for_update().get(pk=participant.pk)  # one reminder at a time per participant
    if campaign.has_ended() or not campaign.has_started():
        raise ValidationError(_("Reminders can be sent while the campaign runs."))
    waiting = next_reminder_at(participant)
    if waiting is not None:
        raise ValidationError(
            _("A reminder was sent less than a week ago. The next one can be sent on %(day)s.")
            % {"day": timezone.localdate(waiting).isoformat()}
        )
    recipients = _waiting(participant.pk, participant.organisation_id).values("user_id").distinct().count()
    reminder = Reminder.objects.create(
        campaign=campaign,
        organisation_id=participant.organisation_id,
        sent_by=actor,
        sent_at=timezone.now(),
        recipients=recipients,
    )
    record(
        "campaign.reminder_sent",
        actor=actor,
        organisation=participant.organisation,
        target=campaign,
        summary=f"{participant.organisation.name}: {recipients}",
        after={"recipients": recipients, "reminder": reminder.pk},
    )
    transaction.on_commit(lambda: run_reminder.enqueue(reminder.pk))
    return reminder


def latest_reminder(participant: Participant) -> Reminder | None:
    """The organisation's last reminder in the campaign, to show how far its sending has come."""
    return Reminder.objects.filter(
        campaign_id=participant.campaign_id, organisation_id=participant.organisation_id
    ).first()


@retried(RetryPolicy(max_attempts=3))  # reclaim_tasks retries it when its worker died
@task()
def run_reminder(reminder_id: int) -> None:
    """Email the reminder in batches; each batch records who got it, so a second run skips them."""
    now = timezone.now()
    lost = now - datetime.timedelta(seconds=settings.JAMLIK_TASK_LEASE_SECONDS)
    claimed = (
        Reminder.objects.filter(pk=reminder_id)
        .filter(Q(state=ReminderState.QUEUED) | Q(state=ReminderState.RUNNING, beat_at__lt=lost))
        .update(state=ReminderState.RUNNING, beat_at=now)
    )
    if not claimed:
        return  # already sent or being sent (a task delivered twice), or gone
    reminder = Reminder.objects.select_related("campaign", "organisation").get(pk=reminder_id)
    participant = Participant.objects.get(campaign_id=reminder.campaign_id, organisation_id=reminder.organisation_id)
    try:
        while _batch(reminder, participant.pk):
            pass
    except Exception:
        logger.exception("campaign reminder %s failed", reminder_id)
        Reminder.objects.filter(pk=reminder_id).update(state=ReminderState.FAILED, finished_at=timezone.now())
        raise
    with transaction.atomic():
        ReminderRecipient.objects.filter(reminder_id=reminder_id).delete()  # only the counts are kept
        Reminder.objects.filter(pk=reminder_id).update(state=ReminderState.DONE, finished_at=timezone.now())


def _batch(reminder: Reminder, participant_id: int) -> int:
    """Email up to ``BATCH`` people not yet reminded; their rows, the counter and the emails commit together."""
    with transaction.atomic():
        done = ReminderRecipient.objects.filter(reminder_id=reminder.pk).values("user_id")
        users = list(
            User.objects.filter(
                pk__in=_waiting(participant_id, reminder.organisation_id).values("user_id"), is_active=True
            )
            .exclude(pk__in=done)
            .order_by("pk")[:BATCH]
        )
        if not users:
            return 0
        ReminderRecipient.objects.bulk_create([ReminderRecipient(reminder=reminder, user=user) for user in users])
        link = reverse("campaigns:campaign", args=[reminder.campaign.slug])
        for user in users:
            send_email(
                user.email,
                "campaign_reminder",
                {
                    "campaign": reminder.campaign,
                    "organisation": reminder.organisation,
                    "link": link,
                    "name": user.display_name(),
                },
                user.preferred_language or "sv",
            )
        Reminder.objects.filter(pk=reminder.pk).update(sent=F("sent") + len(users), beat_at=timezone.now())
        return len(users)


def send_weekly_digests() -> int:
    """Each running campaign's subscribed coordinators get their organisation's rate, rank and the change in a week.

    Only people who asked for it (``DigestSubscription``) and are still current coordinators of an
    organisation taking part. Each email is queued in the transaction that records it
    (``DigestSent``, unique per campaign, organisation, person and week), so a second run in the
    same week, or two at once, emails nobody twice; the reading queries per campaign do not grow
    with the rows (one insert per email).
    """
    now = timezone.now()
    today = timezone.localdate(now)
    week = today - datetime.timedelta(days=today.weekday())
    week_ago = today - datetime.timedelta(days=7)
    sent = 0
    for campaign in Campaign.objects.filter(status=CampaignStatus.PUBLISHED, start_at__lte=now, end_at__gt=now):
        table = standings.live(campaign, with_series=False)
        recent: dict[int, int] = {}
        for pid, n in DailyCount.objects.filter(participant__campaign=campaign, day__gt=week_ago).values_list(
            "participant_id", "added"
        ):
            recent[pid] = recent.get(pid, 0) + n
        by_organisation: dict[int, list[User]] = {}
        subscribed = DigestSubscription.objects.filter(campaign=campaign).values("user_id")
        coordinators = Membership.objects.current().filter(
            organisation_id__in=[row.organisation_id for row in table.rows],
            role=MembershipRole.COORDINATOR,
            user_id__in=subscribed,
            user__is_active=True,
        )
        done = set(DigestSent.objects.filter(campaign=campaign, week=week).values_list("organisation_id", "user_id"))
        for membership in coordinators.select_related("user"):
            if (membership.organisation_id, membership.user_id) not in done:
                by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
        for row in table.rows:
            for user in by_organisation.get(row.organisation_id, []):
                sent += _send_digest(campaign, row, user, week, recent.get(row.participant_id, 0), table.organisations)
    return sent


def _send_digest(
    campaign: Campaign, row: standings.Row, user: User, week: datetime.date, added: int, count: int
) -> int:
    """Record and queue one weekly email; 0 when another run recorded it first (the unique row)."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(campaign=campaign, organisation_id=row.organisation_id, user=user, week=week)
            send_email(
                user.email,
                "campaign_weekly",
                {"campaign": campaign, "row": row, "added": added, "count": count},
                user.preferred_language or "sv",
            )
    except IntegrityError:
        return 0
    return 1
