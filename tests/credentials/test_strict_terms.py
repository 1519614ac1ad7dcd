"""Strict JSON-LD: every term we publish is defined by a bundled context, and a credential with an
added undefined property is refused even though its signature alone would still verify."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from pyld import jsonld  # type: ignore[import-untyped]

from jamlik.credentials import actions, keys, proof
from jamlik.credentials.checking import check_credential
from jamlik.credentials.jsonld import VC_V2, document_loader
from jamlik.credentials.terms import UndefinedTerms, undefined_terms
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.credentials.independent_verifier import key_from_multikey, verify_credential
from tests.credentials.kit import complete, diploma_course, diploma_of


@pytest.fixture
def credential(learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a, title="Bemötande"))
    diploma = diploma_of(learner_a)
    response = client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/open-badge.json")
    return json.loads(response.content)  # type: ignore[no-any-return]


def _properties(node: dict[str, Any]) -> set[str]:
    return {k for k in node if not k.startswith("@") and k not in ("id", "type")}


def test_the_issuer_profile_loses_no_term_when_expanded(client: Client) -> None:
    keys.generate_key()  # two keys, so the list has more than one method
    profile = client.get("/api/v1/credentials/issuer").json()
    assert undefined_terms(profile) == []
    # And without our own checker: plain expansion keeps one expanded property per property we wrote.
    expanded = jsonld.expand(profile, {"documentLoader": document_loader})
    assert len(expanded) == 1
    node = expanded[0]
    assert len(_properties(node)) == len(_properties(profile))
    methods = node["https://w3id.org/security#verificationMethod"]
    assert len(methods) == 2
    for method in methods:
        assert method["@type"] == ["https://w3id.org/security#Multikey"]
        assert set(method) == {
            "@id",
            "@type",
            "https://w3id.org/security#controller",
            "https://w3id.org/security#publicKeyMultibase",
        }
    assert [m["@id"] for m in node["https://w3id.org/security#assertionMethod"]] == [m["@id"] for m in methods]


def test_the_credential_and_the_status_list_use_only_defined_terms(client: Client, credential: dict[str, Any]) -> None:
    assert undefined_terms(credential) == []
    assert undefined_terms(client.get("/api/v1/credentials/status/revocation").json()) == []


def test_an_added_undefined_property_slips_past_the_signature_but_not_the_check(
    client: Client, credential: dict[str, Any]
) -> None:
    profile = client.get("/api/v1/credentials/issuer").json()
    key = key_from_multikey(profile["verificationMethod"][0]["publicKeyMultibase"])
    forged = copy.deepcopy(credential)
    forged["credentialSubject"]["grade"] = "Distinction"
    # The signature covers the canonical form, and the canonical form never had "grade" in it:
    assert verify_credential(forged, key)
    assert undefined_terms(forged) == ["grade"]
    assert not proof.verify(forged, keys.current_key().public)
    result = check_credential(forged)
    assert not result.valid and result.problems == ["undefined-terms"] and result.undefined == ["grade"]
    assert check_credential(credential).valid


def test_an_undefined_type_is_reported_too(credential: dict[str, Any]) -> None:
    forged = copy.deepcopy(credential)
    forged["type"].append("HonoursDiploma")
    assert undefined_terms(forged) == ["HonoursDiploma"]


def test_an_inline_context_is_refused(credential: dict[str, Any]) -> None:
    forged = copy.deepcopy(credential)
    forged["@context"].append({"grade": "https://example.com/grade"})
    forged["grade"] = "A"
    assert undefined_terms(forged) == ["@context"]
    assert check_credential(forged).problems == ["unknown-context"]


def test_signing_refuses_a_document_with_an_undefined_term(db: None) -> None:
    key = keys.current_key()
    with pytest.raises(UndefinedTerms, match="colour"):
        proof.sign(
            {"@context": [VC_V2], "type": ["VerifiableCredential"], "colour": "blue"}, key, "x#k", timezone.now()
        )


def _check(client: Client, document: Any) -> dict[str, Any]:
    response = client.post("/api/v1/credentials/check", json.dumps(document), content_type="application/json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_the_check_api_accepts_a_good_credential_and_names_what_is_wrong_with_bad_ones(
    client: Client, credential: dict[str, Any], programme_manager: User, learner_a: User
) -> None:
    assert _check(client, credential) == {"valid": True, "problems": [], "messages": [], "undefined_terms": []}
    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["achievement"]["name"] = "Something else"
    assert _check(client, changed)["problems"] == ["bad-signature"]
    added = copy.deepcopy(credential)
    added["grade"] = "A"
    answer = _check(client, added)
    assert answer["problems"] == ["undefined-terms"] and answer["undefined_terms"] == ["grade"]
    assert "do not define" in answer["messages"][0]
    foreign = copy.deepcopy(credential)
    foreign["@context"].append("https://example.com/context.json")
    assert _check(client, foreign)["problems"] == ["unknown-context"]
    stranger = copy.deepcopy(credential)
    stranger["proof"]["verificationMethod"] = "https://example.com/issuer#key-1"
    assert _check(client, stranger)["problems"] == ["unknown-key"]
    assert _check(client, {"hello": "world"})["problems"] == ["not-a-credential"]
    actions.revoke_diploma(programme_manager, diploma_of(learner_a), "Issued by mistake")
    assert _check(client, credential)["problems"] == ["revoked"]


def test_the_check_api_refuses_a_body_that_is_not_json(client: Client, db: None) -> None:
    response = client.post("/api/v1/credentials/check", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_the_check_api_is_rate_limited_per_address(client: Client, db: None) -> None:
    answers = [
        client.post("/api/v1/credentials/check", "{}", content_type="application/json").status_code for _ in range(31)
    ]
    assert answers[:30] == [200] * 30
    assert answers[30] == 429


def test_the_check_command_passes_a_good_file_and_names_the_undefined_term_in_a_forged_one(
    tmp_path: Any, credential: dict[str, Any]
) -> None:
    good, forged = tmp_path / "good.json", tmp_path / "forged.json"
    good.write_text(json.dumps(credential), encoding="utf-8")
    credential["credentialSubject"]["grade"] = "A"
    forged.write_text(json.dumps(credential), encoding="utf-8")
    out = io.StringIO()
    call_command("credentials_check", str(good), stdout=out)
    assert out.getvalue().strip() == "valid"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("credentials_check", str(forged), stdout=out)
    assert "undefined-terms" in out.getvalue() and "undefined terms: grade" in out.getvalue()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("credentials_check", str(tmp_path / "missing.json"))
