"""An Idempotency-Key makes a POST safe to retry: the first answer again, never a second action."""

from __future__ import annotations

import datetime
import io
import threading
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone

from jamlik.api.models import IdempotencyKey
from jamlik.people.models import Organisation, User
from tests.api.helpers import assert_problem, bearer
from tests.conftest import on_postgres

BODY = {"headcount": 120, "as_of": "2026-01-01"}


def post(client: Client, org: Organisation, auth: dict[str, str], key: str, body: Any = BODY, **extra: Any) -> Any:
    return client.post(
        f"/api/v1/organisations/{org.slug}/headcount",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **auth,
        **extra,
    )


@pytest.mark.django_db
def test_a_retry_with_the_same_key_replays_the_first_answer(
    client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    auth = bearer(coordinator_a)
    key = str(uuid.uuid4())
    first = post(client, org_a, auth, key)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = post(client, org_a, auth, key)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again["Content-Type"] == first["Content-Type"]
    assert org_a.headcount_declarations.count() == 1
    # Without the key, or with a new one, it is a new request.
    assert post(client, org_a, auth, str(uuid.uuid4())).status_code == 201
    assert org_a.headcount_declarations.count() == 2


@pytest.mark.django_db
def test_the_same_key_for_another_request_is_a_422(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    auth = bearer(coordinator_a)
    post(client, org_a, auth, "k1")
    other = post(client, org_a, auth, "k1", {**BODY, "headcount": 121}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Idempotency-Key" in assert_problem(other, 422)["title"]
    assert org_a.headcount_declarations.count() == 1


@pytest.mark.django_db
def test_a_retry_while_the_first_still_runs_is_a_409_until_it_is_abandoned(
    client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    auth = bearer(coordinator_a)
    post(client, org_a, auth, "k1")
    IdempotencyKey.objects.update(completed_at=None)  # as if the first request were still running
    busy = post(client, org_a, auth, "k1")
    assert_problem(busy, 409)
    assert int(busy["Retry-After"]) >= 1
    assert org_a.headcount_declarations.count() == 1
    # A claim whose answer never came (its process died) is taken over after ten minutes.
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    retried = post(client, org_a, auth, "k1")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert IdempotencyKey.objects.get().completed_at is not None


@pytest.mark.django_db
def test_keys_belong_to_their_credential(
    client: Client, coordinator_a: User, coordinator_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    assert post(client, org_a, bearer(coordinator_a), "same").status_code == 201
    assert post(client, org_a, bearer(coordinator_a), "same").status_code == 201  # another token of hers
    assert org_a.headcount_declarations.count() == 2
    assert post(client, org_b, bearer(coordinator_b), "same").status_code == 201
    assert org_b.headcount_declarations.count() == 1


@pytest.mark.django_db
def test_a_session_request_is_keyed_by_its_person_and_a_refusal_is_not_kept(
    coordinator_a: User, org_a: Organisation
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_a)
    assert post(client, org_a, {}, "k1").status_code == 403  # no CSRF token: not attempted, not kept
    request = RequestFactory().get("/")
    csrf = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    first = post(client, org_a, {}, "k1", HTTP_X_CSRFTOKEN=csrf)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    assert post(client, org_a, {}, "k1", HTTP_X_CSRFTOKEN=csrf)["Idempotent-Replayed"] == "true"
    assert org_a.headcount_declarations.count() == 1


@pytest.mark.django_db
def test_an_invalid_request_is_kept_and_replayed_like_any_answer(
    client: Client, coordinator_a: User, org_a: Organisation
) -> None:
    auth = bearer(coordinator_a)
    assert_problem(post(client, org_a, auth, "k1", {"headcount": -1, "as_of": "2026-01-01"}), 422)
    again = post(client, org_a, auth, "k1", {"headcount": -1, "as_of": "2026-01-01"})
    assert_problem(again, 422)
    assert again["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_a_key_has_at_most_255_characters(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    auth = bearer(coordinator_a)
    assert_problem(post(client, org_a, auth, "k" * 256), 400)
    assert post(client, org_a, auth, "k" * 255).status_code == 201
    assert org_a.headcount_declarations.count() == 1


@pytest.mark.django_db
def test_keys_are_forgotten_after_a_day(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    auth = bearer(coordinator_a)
    post(client, org_a, auth, "old")
    post(client, org_a, auth, "new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - datetime.timedelta(hours=25))
    call_command("prune_idempotency_keys", stdout=io.StringIO())
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert post(client, org_a, auth, "old").status_code == 201  # a new request now
    assert org_a.headcount_declarations.count() == 3


@pytest.mark.django_db
def test_every_post_documents_the_header(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    posts = [operation for methods in paths.values() for method, operation in methods.items() if method == "post"]
    assert len(posts) >= 5
    for operation in posts:
        assert any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in operation["parameters"])
    gets = [operation for methods in paths.values() for method, operation in methods.items() if method == "get"]
    assert not any(p["name"] == "Idempotency-Key" for operation in gets for p in operation["parameters"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres(), reason="needs concurrent PostgreSQL transactions (SQLite serialises writers)")
def test_two_requests_with_one_key_at_the_same_moment_make_one_declaration(
    coordinator_a: User, org_a: Organisation
) -> None:
    auth = bearer(coordinator_a)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def integration() -> None:
        try:
            barrier.wait()
            statuses.append(post(Client(), org_a, auth, "together").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=integration) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert org_a.headcount_declarations.count() == 1
    assert 201 in statuses and set(statuses) <= {201, 409}


@pytest.mark.django_db
def test_a_replay_names_the_language_of_its_body(client: Client, coordinator_a: User, org_a: Organisation) -> None:
    auth = bearer(coordinator_a)
    invalid = {"headcount": "many", "as_of": "2026-01-01"}
    first = post(client, org_a, auth, "k1", invalid, HTTP_ACCEPT_LANGUAGE="en")
    assert first["Content-Language"] == "en"
    again = post(client, org_a, auth, "k1", invalid, HTTP_ACCEPT_LANGUAGE="sv")
    assert again["Idempotent-Replayed"] == "true"
    assert again["Content-Language"] == "en" and again.json() == first.json()
