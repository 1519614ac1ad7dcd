"""The Statement Resource over HTTP: versions, credentials, PUT/POST/GET, status codes, isolation."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jamlik.lrs import actions
from jamlik.lrs.models import Statement
from jamlik.people.models import Organisation
from tests.lrs.kit import ENDPOINT, Lrs, basic, new_id, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs(org_a: Organisation) -> Lrs:
    return Lrs(org_a)


def test_about_needs_no_credentials_and_names_the_versions() -> None:
    response = Client().get("/xapi/about")
    assert response.status_code == 200
    assert "2.0.0" in response.json()["version"] and "1.0.3" in response.json()["version"]
    assert response["X-Experience-API-Version"] == "2.0.0"


def test_a_request_without_the_version_header_is_refused(lrs: Lrs) -> None:
    response = lrs.http.get(ENDPOINT, HTTP_AUTHORIZATION=basic(lrs.lrs_client, lrs.secret))
    assert response.status_code == 400


def test_wrong_or_revoked_credentials_answer_401(lrs: Lrs) -> None:
    wrong = lrs.http.get(
        ENDPOINT, HTTP_AUTHORIZATION=basic(lrs.lrs_client, "guess"), HTTP_X_EXPERIENCE_API_VERSION="2.0.0"
    )
    assert wrong.status_code == 401 and "Basic" in wrong["WWW-Authenticate"]
    assert lrs.get().status_code == 200
    actions.revoke_client(None, lrs.lrs_client)
    assert lrs.get().status_code == 401


def test_put_then_same_again_is_204_and_other_content_409(lrs: Lrs) -> None:
    ident = new_id()
    assert lrs.put(statement(), ident).status_code == 204
    assert lrs.put(statement(), ident).status_code == 204
    other = statement(verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    assert lrs.put(other, ident).status_code == 409
    assert Statement.objects.count() == 1


def test_post_a_batch_answers_ids_and_get_finds_them(lrs: Lrs) -> None:
    response = lrs.post([statement(), statement()])
    assert response.status_code == 200
    ids = response.json()
    assert len(ids) == 2
    one = lrs.get(params={"statementId": ids[0]})
    assert one.status_code == 200 and one.json()["id"] == ids[0]
    assert one["Last-Modified"] and one["X-Experience-API-Consistent-Through"]
    listed = lrs.get(params={"limit": "1"}).json()
    assert len(listed["statements"]) == 1 and listed["more"].startswith(ENDPOINT + "?")
    rest = lrs.get(listed["more"]).json()
    assert [s["id"] for s in listed["statements"] + rest["statements"]] == ids[::-1]
    assert rest["more"] == ""


def test_malformed_statements_answer_400_and_store_nothing(lrs: Lrs) -> None:
    assert (
        lrs.post({"actor": {"mbox": "ada@example.org"}, "verb": {"id": "x:y"}, "object": {"id": "x:z"}}).status_code
        == 400
    )
    assert lrs.post([statement(), {"verb": {}}]).status_code == 400
    bad_json = lrs.http.post(ENDPOINT, "{not json", content_type="application/json", **lrs.headers())
    assert bad_json.status_code == 400
    wrong_type = lrs.http.post(ENDPOINT, json.dumps(statement()), content_type="text/plain", **lrs.headers())
    assert wrong_type.status_code == 400
    assert not Statement.objects.exists()


def test_another_organisations_statement_is_404(org_a: Organisation, org_b: Organisation) -> None:
    ours, theirs = Lrs(org_a), Lrs(org_b)
    [ident] = theirs.post(statement()).json()
    assert ours.get(params={"statementId": ident}).status_code == 404
    assert ours.get().json()["statements"] == []
    platform = Lrs(None)
    assert platform.get(params={"statementId": ident}).status_code == 200


def test_voided_statement_is_found_only_by_voided_statement_id(lrs: Lrs) -> None:
    [target] = lrs.post(statement()).json()
    voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"}, object={"objectType": "StatementRef", "id": target}
    )
    assert lrs.post(voiding).status_code == 200
    assert lrs.get(params={"statementId": target}).status_code == 404
    assert lrs.get(params={"voidedStatementId": target}).status_code == 200


def test_cors_preflight_is_answered(lrs: Lrs) -> None:
    response = lrs.http.options(
        ENDPOINT, HTTP_ORIGIN="https://content.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="PUT"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]


def test_alternate_syntax_is_for_1_0_clients_only(org_a: Organisation) -> None:
    legacy = Lrs(org_a, version="1.0.3")
    ident = new_id()
    form = {
        "statementId": ident,
        "content": json.dumps(statement()),
        "Authorization": basic(legacy.lrs_client, legacy.secret),
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    from urllib.parse import urlencode

    response = Client().post(
        f"{ENDPOINT}?method=PUT", urlencode(form), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 204, response.content
    form["X-Experience-API-Version"] = "2.0.0"
    form["statementId"] = new_id()
    refused = Client().post(f"{ENDPOINT}?method=PUT", urlencode(form), content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 400
