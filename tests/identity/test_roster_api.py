"""The staff list through /api/v1/roster-imports: upload for a preview, read it, apply it, declare the headcount."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jamlik.identity.models import RosterImport, RosterState
from jamlik.people import actions as people_actions
from jamlik.people.models import Membership, MembershipSource, Organisation, User
from tests.factories import UserFactory
from tests.identity.roster_kit import excel_csv

ROWS = [("anna@sater.se", "Anna", "A", "Kultur"), ("bo@sater.se", "Bo", "B", "")]


def post_list(client: Client, organisation: str, content: bytes, hooks: Any) -> Any:
    with hooks(execute=True):
        return client.post(
            f"/api/v1/roster-imports?organisation={organisation}", {"file": SimpleUploadedFile("lista.csv", content)}
        )


@pytest.mark.django_db
def test_upload_preview_apply_and_headcount_through_the_api(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    response = post_list(as_coordinator_a, str(org_a.public_id), excel_csv(ROWS), django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.content
    location = response["Location"]
    job = as_coordinator_a.get(location).json()
    assert job["organisation"] == str(org_a.public_id)
    assert job["state"] == "ready"
    assert job["counts"]["joining"] == 2 and job["counts"]["new_units"] == 1
    assert [p["email"] for p in job["preview"]["joining"]] == ["anna@sater.se", "bo@sater.se"]
    assert job["preview"]["new_units"] == ["Kultur"]
    assert not User.objects.filter(email="anna@sater.se").exists()
    with django_capture_on_commit_callbacks(execute=True):
        applied = as_coordinator_a.post(f"{location}/apply")
    assert applied.status_code == 202
    assert as_coordinator_a.get(location).json()["state"] == "done"
    assert Membership.objects.filter(organisation=org_a, source=MembershipSource.ROSTER).count() == 2
    again = as_coordinator_a.post(f"{location}/apply")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    day = timezone.localdate().isoformat()
    declared = as_coordinator_a.post(f"{location}/headcount", {"as_of": day}, content_type="application/json")
    assert declared.status_code == 201
    body = declared.json()
    assert body == {"id": body["id"], "headcount": 2, "as_of": day}
    assert declared["Location"] == f"/api/v1/organisations/{org_a.public_id}/headcount/{body['id']}"
    assert as_coordinator_a.get(declared["Location"]).json()["headcount"] == 2
    assert as_coordinator_a.get(location).json()["headcount_declared"] is True


@pytest.mark.django_db
def test_a_bad_list_is_reported_row_by_row_and_a_stale_preview_answers_409(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    response = post_list(
        as_coordinator_a,
        org_a.slug,
        excel_csv([("nej", "A", "B", ""), ("a@sater.se", "", "", "")]),
        django_capture_on_commit_callbacks,
    )
    job = as_coordinator_a.get(response["Location"]).json()
    assert job["state"] == "rejected"
    assert [(p["row"], p["column"]) for p in job["problems"]] == [(2, "email")]
    response = post_list(as_coordinator_a, org_a.slug, excel_csv(ROWS), django_capture_on_commit_callbacks)
    people_actions.add_member(coordinator_a, org_a, UserFactory())
    stale = as_coordinator_a.post(f"{response['Location']}/apply")
    assert stale.status_code == 409
    assert "preview" in stale.json()["detail"] or "förhandsvisning" in stale.json()["detail"]
    assert RosterImport.objects.latest("created_at").state == RosterState.STALE


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_at_once_with_422(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    big = b"email\r\n" + b"x" * (5 * 1024 * 1024 + 1)
    response = post_list(as_coordinator_a, org_a.slug, big, django_capture_on_commit_callbacks)
    assert response.status_code == 422 and response.json()["rows"][0]["row"] == 0
    assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_of_b_can_neither_upload_for_a_nor_read_or_apply_a_list_of_a(
    as_coordinator_a: Client,
    as_coordinator_b: Client,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert (
        post_list(as_coordinator_b, org_a.slug, excel_csv(ROWS), django_capture_on_commit_callbacks).status_code == 404
    )
    location = post_list(as_coordinator_a, org_a.slug, excel_csv(ROWS), django_capture_on_commit_callbacks)["Location"]
    assert as_coordinator_b.get(location).status_code == 404
    assert as_coordinator_b.post(f"{location}/apply").status_code == 404
    assert (
        as_coordinator_b.post(
            f"{location}/headcount", {"as_of": "2026-01-01"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert RosterImport.objects.get().state == RosterState.READY
    assert Client().get(location).status_code == 401
