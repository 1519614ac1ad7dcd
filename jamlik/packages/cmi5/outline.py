"""The course's structure as the learner sees it: blocks and AUs in order, each with its state."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.courses.models import Enrolment
from jamlik.packages.cmi5.models import Progress, Registration
from jamlik.packages.models import ItemKind, PackageItem


@dataclass(frozen=True)
class Row:
    item: PackageItem
    depth: int
    is_au: bool
    completed: bool
    passed: bool
    satisfied: bool
    waived: bool


def outline_of(enrolment: Enrolment) -> list[Row]:
    package = enrolment.version.package
    registration = Registration.objects.filter(enrolment=enrolment).first()
    progress: dict[int, Progress] = {}
    if registration is not None:
        progress = {row.item_id: row for row in Progress.objects.filter(registration=registration)}
    rows = []
    for item in package.items.order_by("position"):
        row = progress.get(item.pk)
        rows.append(
            Row(
                item=item,
                depth=item.depth,
                is_au=item.kind == ItemKind.AU,
                completed=bool(row and row.completed_at),
                passed=bool(row and row.passed_at),
                satisfied=bool(row and row.satisfied_at),
                waived=bool(row and row.waived_at),
            )
        )
    return rows
