"""Open Badges 3.0: signed credentials that a separate verifier accepts, published keys, status list, rotation."""

from __future__ import annotations

import base64
import copy
import gzip
import json
from typing import Any

import pytest
from django.test import Client
from pyld import jsonld  # type: ignore[import-untyped]

from jamlik.credentials import actions, keys
from jamlik.credentials.jsonld import document_loader
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.credentials.independent_verifier import key_from_multikey, verify_credential
from tests.credentials.kit import complete, diploma_course, diploma_of


def download(user: User, diploma: Any) -> dict[str, Any]:
    response = client_for(user).get(f"/min-sida/diplom/{diploma.public_id}/open-badge.json")
    assert response.status_code == 200
    return json.loads(response.content)  # type: ignore[no-any-return]


def published_key(client: Client, verification_method: str) -> Any:
    profile = client.get("/api/v1/credentials/issuer").json()
    method = next(m for m in profile["verificationMethod"] if m["id"] == verification_method)
    assert method["type"] == "Multikey" and method["controller"] == profile["id"]
    return key_from_multikey(method["publicKeyMultibase"])


@pytest.fixture
def diploma(learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any) -> Any:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a, title="Bemötande"))
    return diploma_of(learner_a)


def test_an_issued_credential_is_an_open_badge_that_an_independent_verifier_accepts(
    client: Client, learner_a: User, diploma: Any
) -> None:
    credential = download(learner_a, diploma)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["name"] == "Bemötande"
    assert credential["credentialSubject"]["achievement"]["creator"]["name"] == "Säters kommun"
    assert credential["issuer"]["id"].endswith("/api/v1/credentials/issuer")
    assert credential["validFrom"].endswith("Z")
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    key = published_key(client, credential["proof"]["verificationMethod"])
    assert verify_credential(credential, key)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["achievement"].update(name="Something else"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Someone Else"),
        lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),
        lambda c: c["proof"].update(created="2020-01-01T00:00:00Z"),
    ],
    ids=["achievement", "name", "date", "proof-options"],
)
def test_a_tampered_credential_fails_verification(client: Client, learner_a: User, diploma: Any, tamper: Any) -> None:
    credential = download(learner_a, diploma)
    key = published_key(client, credential["proof"]["verificationMethod"])
    tampered = copy.deepcopy(credential)
    tamper(tampered)
    assert not verify_credential(tampered, key)


def test_a_credential_checked_against_another_key_fails(client: Client, learner_a: User, diploma: Any) -> None:
    credential = download(learner_a, diploma)
    keys.generate_key()
    stranger = keys.current_key().public
    assert not verify_credential(credential, stranger)


def test_rotating_the_key_keeps_earlier_credentials_verifiable(client: Client, learner_a: User, diploma: Any) -> None:
    before = download(learner_a, diploma)
    new_id = keys.generate_key()
    after = download(learner_a, diploma)
    assert after["proof"]["verificationMethod"].endswith(f"#{new_id}")
    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    assert len(client.get("/api/v1/credentials/issuer").json()["verificationMethod"]) == 2
    for credential in (before, after):
        assert verify_credential(credential, published_key(client, credential["proof"]["verificationMethod"]))


def _bit(status_list: dict[str, Any], index: int) -> bool:
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_revoking_flips_the_diplomas_bit_in_the_signed_status_list(
    client: Client, learner_a: User, programme_manager: User, diploma: Any
) -> None:
    entry = download(learner_a, diploma)["credentialStatus"]
    index = int(entry["statusListIndex"])
    status = client.get("/api/v1/credentials/status/revocation").json()
    assert status["id"] == entry["statusListCredential"]
    assert verify_credential(status, published_key(client, status["proof"]["verificationMethod"]))
    assert not _bit(status, index)
    actions.revoke_diploma(programme_manager, diploma, "Issued by mistake")
    status = client.get("/api/v1/credentials/status/revocation").json()
    assert _bit(status, index)
    assert verify_credential(status, published_key(client, status["proof"]["verificationMethod"]))


def test_the_json_ld_loader_refuses_any_context_it_does_not_hold(db: None) -> None:
    with pytest.raises(jsonld.JsonLdError):
        document_loader("https://example.com/evil-context.json")
    with pytest.raises(jsonld.JsonLdError):
        jsonld.normalize(
            {"@context": "https://example.com/evil.json", "name": "x"},
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
        )
