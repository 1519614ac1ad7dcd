"""State changes of campaigns and their participants, one typed function each.

Each runs in one transaction and writes its audit entry. Closing, amendments and news live in
``closing.py``; reminders in ``reminders.py``. The rules are written out in docs/campaigns.md.
Each checks its actor first: running a campaign is for programme managers
(``access.check_may_manage``), applying for an organisation's coordinators
(``people.access.check_may_coordinate``); ``actor=None`` is the platform itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.campaigns import cache
from jamlik.campaigns.access import check_may_manage
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import (
    Campaign,
    CampaignStatus,
    DigestSubscription,
    HeadcountCorrection,
    Participant,
    ParticipantStatus,
)
from jamlik.courses.models import Course
from jamlik.people.access import check_may_coordinate
from jamlik.people.models import HeadcountDeclaration, Membership, MembershipRole, Organisation, User


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in Europe/Stockholm."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _check(first_day: datetime.date, last_day: datetime.date, courses: list[Course]) -> None:
    errors: dict[str, list[str]] = {}
    if last_day < first_day:
        errors["last_day"] = [_("The campaign must end on or after the day it starts.")]
    if not courses:
        errors["courses"] = [_("Choose at least one course that counts.")]
    unpublished = [c.slug for c in courses if c.published_version_id is None]
    if unpublished:
        errors["courses"] = [
            _("These courses are not published, so nobody can complete them: %(courses)s.")
            % {"courses": ", ".join(unpublished)}
        ]
    if errors:
        raise ValidationError(errors)


def _snapshot(c: Campaign) -> dict[str, object]:
    return {
        "title_sv": c.title_sv,
        "start_at": c.start_at.isoformat(),
        "end_at": c.end_at.isoformat(),
        "counts_earlier": c.counts_earlier,
        "headcount_freeze_on": c.headcount_freeze_on.isoformat(),
        "courses": sorted(c.courses.values_list("slug", flat=True)) if c.pk else [],
        "status": c.status,
    }


@transaction.atomic
def create_campaign(
    actor: User | None,
    *,
    slug: str,
    title_sv: str,
    title_en: str = "",
    description_sv: str = "",
    description_en: str = "",
    courses: Iterable[Course],
    first_day: datetime.date,
    last_day: datetime.date,
    counts_earlier: bool = False,
    headcount_freeze_on: datetime.date | None = None,
) -> Campaign:
    check_may_manage(actor)
    chosen = list(courses)
    _check(first_day, last_day, chosen)
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another campaign already has this short address.")})
    campaign = Campaign.objects.create(
        slug=slug,
        title_sv=title_sv,
        title_en=title_en,
        description_sv=description_sv,
        description_en=description_en,
        start_at=day_start(first_day),
        end_at=day_start(last_day + datetime.timedelta(days=1)),
        counts_earlier=counts_earlier,
        headcount_freeze_on=headcount_freeze_on or first_day + datetime.timedelta(days=14),
        owner=actor,
    )
    campaign.courses.set(chosen)
    record("campaign.created", actor=actor, target=campaign, summary=campaign.title_sv, after=_snapshot(campaign))
    return campaign


@transaction.atomic
def update_campaign(
    actor: User | None,
    campaign: Campaign,
    *,
    title_sv: str,
    title_en: str,
    description_sv: str,
    description_en: str,
    courses: Iterable[Course],
    first_day: datetime.date,
    last_day: datetime.date,
    counts_earlier: bool,
    headcount_freeze_on: datetime.date,
) -> Campaign:
    """Change the details; what counts may change, so the standings are recomputed afterwards."""
    check_may_manage(actor)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed; amend its result instead."))
    chosen = list(courses)
    _check(first_day, last_day, chosen)
    before = _snapshot(campaign)
    campaign.title_sv, campaign.title_en = title_sv, title_en
    campaign.description_sv, campaign.description_en = description_sv, description_en
    campaign.start_at = day_start(first_day)
    campaign.end_at = day_start(last_day + datetime.timedelta(days=1))
    campaign.counts_earlier = counts_earlier
    campaign.headcount_freeze_on = headcount_freeze_on
    campaign.save()
    campaign.courses.set(chosen)
    after = _snapshot(campaign)
    record("campaign.updated", actor=actor, target=campaign, summary=campaign.title_sv, before=before, after=after)
    cache.forget_on_commit(campaign)
    if before != after:
        recompute(campaign, fix=True)
    return campaign


@transaction.atomic
def publish_campaign(actor: User | None, campaign: Campaign) -> Campaign:
    check_may_manage(actor)
    if campaign.status != CampaignStatus.DRAFT:
        return campaign
    _check(campaign.first_day, campaign.last_day, list(campaign.courses.all()))
    campaign.status = CampaignStatus.PUBLISHED
    campaign.save(update_fields=["status"])
    record("campaign.published", actor=actor, target=campaign, summary=campaign.title_sv)
    return campaign


# --- Participants -----------------------------------------------------------------------------


def headcount_for(organisation: Organisation, day: datetime.date) -> HeadcountDeclaration | None:
    """The latest declaration as of ``day`` or earlier; failing that, the organisation's latest."""
    declarations = organisation.headcount_declarations.order_by("-as_of", "-created_at")
    return declarations.filter(as_of__lte=day).first() or declarations.first()


