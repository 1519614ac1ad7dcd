"""Reminders from coordinators to members who have not completed, and the weekly digest.

Both go through ``jamlik.lib.mail.send_email``. A reminder may be sent once per seven days per
organisation and campaign; each is recorded in the audit log.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.campaigns import standings
from jamlik.campaigns.models import CountedPerson, Participant, Reminder
from jamlik.lib.mail import send_email
from jamlik.people.models import Membership, MembershipRole, User

REMINDER_INTERVAL = datetime.timedelta(days=7)


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


@transaction.atomic
def send_reminder(actor: User, participant: Participant) -> int:
    """Email every current member who has not been counted yet. Returns how many were reminded."""
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
    counted = CountedPerson.objects.filter(participant=participant).values("user_id")
    members = (
        Membership.objects.current()
        .filter(organisation_id=participant.organisation_id, user__is_active=True)
        .exclude(user_id__in=counted)
        .select_related("user")
    )
    link = reverse("campaigns:campaign", args=[campaign.slug])
    sent = 0
    for membership in members:
        user = membership.user
        with_language = user.preferred_language or "sv"
        send_email(
            user.email,
            "campaign_reminder",
            {"campaign": campaign, "organisation": participant.organisation, "link": link, "name": user.display_name()},
            with_language,
        )
        sent += 1
    Reminder.objects.create(
        campaign=campaign,
        organisation_id=participant.organisation_id,
        sent_by=actor,
        sent_at=timezone.now(),
        recipients=sent,
    )
    record(
        "campaign.reminder_sent",
        actor=actor,
        organisation=participant.organisation,
        target=campaign,
        summary=f"{participant.organisation.name}: {sent}",
        after={"recipients": sent},
    )
    return sent


def send_weekly_digests() -> int:
    """Each running campaign's subscribed coordinators get their organisation's rate, rank and the change in a week.

    Only people who asked for it (``DigestSubscription``) and are still current coordinators of an
    organisation taking part; the number of queries per campaign does not grow with the rows.
    """
    from jamlik.campaigns.models import Campaign, CampaignStatus, DailyCount, DigestSubscription

    now = timezone.now()
    week_ago = timezone.localdate(now) - datetime.timedelta(days=7)
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
        for membership in coordinators.select_related("user"):
            by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
        for row in table.rows:
            for user in by_organisation.get(row.organisation_id, []):
                send_email(
                    user.email,
                    "campaign_weekly",
                    {
                        "campaign": campaign,
                        "row": row,
                        "added": recent.get(row.participant_id, 0),
                        "count": table.organisations,
                    },
                    user.preferred_language or "sv",
                )
                sent += 1
    return sent
