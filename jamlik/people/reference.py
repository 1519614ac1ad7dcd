"""Loads Sweden's counties, county boards, municipalities and regions. Safe to run any number of times.

Counties are refreshed from the files. An organisation is found by what identifies it (a county
board or region by kind and county, a municipality by its code) and created only when missing, so
a name or organisation number an administrator has edited is kept.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from jamlik.audit.models import record
from jamlik.people.models import GOTLAND_MUNICIPALITY_CODE, County, Organisation, OrganisationKind

DATA = Path(__file__).resolve().parent / "data"

# The source's long names are generated and a few are wrong; these are the official names.
NAME_CORRECTIONS = {
    "0880": "Kalmar kommun",
    GOTLAND_MUNICIPALITY_CODE: "Region Gotland",  # a municipality with a region's duties
    "2080": "Falu kommun",
    "2513": "Överkalix kommun",
    "2514": "Kalix kommun",
}

# County code -> the region's own name. The files hold no regions, and no organisation numbers
# for anything, so none are set here. Gotland (09) has no separate region: Region Gotland is the
# municipality (GOTLAND_MUNICIPALITY_CODE), loaded with the municipalities.
REGIONS = {
    "01": "Region Stockholm",
    "03": "Region Uppsala",
    "04": "Region Sörmland",
    "05": "Region Östergötland",
    "06": "Region Jönköpings län",
    "07": "Region Kronoberg",
    "08": "Region Kalmar län",
    "10": "Region Blekinge",
    "12": "Region Skåne",
    "13": "Region Halland",
    "14": "Västra Götalandsregionen",
    "17": "Region Värmland",
    "18": "Region Örebro län",
    "19": "Region Västmanland",
    "20": "Region Dalarna",
    "21": "Region Gävleborg",
    "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen",
    "24": "Region Västerbotten",
    "25": "Region Norrbotten",
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
    for code, name in REGIONS.items():
        _, created = Organisation.objects.get_or_create(
            kind=OrganisationKind.REGION, county=counties[code], defaults={"name": name, "slug": slugify(name)}
        )
        result.organisations += created
    if result.counties or result.organisations:
        record(
            "reference_data.loaded",
            summary=f"{result.counties} counties, {result.organisations} organisations",
            after={"counties": result.counties, "organisations": result.organisations},
        )
    return result
