"""Regions, headcounts and units for every county board, municipality and region.

The county boards, municipalities and regions come from the reference data
(``load_reference_data``). Headcounts are synthetic but plausible (a large city employs tens
of thousands, a small municipality a few hundred) and fixed per organisation, so they do not
depend on N and a second run declares nothing new.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jamlik.people.actions import declare_headcount
from jamlik.people.models import HeadcountDeclaration, Organisation, OrganisationKind, Unit
from jamlik.people.reference import load_reference_data

SOURCE_NOTE = "Synthetic benchmark data (seed-scale)"

# The largest employers, roughly at their real size; the rest are drawn from a skewed distribution.
KNOWN_HEADCOUNTS = {
    "0180": 48_000,  # Stockholm
    "1480": 56_000,  # Göteborg
    "1280": 27_000,  # Malmö
    "0380": 16_000,  # Uppsala
    "0580": 12_000,  # Linköping
    "1880": 11_000,  # Örebro
    "0581": 10_000,  # Norrköping
    "1980": 10_000,  # Västerås
    "0680": 9_000,  # Jönköping
    "2480": 9_000,  # Umeå
}
REGION_HEADCOUNTS = {"01": 47_000, "14": 55_000, "12": 38_000}

UNITS = {
    OrganisationKind.MUNICIPALITY: [
        "Kommunstyrelseförvaltningen",
        "Socialförvaltningen",
        "Utbildningsförvaltningen",
        "Vård- och omsorgsförvaltningen",
        "Samhällsbyggnadsförvaltningen",
        "Kultur- och fritidsförvaltningen",
    ],
    OrganisationKind.REGION: [
        "Hälso- och sjukvården",
        "Tandvården",
        "Regional utveckling",
        "Kollektivtrafiken",
        "Regionstyrelsens förvaltning",
    ],
    OrganisationKind.COUNTY_BOARD: [
        "Enheten för social hållbarhet",
        "Miljöenheten",
        "Rättsenheten",
        "Enheten för samhällsutveckling",
    ],
}


@dataclass(frozen=True)
class Employer:
    organisation_id: int
    headcount: int
    unit_ids: tuple[int, ...]


def _headcount(organisation: Organisation) -> int:
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        known = KNOWN_HEADCOUNTS.get(organisation.municipality_code)
        if known:
            return known
        rng = random.Random(f"m{organisation.municipality_code}")  # noqa: S311 (synthetic data, not security)
        return max(250, min(8_000, round(math.exp(rng.gauss(7.4, 0.75)))))
    code = organisation.county.code if organisation.county else "00"
    if organisation.kind == OrganisationKind.REGION:
        known = REGION_HEADCOUNTS.get(code)
        if known:
            return known
        return 4_000 + random.Random(f"r{code}").randrange(12_000)  # noqa: S311
    return 150 + random.Random(f"c{code}").randrange(350)  # noqa: S311


def national_organisations() -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.COUNTY_BOARD, OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]
        )
        .select_related("county")
        .order_by("pk")
    )


@transaction.atomic
def ensure_employers() -> tuple[list[Employer], int]:
    """Reference data, a headcount for each and their units. Returns (employers, rows added)."""
    loaded = load_reference_data()
    added = loaded.counties + loaded.organisations
    organisations = national_organisations()
    declared = set(
        HeadcountDeclaration.objects.filter(source_note=SOURCE_NOTE).values_list("organisation_id", flat=True)
    )
    as_of = timezone.localdate() - datetime.timedelta(days=90)
    for organisation in organisations:
        if organisation.pk not in declared:
            declare_headcount(
                None, organisation, headcount=_headcount(organisation), as_of=as_of, source_note=SOURCE_NOTE
            )
            added += 1
    # Checked here, not left to the constraint: SQLite treats root units (parent NULL) as distinct.
    have = {
        (organisation_id, name)
        for organisation_id, name in Unit.objects.filter(organisation__in=organisations, parent=None).values_list(
            "organisation_id", "name"
        )
    }
    new_units = [
        Unit(organisation=o, name=name)
        for o in organisations
        for name in UNITS[OrganisationKind(o.kind)]
        if (o.pk, name) not in have
    ]
    Unit.objects.bulk_create(new_units, ignore_conflicts=True)
    added += len(new_units)
    names = {o.pk: set(UNITS[OrganisationKind(o.kind)]) for o in organisations}
    units: dict[int, list[int]] = {}
    rows = Unit.objects.filter(organisation__in=organisations, parent=None).order_by("pk")
    for unit_id, organisation_id, name in rows.values_list("pk", "organisation_id", "name"):
        if name in names[organisation_id]:
            units.setdefault(organisation_id, []).append(unit_id)
    headcounts = dict(
        HeadcountDeclaration.objects.filter(source_note=SOURCE_NOTE).values_list("organisation_id", "headcount")
    )
    employers = [Employer(o.pk, headcounts[o.pk], tuple(units.get(o.pk, ()))) for o in organisations]
    return employers, added
