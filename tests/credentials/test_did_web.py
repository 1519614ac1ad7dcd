"""The did:web option: the issuer named by a DID whose document this app serves, so DID-based
verifiers find the key; credentials issued either way keep verifying."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.credentials import openbadges
from jamlik.credentials.checking import check_credential
from jamlik.credentials.terms import undefined_terms
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.credentials.independent_verifier import key_from_multikey, verify_credential
from tests.credentials.kit import complete, diploma_course, diploma_of


@pytest.mark.parametrize(
    ("site", "did"),
    [
        ("https://jamlik.example", "did:web:jamlik.example:api:v1:credentials:issuer"),
        ("https://jamlik.example:8443/lar", "did:web:jamlik.example%3A8443:lar:api:v1:credentials:issuer"),
    ],
)
def test_the_did_is_built_from_the_site_address(settings: Any, site: str, did: str) -> None:
    settings.SITE_URL = site
    assert openbadges.did_web() == did


def _resolve(client: Client, did: str) -> dict[str, Any]:
    """did:web resolution, as far as a test can: the DID's path, from this site, as did.json."""
    path = "/" + "/".join(did.split(":")[3:]) + "/did.json"
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/did+ld+json"
    return response.json()  # type: ignore[no-any-return]


def _download(learner: User, diploma: Any) -> dict[str, Any]:
    response = client_for(learner).get(f"/min-sida/diplom/{diploma.public_id}/open-badge.json")
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_with_did_web_the_credential_names_the_did_and_its_document_holds_the_key(
    settings: Any,
    client: Client,
    learner_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a))
    diploma = diploma_of(learner_a)
    before = _download(learner_a, diploma)  # issued while the issuer was named by URL
    settings.CREDENTIAL_ISSUER_DID_WEB = True
    credential = _download(learner_a, diploma)
    did = openbadges.did_web()
    assert credential["issuer"]["id"] == did
    assert credential["proof"]["verificationMethod"].startswith(f"{did}#key-")
    document = _resolve(client, did)
    assert document["id"] == did and undefined_terms(document) == []
    method = next(m for m in document["verificationMethod"] if m["id"] == credential["proof"]["verificationMethod"])
    assert method["controller"] == did and method["id"] in document["assertionMethod"]
    assert verify_credential(credential, key_from_multikey(method["publicKeyMultibase"]))
    assert check_credential(credential).valid
    assert check_credential(before).valid  # the URL-named credential still verifies
    status = client.get("/api/v1/credentials/status/revocation").json()
    assert status["issuer"] == did and check_credential(status).problems == []


def test_without_the_option_the_issuer_is_the_profile_url(
    client: Client, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a))
    credential = _download(learner_a, diploma_of(learner_a))
    assert credential["issuer"]["id"] == openbadges.issuer_url()
    assert client.get("/api/v1/credentials/issuer/did.json").status_code == 200  # published either way
