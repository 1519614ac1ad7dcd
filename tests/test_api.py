"""The API base: public organisation data, coordinator-only data, tokens, problem details."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jamlik.people import actions
from jamlik.people.models import ApiToken, HeadcountDeclaration, Organisation, User
from tests.factories import HeadcountFactory


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_the_openapi_document_and_docs_are_served(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/organisations" in spec["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    # Everything the docs page loads is our own: no CDN, no third-party favicon.
    assert 'src="http' not in docs.content.decode()
    assert 'href="http' not in docs.content.decode()


@pytest.mark.django_db
def test_anyone_can_list_organisations_with_filters_and_paging(
    client: Client, org_a: Organisation, org_b: Organisation
) -> None:
    body = client.get("/api/v1/organisations?limit=1").json()
    assert body["count"] == 2
    assert len(body["items"]) == 1
    found = client.get("/api/v1/organisations?q=säter").json()
    assert [o["slug"] for o in found["items"]] == ["sater"]
    assert client.get(f"/api/v1/organisations/{org_a.public_id}").json()["name"] == "Säters kommun"
    assert client.get(f"/api/v1/organisations/{org_a.slug}").json()["id"] == str(org_a.public_id)


@pytest.mark.django_db
def test_bad_paging_gets_a_problem_document(client: Client) -> None:
    response = client.get("/api/v1/organisations?limit=0")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert "limit" in problem["errors"]


@pytest.mark.django_db
def test_members_need_a_token(client: Client, org_a: Organisation) -> None:
    response = client.get(f"/api/v1/organisations/{org_a.public_id}/members")
    assert response.status_code == 401
    assert response.json()["title"]


@pytest.mark.django_db
def test_a_coordinator_token_lists_their_members_and_headcount(
    coordinator_a: User, learner_a: User, org_a: Organisation, client: Client
) -> None:
    _token, raw = actions.create_api_token(coordinator_a, name="BI")
    HeadcountFactory(organisation=org_a, headcount=1100)
    members = client.get(f"/api/v1/organisations/{org_a.public_id}/members", **bearer(raw)).json()
    assert {m["email"] for m in members["items"]} == {"lina@sater.se", "malin@sater.se"}
    headcount = client.get(f"/api/v1/organisations/{org_a.public_id}/headcount", **bearer(raw)).json()
    assert headcount["items"][0]["headcount"] == 1100


@pytest.mark.django_db
def test_another_organisations_coordinator_gets_404(
    coordinator_b: User, learner_a: User, org_a: Organisation, client: Client
) -> None:
    _token, raw = actions.create_api_token(coordinator_b, name="BI")
    for path in ("members", "headcount"):
        response = client.get(f"/api/v1/organisations/{org_a.public_id}/{path}", **bearer(raw))
        assert response.status_code == 404
        assert "lina" not in response.content.decode()


@pytest.mark.django_db
def test_a_learner_token_cannot_read_members(learner_a: User, org_a: Organisation, client: Client) -> None:
    _token, raw = actions.create_api_token(learner_a, name="mine")
    assert client.get(f"/api/v1/organisations/{org_a.public_id}/members", **bearer(raw)).status_code == 404


@pytest.mark.django_db
def test_declaring_headcount_through_the_api_validates_and_saves(
    coordinator_a: User, org_a: Organisation, client: Client
) -> None:
    _token, raw = actions.create_api_token(coordinator_a, name="HR")
    url = f"/api/v1/organisations/{org_a.public_id}/headcount"
    bad = client.post(url, {"headcount": -3, "as_of": "2026-11-01"}, content_type="application/json", **bearer(raw))
    assert bad.status_code == 422
    assert "headcount" in bad.json()["errors"]
    assert not HeadcountDeclaration.objects.exists()
    good = client.post(url, {"headcount": 1100, "as_of": "2026-11-01"}, content_type="application/json", **bearer(raw))
    assert good.status_code == 201
    assert good.json()["headcount"] == 1100


@pytest.mark.django_db
def test_tokens_are_hashed_at_rest_and_stop_working_when_revoked(
    coordinator_a: User, org_a: Organisation, client: Client
) -> None:
    token, raw = actions.create_api_token(coordinator_a, name="BI")
    assert raw not in token.token_hash
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    url = f"/api/v1/organisations/{org_a.public_id}/members"
    assert client.get(url, **bearer(raw)).status_code == 200
    actions.revoke_api_token(coordinator_a, token)
    assert client.get(url, **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_the_token_command_creates_a_working_token(
    coordinator_a: User, org_a: Organisation, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("token", "create", coordinator_a.email, "--name", "from the shell")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("jml_")
    assert client.get(f"/api/v1/organisations/{org_a.public_id}/members", **bearer(raw)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given",
    [
        lambda raw: raw[:12],  # the start of the token as printed, as the profile page shows it
        lambda raw: raw[:12] + "…",  # copied from the page with its ellipsis
        lambda raw: raw,  # the whole token
        lambda raw: raw[4:12],  # the characters after jml_, as before
    ],
    ids=["printed-start", "with-ellipsis", "whole-token", "bare-prefix"],
)
def test_the_token_command_revokes_a_token_by_its_start_as_printed(
    coordinator_a: User, org_a: Organisation, client: Client, given: Any
) -> None:
    token, raw = actions.create_api_token(coordinator_a, name="BI")
    call_command("token", "revoke", "--", given(raw))  # "--": a bare prefix may start with "-"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(f"/api/v1/organisations/{org_a.public_id}/members", **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_the_token_command_refuses_a_start_matching_no_single_token(coordinator_a: User) -> None:
    token, raw = actions.create_api_token(coordinator_a, name="BI")
    for given in ("jml_", "jml_zzzzzzzz", raw[:6], ""):
        with pytest.raises(CommandError):
            call_command("token", "revoke", given)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_tokens_are_created_and_revoked_on_the_profile_page(as_learner_a: Client, learner_a: User) -> None:
    as_learner_a.post("/min-sida/api-nycklar/", {"name": "Mitt skript"})
    page = as_learner_a.get("/min-sida/").content.decode()
    token = ApiToken.objects.get(user=learner_a)
    assert "jml_" + token.prefix in page
    # Shown once only.
    assert "jml_" + token.prefix not in as_learner_a.get("/min-sida/").content.decode()
    as_learner_a.post(f"/min-sida/api-nycklar/{token.public_id}/aterkalla/")
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_nobody_can_revoke_someone_elses_token(as_coordinator_b: Client, learner_a: User) -> None:
    token, _raw = actions.create_api_token(learner_a, name="mine")
    assert as_coordinator_b.post(f"/min-sida/api-nycklar/{token.public_id}/aterkalla/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
