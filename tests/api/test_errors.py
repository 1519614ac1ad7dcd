"""Every error under /api/ is a problem document: wrong methods, sign-in, CSRF, rate limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from jamlik.people.models import HeadcountDeclaration, Organisation, User
from tests.api.helpers import assert_problem, bearer

HEADCOUNT = {"headcount": 120, "as_of": "2026-01-01"}


@pytest.fixture
def strict_client() -> Client:
    """A client that sends no CSRF token unless told, as a browser script or an integration would."""
    return Client(enforce_csrf_checks=True)


def headcount_url(org: Organisation) -> str:
    return f"/api/v1/organisations/{org.public_id}/headcount"


@pytest.mark.django_db
def test_a_wrong_method_is_a_problem_naming_the_allowed_ones(client: Client) -> None:
    response = client.delete("/api/v1/news")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_a_read_without_a_token_is_a_401_asking_for_a_bearer_token(client: Client, org_a: Organisation) -> None:
    response = client.get(headcount_url(org_a))
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
def test_a_post_with_neither_token_nor_session_is_a_401_not_a_csrf_failure(
    strict_client: Client, org_a: Organisation
) -> None:
    response = strict_client.post(headcount_url(org_a), HEADCOUNT, content_type="application/json")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    assert not HeadcountDeclaration.objects.exists()


@pytest.mark.django_db
def test_a_post_with_an_unknown_token_is_a_401_saying_the_token_was_refused(
    strict_client: Client, org_a: Organisation
) -> None:
    response = strict_client.post(
        headcount_url(org_a), HEADCOUNT, content_type="application/json", HTTP_AUTHORIZATION="Bearer jml_nonsense"
    )
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.django_db
def test_a_token_request_never_needs_csrf(strict_client: Client, coordinator_a: User, org_a: Organisation) -> None:
    response = strict_client.post(
        headcount_url(org_a), HEADCOUNT, content_type="application/json", **bearer(coordinator_a)
    )
    assert response.status_code == 201, response.content
    assert org_a.headcount_declarations.count() == 1


@pytest.mark.django_db
def test_a_session_request_needs_the_csrf_token_for_an_unsafe_method(
    strict_client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    strict_client.force_login(coordinator_a)
    assert strict_client.get(headcount_url(org_a)).status_code == 200  # reading needs none
    refused = strict_client.post(headcount_url(org_a), HEADCOUNT, content_type="application/json")
    assert "CSRF" in assert_problem(refused, 403)["detail"]
    assert not HeadcountDeclaration.objects.exists()

    csrf = _csrf_token_for(strict_client)
    accepted = strict_client.post(
        headcount_url(org_a), HEADCOUNT, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201, accepted.content


@pytest.mark.django_db
def test_a_bad_token_beside_a_session_is_refused_not_taken_as_the_session(
    strict_client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    strict_client.force_login(coordinator_a)
    csrf = _csrf_token_for(strict_client)
    response = strict_client.post(
        headcount_url(org_a),
        HEADCOUNT,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
        HTTP_AUTHORIZATION="Bearer jml_nonsense",
    )
    assert_problem(response, 401)


def _csrf_token_for(client: Client) -> str:
    """A CSRF token the client's cookie matches, as the page's template would have given it."""
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


@pytest.mark.django_db
def test_invalid_data_is_a_422_naming_each_field(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    response = client.post(
        headcount_url(org_a), {"headcount": "many"}, content_type="application/json", **bearer(coordinator_a)
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"headcount", "as_of"}


@pytest.mark.django_db
def test_past_the_api_rate_limit_a_token_gets_a_429_problem_with_retry_after(
    client: Client, settings: Any, coordinator_a: User, learner_a: User
) -> None:
    settings.JAMLIK_API_RATE_LIMIT = 3
    auth = bearer(coordinator_a)
    for _ in range(3):
        assert client.get("/api/v1/me/enrolments", **auth).status_code == 200
    response = client.get("/api/v1/me/enrolments", **auth)
    assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token, and a client without one, count apart.
    assert client.get("/api/v1/me/enrolments", **bearer(learner_a)).status_code == 200
    assert client.get("/api/v1/news").status_code == 200


@pytest.mark.django_db
def test_past_the_api_rate_limit_an_address_without_a_token_gets_a_429(client: Client, settings: Any) -> None:
    settings.JAMLIK_API_RATE_LIMIT = 2
    assert [client.get("/api/v1/news").status_code for _ in range(3)][-1] == 429
    assert client.get("/api/v1/news", REMOTE_ADDR="192.0.2.9").status_code == 200
    assert client.get("/").status_code == 200  # pages are not counted


@pytest.mark.django_db
def test_the_credential_check_limit_answers_a_problem_with_retry_after(client: Client) -> None:
    from jamlik.credentials.ratelimit import VERIFY_LIMIT

    for _ in range(VERIFY_LIMIT):
        client.post("/api/v1/credentials/check", "{}", content_type="application/json")
    response = client.post("/api/v1/credentials/check", "{}", content_type="application/json")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_body_beyond_the_limit_is_a_413_with_or_without_an_idempotency_key(
    client: Client, settings: Any, coordinator_a: User, org_a: Organisation
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    auth = bearer(coordinator_a)
    big = {**HEADCOUNT, "source_note": "x" * 2000}
    response = client.post(headcount_url(org_a), big, content_type="application/json", **auth)
    assert "1000" in assert_problem(response, 413)["detail"]
    keyed = client.post(headcount_url(org_a), big, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k", **auth)
    assert_problem(keyed, 413)
    assert not HeadcountDeclaration.objects.exists()
