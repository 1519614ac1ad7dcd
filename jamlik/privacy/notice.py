"""The records of processing behind the public privacy notice (GDPR Art. 13 and 30).

Per purpose: each kind of data, its legal basis, who receives it and how long it is kept, read
from the retention catalogue and the rules in force for one organisation (or the platform's), the
same ``periods_for`` the retention job uses, so the notice cannot say something the job does not
do. Two queries: the organisations with rules of their own (for the choice on the page), and the
rules in force.
"""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.people.models import Organisation
from jamlik.retention.catalogue import DataKind, Period, Purpose, kinds_by_purpose, periods_for
from jamlik.retention.models import RetentionRule


@dataclass(frozen=True)
class Row:
    kind: DataKind
    period: Period

    @property
    def recipients(self) -> list[str]:
        return [str(v.label) for v in self.kind.visible_to]


@dataclass(frozen=True)
class PurposeRecords:
    purpose: Purpose
    rows: list[Row]


def organisations_with_rules() -> list[Organisation]:
    ids = RetentionRule.objects.filter(organisation__isnull=False).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def records_of_processing(organisation: Organisation | None = None) -> list[PurposeRecords]:
    periods = periods_for(None, organisation)
    return [
        PurposeRecords(purpose, [Row(kind, periods[kind.rule]) for kind in kinds])
        for purpose, kinds in kinds_by_purpose().items()
    ]
