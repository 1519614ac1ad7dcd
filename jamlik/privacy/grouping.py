"""An inventory arranged as the person reads it: by purpose, then by the organisation it was
recorded for, then by the catalogue's kind of data (with its legal basis, who can see it and the
retention rule in force for that organisation), then the tables of rows.

The retention periods cost one query per organisation the person has data for (and one for the
platform's own rules), whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jamlik.people.models import Organisation
from jamlik.privacy.inventory import Inventory, Record, Section
from jamlik.privacy.kinds import KINDS, Kind
from jamlik.retention.catalogue import KINDS as DATA_KINDS
from jamlik.retention.catalogue import DataKind, Period, Purpose, periods_for


@dataclass
class Table:
    kind: Kind
    records: list[Record]
    left_out: int = 0  # rows of this table not shown here (the page's cap), all in the download


@dataclass
class KindGroup:
    data_kind: DataKind
    period: Period
    tables: list[Table] = field(default_factory=list)

    @property
    def visible_to(self) -> list[str]:
        return [str(v.label) for v in self.data_kind.visible_to]


@dataclass
class OrganisationGroup:
    organisation: Organisation | None
    kinds: list[KindGroup] = field(default_factory=list)


@dataclass
class PurposeGroup:
    purpose: Purpose
    organisations: list[OrganisationGroup] = field(default_factory=list)


@dataclass
class Arranged:
    purposes: list[PurposeGroup]
    empty: list[DataKind]  # kinds of data held about other people, none about this person


def arrange(inventory: Inventory) -> Arranged:
    organisations: list[Organisation | None] = [None, *inventory.organisations()]
    periods = {(o.pk if o is not None else None): periods_for(None, o) for o in organisations}
    tables_of: dict[str, list[Section]] = {}
    for kind in KINDS:
        tables_of.setdefault(kind.data_kind, []).append(inventory.sections[kind.key])
    purposes: dict[Purpose, PurposeGroup] = {}
    empty: list[DataKind] = []
    for data_kind in DATA_KINDS:
        sections = tables_of.get(data_kind.key, [])
        if not any(s.records for s in sections):
            empty.append(data_kind)
            continue
        purpose = purposes.setdefault(data_kind.purpose, PurposeGroup(data_kind.purpose))
        for organisation in organisations:
            org_id = organisation.pk if organisation is not None else None
            tables = []
            for section in sections:
                rows = [r for r in section.records if (r.organisation.pk if r.organisation else None) == org_id]
                if rows:
                    tables.append(Table(section.kind, rows))
            if not tables:
                continue
            group = next((g for g in purpose.organisations if g.organisation == organisation), None)
            if group is None:
                group = OrganisationGroup(organisation)
                purpose.organisations.append(group)
            group.kinds.append(KindGroup(data_kind, periods[org_id][data_kind.rule], tables))
        _note_left_out(purpose, sections)
    ordered = [purposes[p] for p in Purpose if p in purposes]
    for purpose_group in ordered:
        purpose_group.organisations.sort(
            key=lambda g: (g.organisation is not None, g.organisation.name if g.organisation else "")
        )
    return Arranged(ordered, empty)


def _note_left_out(purpose: PurposeGroup, sections: list[Section]) -> None:
    """Say once, under the last table of its kind, how many rows the page left out."""
    for section in sections:
        if not section.left_out:
            continue
        last = None
        for group in purpose.organisations:
            for kind_group in group.kinds:
                for table in kind_group.tables:
                    if table.kind.key == section.kind.key:
                        last = table
        if last is not None:
            last.left_out = section.left_out
