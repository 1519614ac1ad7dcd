"""Keeping the standings up to date: constant work per completion, and a full recomputation to check it.

The rule (docs/campaigns.md): a participant counts each person once, the first time that person
completes a counted course while belonging to the organisation (the completion carries the
organisation of that instant), within the period — or before it, if the campaign says so.

``count_completion`` listens to ``course_completed``. For each matching participant it inserts one
``CountedPerson`` row; only if that insert succeeds (the person was not counted yet) does it add 1
to the participant's counter, the day's ``DailyCount`` and the unit's ``UnitCount``, each with an
``F()`` update. The number of queries does not depend on how many completions exist.

``count_imported`` does the same for a bulk import's completions in a few queries per campaign,
inside the import's transaction (the ``completions_imported`` event), so an import and its
counting commit together or not at all.

``recompute`` derives the same rows from the completions and reports (and with ``fix`` repairs)
any difference. It runs nightly and whenever a campaign's counted courses, period or participants
change, so a lost event is repaired by the next run.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from jamlik.campaigns.models import Campaign, CountedPerson, DailyCount, Participant, ParticipantStatus, UnitCount
from jamlik.courses.events import CompletionsImported, CourseCompleted
from jamlik.courses.models import Completion


@dataclass(frozen=True)
class Counted:
    """What one person contributes to one participant: the earliest qualifying completion."""

    completion_id: int
    completed_at: datetime.datetime
    day: datetime.date
    unit_id: int | None

    def row(self, participant: Participant, user_id: int) -> CountedPerson:
        """The unsaved ``CountedPerson`` that records this contribution."""
        return CountedPerson(
            campaign_id=participant.campaign_id,
            participant=participant,
            user_id=user_id,
            completion_id=self.completion_id,
            completed_at=self.completed_at,
            day=self.day,
            unit_id=self.unit_id,
        )


def day_for(campaign: Campaign, moment: datetime.datetime) -> datetime.date:
    """The day a completion is charted on: its day in Europe/Stockholm, earlier ones on the first day."""
    return max(timezone.localdate(moment), campaign.first_day)


# --- Incremental ------------------------------------------------------------------------------


def count_completion(payload: CourseCompleted) -> None:
    """Listener for ``course_completed``: count the completion for every participant it belongs to."""
    if payload.imported:
        return  # counted by ``count_imported`` in the import's own transaction
    row = (
        Completion.objects.filter(pk=payload.completion_id)
        .values("id", "user_id", "course_id", "organisation_id", "unit_id", "completed_at")
        .first()
    )
    if row is None or row["organisation_id"] is None:
        return  # a person without an organisation counts for nobody
    participants = Participant.objects.filter(
        organisation_id=row["organisation_id"],
        status=ParticipantStatus.APPROVED,
        campaign__courses=row["course_id"],
        campaign__end_at__gt=row["completed_at"],
    ).select_related("campaign")
    for participant in participants:
        if participant.campaign.counts_at(row["completed_at"]):
            count_for(
                participant,
                row["user_id"],
                Counted(
                    row["id"], row["completed_at"], day_for(participant.campaign, row["completed_at"]), row["unit_id"]
                ),
            )


@transaction.atomic
def count_for(participant: Participant, user_id: int, counted: Counted) -> bool:
    """Count ``user_id`` for ``participant`` unless already counted. Returns whether 1 was added."""
    try:
        with transaction.atomic():
            counted.row(participant, user_id).save(force_insert=True)
    except IntegrityError:
        _keep_earliest(participant, user_id, counted)
        return False
    Participant.objects.filter(pk=participant.pk).update(completions=F("completions") + 1)
    _bump_day(participant, counted.day, 1)
    _bump_unit(participant, counted.unit_id, 1)
    return True


def _keep_earliest(participant: Participant, user_id: int, counted: Counted) -> None:
    """Already counted: if this completion is earlier (an import, say), chart the person on its day."""
    existing = CountedPerson.objects.select_for_update().get(participant=participant, user_id=user_id)
    if (counted.completed_at, counted.completion_id) >= (existing.completed_at, existing.completion_id):
        return
    if existing.day != counted.day:
        _bump_day(participant, existing.day, -1)
        _bump_day(participant, counted.day, 1)
    if existing.unit_id != counted.unit_id:
        _bump_unit(participant, existing.unit_id, -1)
        _bump_unit(participant, counted.unit_id, 1)
    CountedPerson.objects.filter(pk=existing.pk).update(
        completion_id=counted.completion_id, completed_at=counted.completed_at, day=counted.day, unit_id=counted.unit_id
    )


def _bump(model: type[models.Model], field: str, delta: int, **key: object) -> None:
    """Add ``delta`` to ``field`` of the row with ``key``, creating the row if it is missing."""
    manager = model._default_manager
    if manager.filter(**key).update(**{field: F(field) + delta}):
        return
    try:
        with transaction.atomic():
            manager.create(**key, **{field: delta})
            return
    except IntegrityError:  # someone else created it in between
        pass
    manager.filter(**key).update(**{field: F(field) + delta})


def _bump_day(participant: Participant, day: datetime.date, delta: int) -> None:
    _bump(DailyCount, "added", delta, participant=participant, day=day)


def _bump_unit(participant: Participant, unit_id: int | None, delta: int) -> None:
    _bump(UnitCount, "count", delta, participant=participant, unit_id=unit_id)


def count_imported(payload: CompletionsImported) -> None:
    """Listener for ``completions_imported`` (inside the import's transaction): count many completions
    at once. The same rule as ``count_for`` — one ``CountedPerson`` per participant and person, the
    earliest completion kept — with bulk inserts and one ``F()`` update per participant, day and unit.
    Completions already counted are left as they are, so an import retried after a lost count repairs it."""
    rows: list[_Row] = []
    ids = list(payload.completion_ids)
    for start in range(0, len(ids), _CHUNK):
        found = Completion.objects.filter(pk__in=ids[start : start + _CHUNK], organisation_id__isnull=False)
        rows.extend(
            _Row(*values)
            for values in found.values_list("id", "user_id", "course_id", "organisation_id", "unit_id", "completed_at")
        )
    if not rows:
        return
    rows.sort(key=lambda r: (r.completed_at, r.id))
    participants = list(
        Participant.objects.filter(
            pk__in=Participant.objects.filter(
                organisation_id__in={r.organisation_id for r in rows},
                status=ParticipantStatus.APPROVED,
                campaign__courses__in={r.course_id for r in rows},
            ).values("pk")
        )
        .select_related("campaign")
        .select_for_update(of=("self",))  # serialised with recompute and with other imports
        .order_by("pk")
    )
    courses_of: dict[int, set[int]] = {}
    links = Campaign.courses.through.objects.filter(campaign_id__in={p.campaign_id for p in participants})
    for campaign_id, course_id in links.values_list("campaign_id", "course_id"):
        courses_of.setdefault(campaign_id, set()).add(course_id)
    for participant in participants:
        _count_many(participant, courses_of.get(participant.campaign_id, set()), rows)


_CHUNK = 5000


@dataclass(frozen=True)
class _Row:
    id: int
    user_id: int
    course_id: int
    organisation_id: int
    unit_id: int | None
    completed_at: datetime.datetime


def _count_many(participant: Participant, courses: set[int], rows: list[_Row]) -> None:
    """``rows`` in order of completion; count each person's first one this participant counts."""
    campaign = participant.campaign
    earliest: dict[int, Counted] = {}
    for r in rows:
        mine = r.organisation_id == participant.organisation_id and r.course_id in courses
        if mine and r.user_id not in earliest and campaign.counts_at(r.completed_at):
            earliest[r.user_id] = Counted(r.id, r.completed_at, day_for(campaign, r.completed_at), r.unit_id)
    if not earliest:
        return
    users = list(earliest)
    existing: dict[int, CountedPerson] = {}
    for start in range(0, len(users), _CHUNK):
        chunk = users[start : start + _CHUNK]
        existing.update(
            (c.user_id, c) for c in CountedPerson.objects.filter(participant=participant, user_id__in=chunk)
        )
    new = [(user_id, c) for user_id, c in earliest.items() if user_id not in existing]
    CountedPerson.objects.bulk_create(
        [c.row(participant, user_id) for user_id, c in new],
        batch_size=1000,
    )
    for user_id, have in existing.items():
        c = earliest[user_id]
        if (c.completed_at, c.completion_id) < (have.completed_at, have.completion_id):
            _keep_earliest(participant, user_id, c)  # an earlier completion than the one counted: move it
    if new:
        Participant.objects.filter(pk=participant.pk).update(completions=F("completions") + len(new))
        for day, n in Counter(c.day for _u, c in new).items():
            _bump_day(participant, day, n)
        for unit_id, n in Counter(c.unit_id for _u, c in new).items():
            _bump_unit(participant, unit_id, n)


# --- Recomputation ----------------------------------------------------------------------------


def expected(campaign: Campaign, participants: list[Participant]) -> dict[tuple[int, int], Counted]:
    """(participant id, user id) → the earliest qualifying completion, derived from the completions."""
    by_org = {p.organisation_id: p for p in participants if p.status == ParticipantStatus.APPROVED}
    if not by_org:
        return {}
    qs = Completion.objects.filter(
        course__in=campaign.courses.all(), organisation_id__in=list(by_org), completed_at__lt=campaign.end_at
    )
    if not campaign.counts_earlier:
        qs = qs.filter(completed_at__gte=campaign.start_at)
    result: dict[tuple[int, int], Counted] = {}
    rows = qs.order_by("completed_at", "id").values_list("id", "user_id", "organisation_id", "unit_id", "completed_at")
    for completion_id, user_id, organisation_id, unit_id, completed_at in rows.iterator(chunk_size=5000):
        key = (by_org[organisation_id].pk, user_id)
        if key not in result:
            result[key] = Counted(completion_id, completed_at, day_for(campaign, completed_at), unit_id)
    return result


def recompute(campaign: Campaign, *, fix: bool = False, participants: list[Participant] | None = None) -> list[str]:
    """Compare the running standings with the completions; list the differences, and repair them if ``fix``."""
    with transaction.atomic():
        chosen = list(
            (Participant.objects.filter(pk__in=[p.pk for p in participants]) if participants else campaign.participants)
            .select_related("organisation")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        want = expected(campaign, chosen)
        differences = _differences(chosen, want)
        if fix and differences:
            _replace(campaign, chosen, want)
    return differences


K = TypeVar("K")
V = TypeVar("V")


def _group(items: Mapping[tuple[int, K], V]) -> dict[int, dict[K, V]]:
    grouped: dict[int, dict[K, V]] = {}
    for (pid, key), value in items.items():
        grouped.setdefault(pid, {})[key] = value
    return grouped


def _differences(participants: list[Participant], want: dict[tuple[int, int], Counted]) -> list[str]:
    ids = [p.pk for p in participants]
    have = {
        (c.participant_id, c.user_id): Counted(c.completion_id, c.completed_at, c.day, c.unit_id)
        for c in CountedPerson.objects.filter(participant_id__in=ids)
    }
    want_days = Counter((pid, c.day) for (pid, _u), c in want.items())
    want_units = Counter((pid, c.unit_id) for (pid, _u), c in want.items())
    have_days = {
        (d.participant_id, d.day): d.added for d in DailyCount.objects.filter(participant_id__in=ids) if d.added
    }
    have_units = {
        (u.participant_id, u.unit_id): u.count for u in UnitCount.objects.filter(participant_id__in=ids) if u.count
    }
    people_have, people_want = _group(have), _group(want)
    days_have, days_want = _group(have_days), _group(want_days)
    units_have, units_want = _group(have_units), _group(want_units)
    lines: list[str] = []
    for p in participants:
        name = p.organisation.name
        got, should = people_have.get(p.pk, {}), people_want.get(p.pk, {})
        if p.completions != len(should):
            lines.append(f"{name}: the counter says {p.completions}, the completions say {len(should)}")
        if got != should:
            missing, extra = len(set(should) - set(got)), len(set(got) - set(should))
            moved = sum(1 for u in should if u in got and got[u] != should[u])
            lines.append(f"{name}: {missing} people missing, {extra} counted wrongly, {moved} on another completion")
        if days_have.get(p.pk, {}) != days_want.get(p.pk, {}):
            lines.append(f"{name}: the daily series differs")
        if units_have.get(p.pk, {}) != units_want.get(p.pk, {}):
            lines.append(f"{name}: the counts by unit differ")
    return lines


def _replace(campaign: Campaign, participants: list[Participant], want: dict[tuple[int, int], Counted]) -> None:
    ids = [p.pk for p in participants]
    CountedPerson.objects.filter(participant_id__in=ids).delete()
    DailyCount.objects.filter(participant_id__in=ids).delete()
    UnitCount.objects.filter(participant_id__in=ids).delete()
    by_id = {p.pk: p for p in participants}
    CountedPerson.objects.bulk_create(
        [c.row(by_id[pid], user_id) for (pid, user_id), c in want.items()], batch_size=2000
    )
    days = Counter((pid, c.day) for (pid, _u), c in want.items())
    DailyCount.objects.bulk_create([DailyCount(participant_id=pid, day=d, added=n) for (pid, d), n in days.items()])
    units = Counter((pid, c.unit_id) for (pid, _u), c in want.items())
    UnitCount.objects.bulk_create([UnitCount(participant_id=pid, unit_id=u, count=n) for (pid, u), n in units.items()])
    totals = Counter(pid for (pid, _u) in want)
    for p in participants:
        Participant.objects.filter(pk=p.pk).update(completions=totals.get(p.pk, 0))
        p.completions = totals.get(p.pk, 0)
