"""The table of contents of a package as one learner sees it: every item in order, with the
status of their latest attempt, whether it may be launched now, and which item to open."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.courses.models import Enrolment
from jamlik.packages.attempts import Attempt
from jamlik.packages.models import Package, PackageItem
from jamlik.packages.prerequisites import is_met


@dataclass(frozen=True)
class Entry:
    item: PackageItem
    status: str  # the latest attempt's status word ("" before the first launch)
    done: bool
    open: bool  # launchable now (SCORM 1.2 prerequisites met)

    @property
    def launchable(self) -> bool:
        return self.item.is_launchable


def outline(package: Package, enrolment: Enrolment) -> list[Entry]:
    items = list(package.items.order_by("position"))
    latest: dict[int, Attempt] = {}
    for attempt in Attempt.objects.filter(enrolment=enrolment).order_by("item_id", "-number"):
        latest.setdefault(attempt.item_id, attempt)
    statuses = {item.identifier: latest[item.pk].status for item in items if item.pk in latest}
    return [
        Entry(
            item=item,
            status=latest[item.pk].status if item.pk in latest else "",
            done=item.pk in latest and latest[item.pk].done_at is not None,
            # SCORM 2004 sequencing is left to the package (docs/scorm.md); 1.2 declares prerequisites.
            open=item.is_launchable and (package.is_scorm_2004 or is_met(item.prerequisites, statuses)),
        )
        for item in items
    ]


def first_to_open(entries: list[Entry]) -> Entry | None:
    """Where a learner who names no item starts: the first open item not done yet, else the first."""
    launchable = [entry for entry in entries if entry.open]
    return next((entry for entry in launchable if not entry.done), launchable[0] if launchable else None)


def neighbours(entries: list[Entry], current: PackageItem) -> tuple[PackageItem | None, PackageItem | None]:
    """The launchable items before and after ``current`` in the table of contents."""
    launchable = [entry.item for entry in entries if entry.launchable]
    index = next(i for i, item in enumerate(launchable) if item.pk == current.pk)
    previous = launchable[index - 1] if index > 0 else None
    following = launchable[index + 1] if index + 1 < len(launchable) else None
    return previous, following
