"""What the tables count: people by kön, where they are charged, periods, headcounts."""

from __future__ import annotations

import datetime

import pytest

from jamlik.people.models import Kon, Organisation
from jamlik.statistics import suppression
from jamlik.statistics.measures import Filters, get
from jamlik.statistics.suppression import Cell
from jamlik.statistics.tables import Row, build
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory, MembershipFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.statistics.attacker import worked_out_together
from tests.statistics.factories import completed, moment, people
from tests.statistics.kit import MARCH, two_organisations


@pytest.fixture
def no_suppression(settings: object) -> None:
    settings.JAMLIK_STATISTICS_MIN_CELL = 1  # type: ignore[attr-defined]


def _cells(table: object, label: str) -> list[int | None]:
    row = next(r for r in table.rows if r.label == label)  # type: ignore[attr-defined]
    return [c.value for c in row.cells]


def test_completions_are_counted_by_kon_with_unstated_kon_as_unknown(
    org_a: Organisation, org_b: Organisation, no_suppression: None
) -> None:
    two_organisations(org_a, org_b, size=1)
    extra = UserFactory(kon=Kon.EJ_UPPGETT)
    MembershipFactory(user=extra, organisation=org_a)
    completed([extra, *people(org_a, 1)], make_course(lessons=1), org_a, MARCH)
    table = build(get("completed"), "organisation", Filters())
    # 6 women, 5 men, 0 other, 3 + 2 unknown (blank and "prefer not to say" together); each person once.
    assert _cells(table, "Säters kommun") == [6, 5, 0, 5, 16]


def test_a_small_cell_and_a_second_one_are_hidden_everywhere(org_a: Organisation, org_b: Organisation) -> None:
    two_organisations(org_a, org_b)
    table = build(get("completed"), "organisation", Filters())
    gagnef = _cells(table, "Gagnefs kommun")
    assert gagnef[1] is None  # 2 men
    assert sum(v is None for v in gagnef) >= 2
    assert [c.value for c in table.total].count(None) >= 2


def test_a_completion_counts_for_the_organisation_the_person_belonged_to_then(
    org_a: Organisation, org_b: Organisation, no_suppression: None
) -> None:
    course = make_course(lessons=1)
    mover = UserFactory(kon=Kon.KVINNA)
    MembershipFactory(
        user=mover, organisation=org_a, valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2026, 3, 31)
    )
    MembershipFactory(user=mover, organisation=org_b, valid_from=datetime.date(2026, 4, 1))
    completed([mover], course, org_a, MARCH)
    table = build(get("completed"), "organisation", Filters())
    assert [r.label for r in table.rows] == ["Säters kommun"]
    # The enrolment row was written today, when the person belonged to Gagnef: it counts there.
    enrolled = build(get("enrolled"), "organisation", Filters())
    assert [r.label for r in enrolled.rows] == ["Gagnefs kommun"]


def test_an_empty_period_gives_an_empty_table_not_an_error(org_a: Organisation, org_b: Organisation) -> None:
    two_organisations(org_a, org_b)
    for measure in ("completed", "enrolled", "registered", "campaign_counted"):
        table = build(get(measure), "organisation", Filters(date_from=datetime.date(2030, 1, 1)))
        assert table.rows == []
        assert [c.value for c in table.total] == [0, 0, 0, 0, 0]


def test_the_period_is_whole_days_in_stockholm(org_a: Organisation, no_suppression: None) -> None:
    course = make_course(lessons=1)
    late = people(org_a, 1, "man")
    completed(late, course, org_a, datetime.date(2026, 3, 31))  # noon
    from jamlik.courses.models import Completion

    Completion.objects.update(completed_at=moment(datetime.date(2026, 3, 31), 23))  # 23:00 local, 21:00 UTC
    march = Filters(date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 31))
    april = Filters(date_from=datetime.date(2026, 4, 1), date_to=datetime.date(2026, 4, 30))
    assert build(get("completed"), "organisation", march).grand_total() == 1
    assert build(get("completed"), "organisation", april).grand_total() == 0


