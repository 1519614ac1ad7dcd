"""Hostile input never takes the API down: bounded numbers and dates, no NUL, unreadable bodies
answered 400, and every error, even an unhandled one or a database outage, as a problem document."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from jamlik.people import actions
from jamlik.people.models import Organisation, User
from tests.programmes.factories import make_programme


def bearer(user: User) -> dict[str, str]:
    _token, raw = actions.create_api_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


@pytest.fixture
def client() -> Client:
    # Unhandled errors are answered as in production, not raised into the test.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/news", "/api/v1/organisations", "/api/v1/courses", "/api/v1/examples"])
def test_an_offset_beyond_any_list_is_refused_not_a_server_error(client: Client, path: str) -> None:
    body = assert_problem(client.get(f"{path}?offset=9223372036854775808"), 422)
    assert "offset" in body["errors"]
    assert client.get(f"{path}?offset=10000000").status_code == 200  # the bound itself is fine


@pytest.mark.django_db
def test_a_limit_beyond_the_bound_is_refused(client: Client) -> None:
    assert "limit" in assert_problem(client.get("/api/v1/news?limit=9223372036854775808"), 422)["errors"]


@pytest.mark.django_db
def test_a_nul_character_in_the_query_or_path_is_refused(client: Client, org_a: Organisation) -> None:
    assert_problem(client.get("/api/v1/organisations?q=%00"), 400)
    assert_problem(client.get("/api/v1/organisations/sa%00ter"), 400)
    assert_problem(client.get("/api/v1/examples?q=a%00b"), 400)


@pytest.mark.django_db
def test_a_nul_character_or_a_non_number_in_a_json_body_is_refused(
    client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    auth = bearer(coordinator_a)
    url = f"/api/v1/organisations/{org_a.public_id}/headcount"
    nul = '{"headcount": 10, "as_of": "2026-01-01", "source_note": "a\\u0000b"}'
    assert "NUL" in assert_problem(client.post(url, nul, content_type="application/json", **auth), 400)["detail"]
    nan = '{"headcount": NaN, "as_of": "2026-01-01"}'
    assert_problem(client.post(url, nan, content_type="application/json", **auth), 400)
    assert_problem(client.post(url, "{not json", content_type="application/json", **auth), 400)
    assert not org_a.headcount_declarations.exists()


@pytest.mark.django_db
def test_a_malformed_multipart_body_is_refused(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    url = f"/api/v1/courses/{uuid.uuid4()}/completions/import?organisation={org_a.slug}"
    no_boundary = client.post(url, b"--x\r\n", content_type="multipart/form-data", **bearer(coordinator_a))
    assert_problem(no_boundary, 400)
    broken = client.post(
        url, b"--x\r\nnonsense", content_type="multipart/form-data; boundary=x", **bearer(coordinator_a)
    )
    assert broken.status_code in (400, 422)
    assert broken["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_date_must_be_a_real_day_written_out(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    auth = bearer(coordinator_a)
    url = f"/api/v1/organisations/{org_a.public_id}/headcount"
    for as_of in (0, "0", 1767225600, "2026-01-01T00:00:00", "1800-01-01", "2026-02-30"):
        response = client.post(url, {"headcount": 10, "as_of": as_of}, content_type="application/json", **auth)
        assert "as_of" in assert_problem(response, 422)["errors"], as_of
    assert not org_a.headcount_declarations.exists()
    completions = f"/api/v1/courses/completions?organisation={org_a.slug}"
    for query in ("from=0", "to=9999-12-31", "from=0001-01-01", "to=20260101"):
        assert_problem(client.get(f"{completions}&{query}", **auth), 422)
    assert client.get(f"{completions}&from=2026-01-01&to=2026-12-31", **auth).status_code == 200


@pytest.mark.django_db
def test_question_ids_beyond_any_key_are_refused(client: Client, coordinator_a: User) -> None:
    huge = str(2**64)
    answer = client.put(
        f"/api/v1/strategies/answers/{uuid.uuid4()}",
        f'{{"answers": {{"{huge}": "x"}}}}',
        content_type="application/json",
        **bearer(coordinator_a),
    )
    assert_problem(answer, 422)
    programme = make_programme().programme  # answers are keyed by question id: a number is no question
    registration = client.post(
        f"/api/v1/programmes/{programme.public_id}/registrations",
        f'{{"answers": {{"{huge}": "x"}}}}',
        content_type="application/json",
        **bearer(coordinator_a),
    )
    assert f"answers.{huge}" in assert_problem(registration, 422)["errors"]


@pytest.mark.django_db
def test_a_statistics_county_beyond_any_key_is_refused(client: Client, coordinator_a: User) -> None:
    response = client.get(
        "/api/v1/statistics/tables/completions/county?county=99999999999999999999", **bearer(coordinator_a)
    )
    assert "county" in assert_problem(response, 422)["errors"]


@pytest.mark.django_db
def test_an_unknown_api_address_is_a_problem(client: Client) -> None:
    assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert_problem(client.delete("/api/v1/news"), 405)


@pytest.mark.django_db
@pytest.mark.urls("tests.api_failing_urls")
def test_an_unhandled_error_in_the_api_is_a_problem_and_is_logged(client: Client, caplog: Any) -> None:
    body = assert_problem(client.get("/api/failing/fails"), 500)
    assert "<html" not in str(body)
    assert any(r.name == "django.request" and r.exc_info for r in caplog.records)
    # Pages keep their own error page.
    assert client.get("/fails").status_code == 500
    assert client.get("/fails")["Content-Type"].startswith("text/html")


@pytest.fixture
def database_away(django_db_blocker: Any) -> Iterator[None]:
    """The database cannot be reached: the connection points at a place with no database."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        kept_connection, kept_settings = connection.connection, dict(connection.settings_dict)
        connection.connection = None
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = "/nonexistent/jamlik/db.sqlite3"
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # the discard port: nothing listens
        try:
            yield
        finally:
            connection.settings_dict.clear()
            connection.settings_dict.update(kept_settings)
            connection.connection = kept_connection


def test_the_api_answers_503_when_the_database_is_away(database_away: None) -> None:
    # Checking the token is the first query: it fails inside the operation, not in a middleware.
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/me/enrolments", HTTP_AUTHORIZATION="Bearer jml_anything")
    assert_problem(response, 503)
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_an_error_is_told_in_the_callers_language(client: Client) -> None:
    assert client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="sv").json()["title"] == "Hittades inte."
    assert client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Not found."
    nul = client.get("/api/v1/news?q=%00", HTTP_ACCEPT_LANGUAGE="en").json()
    assert nul["detail"] == "The request contains a NUL character."
    assert (
        client.get("/api/v1/news?q=%00", HTTP_ACCEPT_LANGUAGE="sv").json()["detail"]
        == "Anropet innehåller ett NUL-tecken."
    )
