"""When the database is away: friendly 503 pages in both languages, problem details for the API,
and a health check that answers 503 JSON whether or not a session cookie comes along.

The database is really unreachable here: the default connection points at a file in a folder that
does not exist (SQLite) or at a closed port (PostgreSQL), so every query fails as in production.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test import Client

from jamlik.people.models import User


@pytest.fixture
def database_down(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    working = connections["default"]
    settings = dict(working.settings_dict)
    if working.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-folder/jamlik-down.sqlite3"
    else:
        settings["HOST"], settings["PORT"] = "127.0.0.1", "9"  # discard port: nothing listens
    down = type(working)(settings, alias="default")
    connections["default"] = down
    try:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            yield
    finally:
        down.close()
        connections["default"] = working


def visitor(**cookies: str) -> Client:
    client = Client(raise_request_exception=False)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


@pytest.fixture
def signed_in_learner(learner_a: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(learner_a)
    return client


@pytest.mark.parametrize("path", ["/", "/kurser/", "/tillganglighet/"])
def test_pages_answer_a_swedish_503_page_when_the_database_is_away(database_down: None, path: str) -> None:
    response = visitor().get(path)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Tjänsten är inte tillgänglig just nu</h1>" in html
    assert "Server Error" not in html


def test_the_503_page_follows_the_browser_s_language(database_down: None) -> None:
    response = visitor().get("/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>The service is unavailable for a moment</h1>" in html


def test_the_503_page_follows_the_language_cookie(database_down: None) -> None:
    response = visitor(django_language="en").get("/kurser/")
    assert response.status_code == 503
    assert "The service is unavailable for a moment" in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_person_gets_the_503_page_too(signed_in_learner: Client, database_down: None) -> None:
    response = signed_in_learner.get("/min-sida/")
    assert response.status_code == 503
    assert "Tjänsten är inte tillgänglig just nu" in response.content.decode()


def test_the_api_answers_problem_details_when_the_database_is_away(database_down: None) -> None:
    response = visitor().get("/api/v1/organisations", headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 503
    assert body["title"] == "The service is unavailable for a moment."


def test_health_answers_503_json_when_the_database_is_away(database_down: None) -> None:
    response = visitor().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_health_answers_503_json_with_a_session_cookie(database_down: None) -> None:
    response = visitor(sessionid="k" * 32, django_language="en").get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_health_answers_ok_with_a_session_cookie_when_the_database_answers() -> None:
    response = visitor(sessionid="k" * 32).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
