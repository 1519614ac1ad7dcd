"""The issue's attacks, through the pages, files and API a coordinator or programme manager uses.

A coordinator knows who completed, got a diploma or registered in each unit (the lists they see
elsewhere), so a row must not say which kön its people have; and a hidden cell must say why it is
hidden, never "fewer than 5" when it may hold 160.
"""

from __future__ import annotations

import csv
import io

from django.test import Client

from jamlik.people.models import Organisation
from jamlik.programmes.actions import register
from tests.courses.factories import make_course
from tests.factories import UnitFactory
from tests.programmes.factories import make_programme
from tests.statistics.factories import completed, people
from tests.statistics.kit import MARCH, english, two_organisations


def _csv(response: object) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def _row(rows: list[list[str]], label: str) -> list[str]:
    return next(r for r in rows if r and r[0] == label)


def test_a_units_only_completer_of_a_day_keeps_their_kon(as_coordinator_a: Client, org_a: Organisation) -> None:
    """completed/unit for one day: Kultur och fritid's one completer said "other" beside three zeros."""
    culture = UnitFactory(organisation=org_a, name="Kultur och fritid")
    social = UnitFactory(organisation=org_a, name="Socialförvaltningen")
    course = make_course(lessons=1)
    completed(people(org_a, 1, "annat", culture), course, org_a, MARCH, unit=culture)
    completed(people(org_a, 8, "kvinna", social) + people(org_a, 6, "man", social), course, org_a, MARCH, unit=social)
    day = MARCH.isoformat()
    rows = _csv(
        english(as_coordinator_a).get(
            "/statistik/organisationer/sater/completed/unit.csv", {"date_from": day, "date_to": day}
        )
    )
    assert _row(rows, "Kultur och fritid")[1:6] == ["x", "x", "x", "x", "fewer than 5"]
    # The total row is the organisation's: one "other" person in it, never pinned on the unit.
    assert "0" not in _row(rows, "Kultur och fritid")


def test_a_units_only_registered_person_keeps_their_kon(as_coordinator_a: Client, org_a: Organisation) -> None:
    """registered/unit: one person in a unit registered for a programme."""
    culture = UnitFactory(organisation=org_a, name="Kultur och fritid")
    social = UnitFactory(organisation=org_a, name="Socialförvaltningen")
    shape = make_programme(seats=40)
    for user in people(org_a, 1, "man", culture) + people(org_a, 7, "kvinna", social) + people(org_a, 5, "", social):
        register(user, shape.programme, [shape.stockholm.pk])
    rows = _csv(english(as_coordinator_a).get("/statistik/organisationer/sater/registered/unit.csv"))
    assert _row(rows, "Kultur och fritid")[1:6] == ["x", "x", "x", "x", "fewer than 5"]
    assert "0" not in _row(rows, "Kultur och fritid")


def test_a_cell_hidden_to_protect_another_says_x_and_the_file_says_why(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    """Säter: 6 women, 5 men, 3 not stated. The 3 are "fewer than 5"; the 5 men are hidden with them so
    that the 3 cannot be worked out, and used to say "fewer than 5" too."""
    two_organisations(org_a, org_b)
    client = english(as_programme_manager)
    rows = _csv(client.get("/statistik/export/completed/organisation.csv"))
    sater = _row(rows, "Säters kommun")
    assert (sater[1], sater[2], sater[4], sater[5]) == ("6", "x", "fewer than 5", "14")
    assert any(line and line[0].startswith("“x”: hidden so that") for line in rows)
    assert any(line and line[0].startswith("“fewer than 5”: a group of 1 to 4 people") for line in rows)
    api = client.get("/api/v1/statistics/tables/completed/organisation").json()
    row = next(r for r in api["rows"] if r["label"] == "Säters kommun")
    assert [row["cells"][n] for n in (0, 1, 3, 4)] == [6, None, None, 14]
    assert [row["states"][n] for n in (0, 1, 3, 4)] == ["shown", "protected", "small", "shown"]
    assert set(api["legend"]) == {"small", "protected"}
    page = client.get("/statistik/", {"dimension": "organisation"}).content.decode()
    assert "Hidden figures" in page
    assert "a group of 1 to 4 people" in page


def test_an_organisations_table_by_course_hides_what_the_national_table_hides_in_its_row(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    """A programme manager sees the national table by organisation and Säter's table by course.
    With one course, the course table's total row is Säter's national row: a cell hidden there to
    protect another organisation must not be shown here."""
    from jamlik.statistics.measures import Filters, get
    from jamlik.statistics.tables import build
    from tests.factories import OrganisationFactory

    world = two_organisations(org_a, org_b)
    hedemora = OrganisationFactory(name="Hedemora kommun", slug="hedemora")
    completed(
        people(hedemora, 30, "kvinna") + people(hedemora, 20, "man") + people(hedemora, 8),
        world.course,
        hedemora,
        MARCH,
    )
    national = build(get("completed"), "organisation", Filters())
    sater = next(r for r in national.rows if r.label == "Säters kommun")
    by_course = build(get("completed"), "item", Filters(organisation_ids=(org_a.pk,)))
    assert [c.state for c in by_course.total] == [c.state for c in sater.cells]
    assert [c.value for c in by_course.total] == [c.value for c in sater.cells]
