"""GET /api/v1/statistics/...: the same tables and hidden cells as the pages, for the right people only."""

from __future__ import annotations

from django.test import Client

from jamlik.people.models import Organisation
from jamlik.statistics.measures import Filters, get
from jamlik.statistics.tables import build
from tests.statistics.factories import completed, people
from tests.statistics.kit import MARCH, queries, two_organisations

BASE = "/api/v1/statistics"


def test_a_programme_manager_gets_the_same_cells_as_the_dashboard(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    body = as_programme_manager.get(f"{BASE}/tables/completed/organisation").json()
    table = build(get("completed"), "organisation", Filters())
    assert [r["cells"] for r in body["rows"]] == [[c.value for c in r.cells] for r in table.rows]
    assert body["total"] == [c.value for c in table.total]
    assert body["threshold"] == 5
    gagnef = next(r for r in body["rows"] if r["label"] == "Gagnefs kommun")
    assert gagnef["cells"][1] is None


def test_a_coordinator_gets_their_own_organisation_by_unit_or_course_only(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    by_course = as_coordinator_a.get(f"{BASE}/tables/completed/item", {"organisation": "sater"}).json()
    assert [r["label"] for r in by_course["rows"]] == [world.course.published_version.title]  # type: ignore[union-attr]
    assert by_course["total"][-1] == 14
    assert as_coordinator_a.get(f"{BASE}/tables/completed/unit", {"organisation": "sater"}).status_code == 200
    assert as_coordinator_a.get(f"{BASE}/tables/completed/item", {"organisation": "gagnef"}).status_code == 404
    assert as_coordinator_a.get(f"{BASE}/tables/completed/organisation").status_code == 404
    assert as_coordinator_a.get(f"{BASE}/tables/completed/organisation", {"organisation": "sater"}).status_code == 404


def test_strangers_and_bad_requests(client: Client, as_programme_manager: Client, as_learner_a: Client) -> None:
    assert client.get(f"{BASE}/tables/completed/organisation").status_code == 401
    assert as_learner_a.get(f"{BASE}/tables/completed/item", {"organisation": "sater"}).status_code == 404
    assert as_programme_manager.get(f"{BASE}/tables/nothing/organisation").status_code == 404
    bad = as_programme_manager.get(
        f"{BASE}/tables/completed/organisation", {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert bad.status_code == 422
    assert "date_to" in bad.json()["errors"]
    assert as_programme_manager.get(f"{BASE}/measures").status_code == 200


def test_the_api_costs_the_same_number_of_queries_for_more_people(
    as_programme_manager: Client, as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    calls = [
        (as_programme_manager, f"{BASE}/tables/completed/organisation", {}),
        (as_programme_manager, f"{BASE}/tables/registered/county", {}),
        (as_coordinator_a, f"{BASE}/tables/completed/unit", {"organisation": "sater"}),
    ]
    for c, u, q in calls:
        c.get(u, q)
    before = [queries(lambda c=c, u=u, q=q: c.get(u, q)) for c, u, q in calls]
    completed(people(org_a, 25, "kvinna"), world.course, org_a, MARCH)
    assert [queries(lambda c=c, u=u, q=q: c.get(u, q)) for c, u, q in calls] == before