def _freeze(participant: Participant, now: datetime.datetime) -> None:
    declaration = headcount_for(participant.organisation, timezone.localdate(now))
    if declaration is None or declaration.headcount <= 0:
        raise ValidationError(
            _(
                "%(organisation)s has not declared how many people it employs, so its rate cannot be "
                "worked out. Ask its coordinator to declare the headcount, then try again."
            )
            % {"organisation": participant.organisation.name}
        )
    participant.frozen_headcount = declaration.headcount
    participant.headcount_frozen_at = now
    participant.save(update_fields=["frozen_headcount", "headcount_frozen_at"])


def _get_or_new(campaign: Campaign, organisation: Organisation) -> Participant:
    participant = Participant.objects.select_for_update().filter(campaign=campaign, organisation=organisation).first()
    return participant or Participant(campaign=campaign, organisation=organisation)


def _check_open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED or campaign.has_ended():
        raise ValidationError(_("The campaign is over; nobody can join it any more."))


@transaction.atomic
def invite(actor: User | None, campaign: Campaign, organisation: Organisation) -> Participant:
    check_may_manage(actor)
    _check_open(campaign)
    participant = _get_or_new(campaign, organisation)
    if participant.status == ParticipantStatus.APPROVED:
        return participant
    participant.status = ParticipantStatus.INVITED
    participant.save()
    record("campaign.invited", actor=actor, organisation=organisation, target=campaign, summary=organisation.name)
    return participant


@transaction.atomic
def apply(actor: User, campaign: Campaign, organisation: Organisation) -> Participant:
    """A coordinator asks to join; accepting an invitation makes the organisation take part at once."""
    check_may_coordinate(actor, organisation)
    _check_open(campaign)
    if campaign.status != CampaignStatus.PUBLISHED:
        raise ValidationError(_("The campaign is not open for applications."))
    participant = _get_or_new(campaign, organisation)
    if participant.status == ParticipantStatus.APPROVED:
        return participant
    if participant.status == ParticipantStatus.INVITED:
        return _approve(actor, participant)
    participant.status = ParticipantStatus.APPLIED
    participant.save()
    record("campaign.applied", actor=actor, organisation=organisation, target=campaign, summary=organisation.name)
    return participant


@transaction.atomic
def approve(actor: User | None, participant: Participant) -> Participant:
    check_may_manage(actor)
    _check_open(participant.campaign)
    locked = Participant.objects.select_for_update().select_related("campaign", "organisation").get(pk=participant.pk)
    if locked.status == ParticipantStatus.APPROVED:
        return locked
    return _approve(actor, locked)


def _approve(actor: User | None, participant: Participant) -> Participant:
    """Approve; an organisation joining after the start has its headcount frozen now, and its
    completions within the period (or before, if they count) are counted now."""
    now = timezone.now()
    participant.status = ParticipantStatus.APPROVED
    participant.approved_at = now
    participant.save()
    if participant.campaign.has_started(now) and participant.frozen_headcount is None:
        _freeze(participant, now)
    record(
        "campaign.approved",
        actor=actor,
        organisation=participant.organisation,
        target=participant.campaign,
        summary=participant.organisation.name,
        after={"headcount": participant.frozen_headcount},
    )
    recompute(participant.campaign, fix=True, participants=[participant])
    cache.forget_on_commit(participant.campaign)
    participant.refresh_from_db()
    return participant


