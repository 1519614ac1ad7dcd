"""The steps of ``jamlik seed-scale``, in order, each timed and each safe to run again."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from jamlik.audit.models import AuditEntry, record
from jamlik.scale.courses import ensure_courses, ensure_learning
from jamlik.scale.events import ensure_campaign, ensure_programme, rebuild_standings
from jamlik.scale.organisations import ensure_employers
from jamlik.scale.people import ensure_people


@dataclass
class SeedReport:
    added: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _summary(people: int) -> str:
    return f"{people} synthetic people"


def _finished_before(people: int) -> bool:
    """Whether a run for exactly ``people`` reached its end (its audit entry is the last step)."""
    return AuditEntry.objects.filter(action="scale.seeded", summary__startswith=_summary(people) + ";").exists()


def seed(people: int, progress: Callable[[str], None]) -> SeedReport:
    report = SeedReport()

    def step(name: str, started: float) -> None:
        report.seconds[name] = time.monotonic() - started
        progress(f"{name}: {report.seconds[name]:.1f} s")

    started = time.monotonic()
    employers, report.added["organisations, headcounts and units"] = ensure_employers()
    step("organisations", started)

    started = time.monotonic()
    courses = ensure_courses()
    campaign, created = ensure_campaign(courses, employers)
    programme = ensure_programme()
    report.added["campaign"] = int(created)
    step("courses, campaign and programme", started)

    started = time.monotonic()
    report.added["people"] = ensure_people(people, employers, progress)
    step("people and memberships", started)

    if not report.total_added and _finished_before(people):
        # Nothing new, and an earlier run got to the end: every learning row is there. (Asking
        # PostgreSQL to skip four million existing rows one conflict at a time takes minutes.)
        progress("learning and standings: complete from an earlier run")
        return report

    started = time.monotonic()
    learning = ensure_learning(courses, campaign.start_at, timezone.now())
    report.added.update(learning)
    step("enrolments, progress and completions", started)

    started = time.monotonic()
    if report.total_added:
        report.added["standings differences repaired"] = rebuild_standings(campaign)
    step("campaign standings", started)

    if report.total_added:
        record(
            "scale.seeded",
            summary=f"{_summary(people)}; campaign {campaign.slug}, programme {programme.slug}",
            after=dict(report.added),
        )
    return report