def test_an_organisation_without_headcount_has_no_share_rather_than_a_division_by_zero(
    org_a: Organisation, org_b: Organisation, no_suppression: None
) -> None:
    two_organisations(org_a, org_b)
    HeadcountFactory(organisation=org_a, headcount=28, as_of=datetime.date(2026, 1, 1))
    table = build(get("completed"), "organisation", Filters())
    sater = next(r for r in table.rows if r.label == "Säters kommun")
    gagnef = next(r for r in table.rows if r.label == "Gagnefs kommun")
    assert (sater.headcount, sater.percent) == (28, 50.0)
    assert (gagnef.headcount, gagnef.percent) == (None, None)


def test_the_share_is_not_shown_when_the_total_is_hidden(org_a: Organisation, org_b: Organisation) -> None:
    course = make_course(lessons=1)
    completed(people(org_b, 3, "kvinna"), course, org_b, MARCH)
    completed(people(org_a, 9, "kvinna"), course, org_a, MARCH)
    HeadcountFactory(organisation=org_b, headcount=10, as_of=datetime.date(2026, 1, 1))
    gagnef = next(r for r in build(get("completed"), "organisation", Filters()).rows if r.label == "Gagnefs kommun")
    assert gagnef.total.value is None
    assert gagnef.percent is None


def test_units_come_from_the_completion_and_the_no_unit_row_is_kept(org_a: Organisation, no_suppression: None) -> None:
    unit = UnitFactory(organisation=org_a, name="Socialtjänsten")
    course = make_course(lessons=1)
    completed(people(org_a, 2, "kvinna", unit), course, org_a, MARCH, unit=unit)
    completed(people(org_a, 1, "man"), course, org_a, MARCH)
    table = build(get("completed"), "unit", Filters(), org_a)
    assert [(r.key, r.total.value) for r in table.rows] == [(unit.pk, 2), (None, 1)]


def test_a_county_adds_up_its_organisations_and_with_them_discloses_nothing(
    org_a: Organisation, org_b: Organisation
) -> None:
    """Counties are published where an audit of both tables together allows (not only where every
    organisation's cell is shown); what a county shows is the sum of its organisations."""
    from jamlik.people.models import County

    dalarna = County.objects.get_or_create(code="20", defaults={"name": "Dalarnas län", "short_name": "Dalarna"})[0]
    other = County.objects.get_or_create(code="23", defaults={"name": "Jämtlands län", "short_name": "Jämtland"})[0]
    Organisation.objects.filter(pk__in=[org_a.pk, org_b.pk]).update(county=dalarna)
    org_c = OrganisationFactory(name="Östersunds kommun", slug="ostersund", county=other)
    world = two_organisations(org_a, org_b)
    completed(people(org_c, 30, "kvinna") + people(org_c, 20, "man") + people(org_c, 8), world.course, org_c, MARCH)
    by_org = build(get("completed"), "organisation", Filters())
    by_county = build(get("completed"), "county", Filters())
    truth = {"Säters kommun": [6, 5, 0, 3], "Gagnefs kommun": [7, 2, 0, 0], org_c.name: [30, 20, 0, 8]}
    base = suppression.with_margins([truth[r.label] for r in by_org.rows], 4)
    groups = [
        [i for i, r in enumerate(by_org.rows) if (r.label == org_c.name) == (c.label == "Jämtlands län")]
        for c in by_county.rows
    ]
    cut = suppression.with_margins([[sum(base[i][j] for i in g) for j in range(4)] for g in groups], 4)
    base_states = [[c.state for c in r.cells] for r in [*by_org.rows, Row(None, "", by_org.total)]]
    cut_states = [[c.state for c in r.cells] for r in [*by_county.rows, Row(None, "", by_county.total)]]
    for row, values in zip(by_county.rows, cut, strict=False):
        assert all(c.value in (None, v) for c, v in zip(row.cells, values, strict=True))
    # Nothing beyond what the table by organisation gives away on its own.
    silent = [[Cell.PROTECTED] * 5 for _ in groups] + [cut_states[-1]]
    alone = set(worked_out_together(base, base_states, cut, silent, groups, 5))
    assert [key for key in worked_out_together(base, base_states, cut, cut_states, groups, 5) if key not in alone] == []
    assert any(c.value is not None for c in by_county.rows[0].cells[:4])  # not every county cell hidden
