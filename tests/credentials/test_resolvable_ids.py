"""Every id in an issued Open Badge that is an HTTP(S) URL resolves: a page for people, JSON-LD
for machines. Ids are walked out of a real credential, so a new id cannot be forgotten."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamlik.credentials.terms import undefined_terms
from jamlik.people import actions as people_actions
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.credentials.kit import complete, diploma_course, diploma_of, tiny_png

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a browser asks for


def http_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "id" and isinstance(value, str) and value.startswith(("http://", "https://")):
                yield value
            yield from http_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from http_ids(value)


@pytest.fixture
def credential(learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    people_actions.set_logo(None, org_a, SimpleUploadedFile("sater.png", tiny_png(120, 40)))
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a, title="Bemötande"))
    diploma = diploma_of(learner_a)
    response = client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/open-badge.json")
    assert response.status_code == 200
    return json.loads(response.content)  # type: ignore[no-any-return]


def _path(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/"), url
    return url.removeprefix(settings.SITE_URL).partition("#")[0]


@pytest.mark.django_db
def test_every_http_id_in_a_credential_answers(client: Client, credential: dict[str, Any]) -> None:
    ids = set(http_ids(credential))
    achievement = credential["credentialSubject"]["achievement"]
    assert {achievement["id"], achievement["creator"]["id"], credential["issuer"]["id"]} <= ids
    for url in ids:
        path = _path(url)
        if path.startswith(settings.MEDIA_URL):
            # Uploaded logos are served by the proxy from MEDIA_ROOT (README); the file must be there.
            assert (settings.MEDIA_ROOT / path.removeprefix(settings.MEDIA_URL)).is_file(), url
            continue
        for accept in (HTML, "application/ld+json", "application/json"):
            response = client.get(path, HTTP_ACCEPT=accept)
            assert response.status_code == 200, (url, accept, response.status_code)


@pytest.mark.django_db
def test_every_http_id_in_the_issuer_profile_and_the_status_list_answers(
    client: Client, credential: dict[str, Any]
) -> None:
    issuer = client.get(_path(credential["issuer"]["id"])).json()
    status = client.get(_path(credential["credentialStatus"]["statusListCredential"])).json()
    for url in {*http_ids(issuer), *http_ids(status)}:
        assert client.get(_path(url)).status_code == 200, url


@pytest.mark.django_db
def test_the_achievement_id_gives_json_ld_to_machines_and_a_page_to_people(
    client: Client, credential: dict[str, Any], settings: Any
) -> None:
    achievement = credential["credentialSubject"]["achievement"]
    path = _path(achievement["id"])
    document = client.get(path, HTTP_ACCEPT="application/ld+json")
    assert document["Content-Type"].startswith("application/ld+json")
    data = document.json()
    assert data["id"] == achievement["id"]
    assert data["type"] == ["Achievement"]
    assert data["name"] == "Bemötande"
    assert data["creator"]["id"] == achievement["creator"]["id"]
    assert undefined_terms(data) == []
    page = client.get(path, HTTP_ACCEPT=HTML)
    assert page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert ">Bemötande</h1>" in text
    assert "Säters kommun" in text
    assert client.get("/api/v1/credentials/achievements/course-999999").status_code == 404
    assert client.get("/api/v1/credentials/achievements/nonsense", HTTP_ACCEPT=HTML).status_code == 404
    # A page for people follows the language the visitor chose, as every page of the site does
    # (the API's own rule, Accept-Language only, made it Swedish for everyone; found by axe).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in client.get(path, HTTP_ACCEPT=HTML).content.decode()


@pytest.mark.django_db
def test_the_creator_id_is_the_organisations_public_profile(client: Client, credential: dict[str, Any]) -> None:
    creator = credential["credentialSubject"]["achievement"]["creator"]
    path = _path(creator["id"])
    page = client.get(path, HTTP_ACCEPT=HTML)
    assert page["Content-Type"].startswith("text/html")
    assert "<h1>Säters kommun</h1>" in page.content.decode()
    profile = client.get(path, HTTP_ACCEPT="application/ld+json").json()
    assert profile["id"] == creator["id"]
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Säters kommun"
    assert profile["image"]["id"] == creator["image"]["id"]
    assert undefined_terms(profile) == []
    assert client.get("/organisationer/finns-inte/").status_code == 404
