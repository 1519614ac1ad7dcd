"""Reading the standings: ranks with ties, totals and the series over time, in a fixed number of queries.

Live standings read the counters (participants, then the daily counts); a closed campaign's
standings read its frozen result with amendments applied. Neither ever reads completions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from uuid import UUID

from django.utils import timezone

from jamlik.campaigns.models import (
    Campaign,
    DailyCount,
    Medal,
    Participant,
    ParticipantStatus,
    Result,
    ResultAmendment,
    ResultRow,
)

MEDALS = {1: Medal.GOLD, 2: Medal.SILVER, 3: Medal.BRONZE}


@dataclass
class Row:
    participant_id: int
    organisation_id: int
    name: str
    slug: str
    headcount: int | None
    completions: int
    rank: int | None = None
    medal: str = ""
    amended: bool = False
    organisation_public_id: UUID | None = None

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.completions, self.headcount) if self.headcount else None

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return round(float(rate) * 100, 1) if rate is not None else None

    @property
    def bar_percent(self) -> float:
        """The bar's length: the rate, capped at 100 % (the number beside it is never capped)."""
        return min(self.percent or 0.0, 100.0)

    @property
    def over_headcount(self) -> bool:
        return self.headcount is not None and self.completions > self.headcount


@dataclass
class Standings:
    campaign: Campaign
    rows: list[Row]
    final: bool
    closed_at: datetime.datetime | None = None
    days: list[datetime.date] = field(default_factory=list)
    series: dict[int, list[int]] = field(default_factory=dict)  # participant id → cumulative count per day

    @property
    def total_completions(self) -> int:
        return sum(r.completions for r in self.rows)

    @property
    def total_headcount(self) -> int:
        return sum(r.headcount or 0 for r in self.rows)

    @property
    def organisations(self) -> int:
        return len(self.rows)

    @property
    def total_percent(self) -> float | None:
        total = self.total_headcount
        return round(self.total_completions * 100 / total, 1) if total else None


def rank(rows: list[Row]) -> list[Row]:
    """Order by rate (highest first); equal rates share a rank and the next rank is skipped (1, 2, 2, 4).

    Rows without a headcount are listed last without a rank. Ranks 1, 2 and 3 get gold, silver and bronze.
    """
    ordered = sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0), r.name))
    previous: Row | None = None
    for position, row in enumerate(ordered, start=1):
        if row.rate is None:
            row.rank, row.medal = None, ""
            continue
        row.rank = previous.rank if previous is not None and previous.rate == row.rate else position
        row.medal = MEDALS.get(row.rank or 0, "")
        previous = row
    return ordered


def live(campaign: Campaign, *, with_series: bool = True) -> Standings:
    participants = list(
        Participant.objects.filter(campaign=campaign, status=ParticipantStatus.APPROVED)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    rows = [
        Row(
            p.pk,
            p.organisation_id,
            p.organisation.name,
            p.organisation.slug,
            p.frozen_headcount,
            p.completions,
            organisation_public_id=p.organisation.public_id,
        )
        for p in participants
    ]
    standings = Standings(campaign, rank(rows), final=False)
    if with_series:
        _add_series(standings)
    return standings


def final(campaign: Campaign, result: Result, *, with_series: bool = True) -> Standings:
    """The frozen result, with the latest amendment of each row applied and ranks worked out again."""
    frozen = list(ResultRow.objects.filter(result=result).select_related("organisation"))
    latest: dict[int, ResultAmendment] = {}
    for amendment in ResultAmendment.objects.filter(row__result=result).order_by("amended_at", "id"):
        latest[amendment.row_id] = amendment
    participant_ids = dict(Participant.objects.filter(campaign=campaign).values_list("organisation_id", "pk"))
    rows = []
    for r in frozen:
        amendment = latest.get(r.pk)
        headcount = amendment.headcount_after if amendment else r.headcount
        completions = amendment.completions_after if amendment else r.completions
        row = Row(
            participant_ids.get(r.organisation_id, 0),
            r.organisation_id,
            r.organisation_name,
            r.organisation.slug,
            headcount,
            completions,
            organisation_public_id=r.organisation.public_id,
        )
        row.amended = amendment is not None
        rows.append(row)
    standings = Standings(campaign, rank(rows), final=True, closed_at=result.closed_at)
    if with_series:
        _add_series(standings)
    return standings


def for_campaign(campaign: Campaign, *, with_series: bool = True) -> Standings:
    result = Result.objects.filter(campaign=campaign).first()
    if result is not None:
        return final(campaign, result, with_series=with_series)
    return live(campaign, with_series=with_series)


def _add_series(standings: Standings) -> None:
    """Cumulative counts per day from the first day to today (or the last day), one query."""
    campaign = standings.campaign
    today = timezone.localdate()
    if today < campaign.first_day:
        return
    end = min(today, campaign.last_day)
    days = [campaign.first_day + datetime.timedelta(days=n) for n in range((end - campaign.first_day).days + 1)]
    ids = [r.participant_id for r in standings.rows]
    added: dict[tuple[int, datetime.date], int] = {}
    for pid, day, n in DailyCount.objects.filter(participant_id__in=ids, day__lte=end).values_list(
        "participant_id", "day", "added"
    ):
        added[(pid, day)] = n
    for pid in ids:
        running, cumulative = 0, []
        for day in days:
            running += added.get((pid, day), 0)
            cumulative.append(running)
        standings.series[pid] = cumulative
    standings.days = days