@transaction.atomic
def withdraw(actor: User | None, participant: Participant) -> Participant:
    check_may_manage(actor)
    if participant.campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is closed; amend its result instead."))
    participant.status = ParticipantStatus.WITHDRAWN
    participant.save(update_fields=["status"])
    record(
        "campaign.withdrawn",
        actor=actor,
        organisation=participant.organisation,
        target=participant.campaign,
        summary=participant.organisation.name,
    )
    recompute(participant.campaign, fix=True, participants=[participant])
    cache.forget_on_commit(participant.campaign)
    return participant


@transaction.atomic
def start(actor: User | None, campaign: Campaign) -> list[Participant]:
    """Freeze the headcount of every approved participant that has none yet. All or nothing:
    if an organisation has no headcount, nothing is frozen and the error names it."""
    check_may_manage(actor)
    now = timezone.now()
    pending = list(
        Participant.objects.select_for_update()
        .select_related("organisation", "campaign")
        .filter(campaign=campaign, status=ParticipantStatus.APPROVED, frozen_headcount__isnull=True)
    )
    problems: list[str] = []
    for participant in pending:
        try:
            _freeze(participant, now)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    if pending:
        record(
            "campaign.headcounts_frozen",
            actor=actor,
            target=campaign,
            summary=campaign.title_sv,
            after={p.organisation.slug: p.frozen_headcount for p in pending},
        )
        cache.forget_on_commit(campaign)
    return pending


@transaction.atomic
def correct_headcount(actor: User | None, participant: Participant, *, headcount: int, reason: str) -> Participant:
    check_may_manage(actor)
    campaign = participant.campaign
    if not campaign.headcount_open():
        raise ValidationError(
            _("Headcounts could be corrected until %(day)s; that day has passed.")
            % {"day": campaign.headcount_freeze_on.isoformat()}
        )
    if participant.frozen_headcount is None:
        raise ValidationError(
            _("The headcount is frozen from the latest declaration when the campaign starts; correct it after that.")
        )
    if headcount <= 0:
        raise ValidationError({"headcount": _("The number of employees must be at least 1.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the headcount changes; the reason is shown on the campaign page.")})
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    before = locked.frozen_headcount or 0
    HeadcountCorrection.objects.create(
        participant=locked, before=before, after=headcount, reason=reason.strip(), corrected_by=actor
    )
    locked.frozen_headcount = headcount
    locked.headcount_frozen_at = locked.headcount_frozen_at or timezone.now()
    locked.save(update_fields=["frozen_headcount", "headcount_frozen_at"])
    record(
        "campaign.headcount_corrected",
        actor=actor,
        organisation=participant.organisation,
        target=campaign,
        summary=f"{participant.organisation.name}: {before} → {headcount}",
        before={"headcount": before},
        after={"headcount": headcount, "reason": reason.strip()},
    )
    cache.forget_on_commit(campaign)
    return locked


def coordinates_participant(user: User, campaign: Campaign) -> bool:
    """Whether ``user`` is today a coordinator of an organisation taking part in ``campaign``."""
    taking_part = Participant.objects.filter(campaign=campaign, status=ParticipantStatus.APPROVED).values(
        "organisation_id"
    )
    return (
        Membership.objects.current()
        .filter(user=user, role=MembershipRole.COORDINATOR, organisation_id__in=taking_part)
        .exists()
    )


@transaction.atomic
def subscribe_digest(actor: User, campaign: Campaign) -> DigestSubscription:
    """Opt in to the weekly standings email (docs/campaigns.md, Coordinators). Idempotent."""
    if not coordinates_participant(actor, campaign):
        raise ValidationError(
            _("Only a coordinator of an organisation taking part in the campaign can get the weekly email.")
        )
    subscription, created = DigestSubscription.objects.get_or_create(campaign=campaign, user=actor)
    if created:
        record("campaign.digest_subscribed", actor=actor, target=campaign, summary=campaign.slug)
    return subscription


@transaction.atomic
def unsubscribe_digest(actor: User, campaign: Campaign) -> bool:
    """Opt out of the weekly standings email. Anyone may stop it. Returns whether there was one."""
    deleted, _rows = DigestSubscription.objects.filter(campaign=campaign, user=actor).delete()
    if deleted:
        record("campaign.digest_unsubscribed", actor=actor, target=campaign, summary=campaign.slug)
    return bool(deleted)
