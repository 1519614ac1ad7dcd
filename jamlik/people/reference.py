"""Loads Sweden's counties, county boards and municipalities. Safe to run any number of times."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from jamlik.audit.models import record
from jamlik.people.models import County, Organisation, OrganisationKind

DATA = Path(__file__).resolve().parent / "data"

# The source's long names are generated and a few are wrong; these are the official names.
NAME_CORRECTIONS = {
    "0880": "Kalmar kommun",
    "0980": "Region Gotland",
    "2080": "Falu kommun",
    "2513": "Överkalix kommun",
    "2514": "Kalix kommun",
}


@dataclass
class LoadResult:
    counties: int = 0
    organisations: int = 0


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_reference_data() -> LoadResult:
    result = LoadResult()
    counties: dict[str, County] = {}
    for row in _rows("counties.csv"):
        county, created = County.objects.update_or_create(
            code=row["county_code"], defaults={"name": row["county_name"], "short_name": row["county_name_short"]}
        )
        counties[county.code] = county
        result.counties += created
        _, created = Organisation.objects.get_or_create(
            kind=OrganisationKind.COUNTY_BOARD,
            county=county,
            defaults={
                "name": f"Länsstyrelsen i {county.name}",
                "slug": "lansstyrelsen-" + slugify(county.short_name),
            },
        )
        result.organisations += created
    municipalities = _rows("municipalities.csv")
    # Two names meet in one slug (Håbo and Habo): both then carry their code.
    slug_counts = Counter(slugify(row["municipality_name_short"]) for row in municipalities)
    for row in municipalities:
        slug = slugify(row["municipality_name_short"])
        if slug_counts[slug] > 1:
            slug = f"{slug}-{row['municipality_code']}"
        _, created = Organisation.objects.get_or_create(
            kind=OrganisationKind.MUNICIPALITY,
            municipality_code=row["municipality_code"],
            defaults={
                "name": NAME_CORRECTIONS.get(row["municipality_code"], row["municipality_name"]),
                "slug": slug,
                "county": counties[row["county_code"]],
            },
        )
        result.organisations += created
    if result.counties or result.organisations:
        record(
            "reference_data.loaded",
            summary=f"{result.counties} counties, {result.organisations} organisations",
            after={"counties": result.counties, "organisations": result.organisations},
        )
    return result
