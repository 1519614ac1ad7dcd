"""The strategies API: my organisations' strategies and answers, open rounds, and the round status for programme managers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.people import actions as people_actions
from jamlik.people.models import Organisation, User
from jamlik.strategies.models import Response, ResponseStatus, WorkSnapshot
from tests.strategies.factories import make_round, make_strategy, questions

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    _token, raw = people_actions.create_api_token(user, name="Rapportverktyg")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def put(client: Client, path: str, body: dict[str, Any], **headers: str) -> Any:
    return client.put(path, data=json.dumps(body), content_type="application/json", **headers)


def test_the_api_needs_a_token(client: Client) -> None:
    response = client.get("/api/v1/strategies")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_coordinator_lists_and_reads_their_organisations_strategies_with_a_token(
    client: Client, coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    mine = make_strategy(org_a)
    theirs = make_strategy(org_b, title="Gagnefs")
    headers = bearer(coordinator_a)
    listing = client.get("/api/v1/strategies", **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == str(mine.public_id)
    detail = client.get(f"/api/v1/strategies/{mine.public_id}", **headers).json()
    assert [g["status"] for g in detail["goals"]] == ["ongoing", "planned"]
    assert detail["goals"][0]["activities"][1]["owner"] == "Kansliet"
    assert detail["indicators"][0]["values"] == [{"year": 2024, "value": "40.00"}, {"year": 2025, "value": "55.00"}]
    assert client.get(f"/api/v1/strategies/{theirs.public_id}", **headers).status_code == 404


def test_listing_strategies_takes_constant_queries(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation, django_assert_max_num_queries: Any
) -> None:
    make_strategy(org_a)
    with django_assert_max_num_queries(10):
        as_programme_manager.get("/api/v1/strategies")
    for n in range(6):
        make_strategy(org_b, title=f"S{n}")
    with django_assert_max_num_queries(10):
        assert as_programme_manager.get("/api/v1/strategies?limit=5").json()["count"] == 7


def test_a_coordinator_answers_and_submits_through_the_api(
    client: Client, coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    strategy = make_strategy(org_a)
    round_ = make_round([org_a, org_b])
    headers = bearer(coordinator_a)
    rounds_open = client.get("/api/v1/strategies/rounds", **headers).json()
    assert rounds_open["count"] == 1
    answer_id = rounds_open["items"][0]["answer"]
    q = questions(round_)
    saved = put(
        client,
        f"/api/v1/strategies/answers/{answer_id}",
        {
            "strategy": str(strategy.public_id),
            "answers": {
                str(q["text"]): "Lärdom",
                str(q["yes_no"]): True,
                str(q["number"]): 4.5,
                str(q["choice"]): "Bra",
            },
        },
        **headers,
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["status"] == "draft"
    assert body["answers"] == {
        str(q["text"]): "Lärdom",
        str(q["yes_no"]): True,
        str(q["number"]): "4.50",
        str(q["choice"]): "Bra",
    }
    # A later call naming one answer changes only that answer and keeps the linked strategy.
    again = put(client, f"/api/v1/strategies/answers/{answer_id}", {"answers": {str(q["number"]): 5}}, **headers)
    assert again.json()["strategy"] == str(strategy.public_id)
    assert again.json()["answers"][str(q["text"])] == "Lärdom"
    submitted = client.post(f"/api/v1/strategies/answers/{answer_id}/submit", **headers)
    assert submitted.json()["status"] == "submitted"
    assert WorkSnapshot.objects.filter(response__public_id=answer_id).count() == 5
    reopened = client.post(f"/api/v1/strategies/answers/{answer_id}/reopen", **headers)
    assert reopened.json()["status"] == "draft"


def test_bad_answers_are_problem_details_and_change_nothing(
    client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    round_ = make_round([org_a])
    response = Response.objects.get(round=round_)
    headers = bearer(coordinator_a)
    q = questions(round_)
    path = f"/api/v1/strategies/answers/{response.public_id}"
    for body in (
        {"answers": {str(q["choice"]): "Inte ett alternativ"}},
        {"answers": {str(q["number"]): "sju"}},
        {"answers": {"999999": "Okänd fråga"}},
    ):
        refused = put(client, path, body, **headers)
        assert refused.status_code == 422, body
        assert refused["Content-Type"] == "application/problem+json"
    not_ready = client.post(f"{path}/submit", **headers)
    assert not_ready.status_code == 422
    assert f"q{q['text']}" in not_ready.json()["errors"]
    response.refresh_from_db()
    assert response.status == ResponseStatus.NOT_STARTED and not response.answers.exists()


def test_coordinator_b_never_reaches_organisation_a_answers_through_the_api(
    client: Client, coordinator_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    round_ = make_round([org_a, org_b])
    theirs = Response.objects.get(round=round_, organisation=org_a)
    headers = bearer(coordinator_b)
    listing = client.get("/api/v1/strategies/answers", **headers).json()
    assert [item["organisation"] for item in listing["items"]] == [str(org_b.public_id)]
    assert [item["organisation_slug"] for item in listing["items"]] == ["gagnef"]
    assert client.get(f"/api/v1/strategies/answers/{theirs.public_id}", **headers).status_code == 404
    assert put(client, f"/api/v1/strategies/answers/{theirs.public_id}", {"answers": {}}, **headers).status_code == 404
    assert client.post(f"/api/v1/strategies/answers/{theirs.public_id}/submit", **headers).status_code == 404
    assert client.get(f"/api/v1/strategies/rounds/{round_.public_id}/status", **headers).status_code == 404


def test_a_programme_manager_reads_the_round_status_in_constant_queries(
    as_programme_manager: Client, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    from tests.factories import OrganisationFactory

    round_ = make_round([org_a, *[OrganisationFactory() for _ in range(3)]])
    with django_assert_max_num_queries(13):
        status = as_programme_manager.get(f"/api/v1/strategies/rounds/{round_.public_id}/status").json()
    assert status["count"] == 4 and status["submitted"] == 0
    from jamlik.strategies import rounds

    rounds.add_organisations(None, round_, [OrganisationFactory() for _ in range(10)])
    with django_assert_max_num_queries(13):
        status = as_programme_manager.get(f"/api/v1/strategies/rounds/{round_.public_id}/status?limit=50").json()
    assert status["count"] == 14 and len(status["items"]) == 14
    assert {"organisation", "status", "files", "last_reminder"} <= set(status["items"][0])


def test_listing_answers_takes_constant_queries(
    as_coordinator_a: Client, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    make_round([org_a])
    with django_assert_max_num_queries(12):
        assert as_coordinator_a.get("/api/v1/strategies/answers").json()["count"] == 1
    for n in range(4):
        make_round([org_a], title=f"Runda {n}")
    with django_assert_max_num_queries(12):
        listing = as_coordinator_a.get("/api/v1/strategies/answers").json()
    assert listing["count"] == 5 and len(listing["items"][0]["questions"]) == 4
