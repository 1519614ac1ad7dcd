"""The public API of good examples: search, filters, one example; drafts never appear."""

from __future__ import annotations

import pytest

from tests.knowledge.factories import draft_example, published_example

pytestmark = pytest.mark.django_db


def test_the_list_has_published_examples_only(coordinator_a, org_a, coordinator_b, org_b, programme_manager, client):
    shown = published_example(coordinator_a, org_a, programme_manager, title="Publicerat")
    draft_example(coordinator_b, org_b, title="Utkast")
    body = client.get("/api/v1/examples").json()
    assert body["count"] == 1
    assert [i["id"] for i in body["items"]] == [str(shown.public_id)]
    assert body["items"][0]["organisation"] == str(org_a.public_id)
    assert body["items"][0]["organisation_slug"] == "sater"
    assert body["items"][0]["themes"] == ["bemotande"]


def test_a_search_returns_ranked_and_highlighted_items(coordinator_a, org_a, programme_manager, client):
    published_example(coordinator_a, org_a, programme_manager, title="Rollspel", summary="Vi tränade med rollspel.")
    published_example(coordinator_a, org_a, programme_manager, title="Annat", summary="Något helt annat.")
    body = client.get("/api/v1/examples", {"q": "rollspel"}).json()
    assert body["count"] == 1
    assert "<mark>" in body["items"][0]["highlight"].lower()


def test_a_draft_is_not_found_by_id_in_the_api(coordinator_a, org_a, client, as_coordinator_a):
    draft = draft_example(coordinator_a, org_a)
    assert client.get(f"/api/v1/examples/{draft.public_id}").status_code == 404
    assert as_coordinator_a.get(f"/api/v1/examples/{draft.public_id}").status_code == 404


def test_bad_filters_get_a_problem_response(client, db):
    response = client.get("/api/v1/examples", {"kind": "castle", "year": "soon"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) >= {"kind", "year"}


def test_the_api_list_costs_the_same_queries_for_many_examples(
    coordinator_a, org_a, programme_manager, client, django_assert_max_num_queries
):
    for n in range(15):
        published_example(coordinator_a, org_a, programme_manager, title=f"Exempel {n}", summary="Rutiner.")
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/examples", {"q": "rutiner", "limit": 10}).json()["count"] == 15
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/examples").json()["items"]) == 15
