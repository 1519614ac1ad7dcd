"""What each event says, and which organisations it is about (docs/webhooks.md is the reference).

A builder turns the ids an event carries into ``Item``s: the fields every subscriber gets, the
fields only a platform subscription gets, and, for each organisation the event is about, the
fields that organisation's subscriptions get. Subscriptions of any other organisation get
nothing. Payloads carry the API's ``id``s and a few fields a subscriber could read through the
API anyway; a person appears to an organisation as their membership there (the ``id`` of
``/api/v1/organisations/{slug}/members``) and to the platform as their person id.

Builders read in bulk: a few queries for one event or for a few hundred from an import.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from jamlik.campaigns.models import Campaign, ResultRow
from jamlik.courses.models import Completion
from jamlik.credentials.models import Diploma
from jamlik.people.models import Membership
from jamlik.programmes.models import Booking, Registration
from jamlik.webhooks.models import EventType

Data = dict[str, Any]


@dataclass
class Item:
    event: str
    data: Data
    at: datetime.datetime = field(default_factory=timezone.now)
    for_platform: Data = field(default_factory=dict)
    # organisation id → the fields its subscriptions get besides ``data`` (the event is about these)
    for_organisation: dict[int, Data] = field(default_factory=dict)


def _memberships(user_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """Each person's current memberships: user id → {organisation id: membership id}."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    rows = Membership.objects.current().filter(user_id__in=set(user_ids))
    for user_id, organisation_id, public_id in rows.values_list("user_id", "organisation_id", "public_id"):
        found[user_id][organisation_id] = str(public_id)
    return found


def _person_item(
    event: str, data: Data, user_id: int, public_id: Any, memberships: dict[int, dict[int, str]], *extra: int | None
) -> Item:
    """An event about one person: it goes to their organisations (and ``extra``'s), each of which
    is told the person's membership there; the platform is told the person's id."""
    theirs = memberships.get(user_id, {})
    organisations = set(theirs) | {o for o in extra if o is not None}
    return Item(
        event=event,
        data=data,
        for_platform={"person": str(public_id)},
        for_organisation={o: {"membership": theirs.get(o)} for o in organisations},
    )


def completions(ids: Iterable[int]) -> list[Item]:
    rows = list(Completion.objects.select_related("course", "organisation", "user").filter(pk__in=list(ids)))
    memberships = _memberships(c.user_id for c in rows)
    return [
        _person_item(
            EventType.COMPLETION_RECORDED,
            {
                "course": str(c.course.public_id),
                "course_slug": c.course.slug,
                "organisation": str(c.organisation.public_id) if c.organisation else None,
                "completed_at": c.completed_at.isoformat(),
                "source": c.source,
            },
            c.user_id,
            c.user.public_id,
            memberships,
            c.organisation_id,
        )
        for c in rows
    ]


def _diploma_items(event: str, ids: Iterable[int]) -> list[Item]:
    rows = list(
        Diploma.objects.select_related("recipient", "completion", "course_version__course").filter(pk__in=list(ids))
    )
    memberships = _memberships(d.recipient_id for d in rows)
    items = []
    for d in rows:
        course = d.course_version.course if d.course_version else None
        data: Data = {
            "diploma": str(d.public_id),
            "kind": d.kind,
            "course": str(course.public_id) if course else None,
            "issued_at": d.issued_at.isoformat(),
            "expires_at": d.expires_at.isoformat() if d.expires_at else None,
        }
        if event == EventType.DIPLOMA_REVOKED:
            data["revoked_at"] = d.revoked_at.isoformat() if d.revoked_at else None
        completion_organisation = d.completion.organisation_id if d.completion else None
        items.append(
            _person_item(event, data, d.recipient_id, d.recipient.public_id, memberships, completion_organisation)
        )
    return items


def diplomas_issued(ids: Iterable[int]) -> list[Item]:
    return _diploma_items(EventType.DIPLOMA_ISSUED, ids)


def diploma_revoked(diploma_id: int) -> list[Item]:
    return _diploma_items(EventType.DIPLOMA_REVOKED, [diploma_id])


def _registration_data(registration: Registration) -> Data:
    return {
        "registration": str(registration.public_id),
        "programme": str(registration.programme.public_id),
        "programme_slug": registration.programme.slug,
        "status": registration.status,
    }


def registration(event: str, registration_id: int) -> list[Item]:
    r = Registration.objects.select_related("programme", "user").filter(pk=registration_id).first()
    if r is None:
        return []
    return [_person_item(event, _registration_data(r), r.user_id, r.user.public_id, _memberships([r.user_id]))]


def promoted(booking_id: int) -> list[Item]:
    b = (
        Booking.objects.select_related("registration__programme", "registration__user", "session")
        .filter(pk=booking_id)
        .first()
    )
    if b is None:
        return []
    r = b.registration
    data = {**_registration_data(r), "booking": str(b.public_id), "session": str(b.session.public_id)}
    return [_person_item(EventType.REGISTRATION_PROMOTED, data, r.user_id, r.user.public_id, _memberships([r.user_id]))]


def campaign_closed(campaign_id: int) -> list[Item]:
    campaign = Campaign.objects.select_related("result").filter(pk=campaign_id).first()
    if campaign is None or not hasattr(campaign, "result"):
        return []
    result = campaign.result
    rows = ResultRow.objects.filter(result=result).values_list("organisation_id", "rank", "completions", "headcount")
    return [
        Item(
            event=EventType.CAMPAIGN_CLOSED,
            data={
                "campaign": str(campaign.public_id),
                "campaign_slug": campaign.slug,
                "closed_at": result.closed_at.isoformat(),
                "total_completions": result.total_completions,
                "organisations": result.organisations,
            },
            for_organisation={
                organisation_id: {"rank": rank, "completions": done, "headcount": headcount}
                for organisation_id, rank, done, headcount in rows
            },
        )
    ]
