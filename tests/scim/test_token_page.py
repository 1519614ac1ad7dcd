"""The coordinator's SCIM page: the tenant address, tokens shown once, revoking; nobody else's."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamlik.audit.models import AuditEntry
from jamlik.identity.models import ScimToken
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.scim.conftest import Scim, body

pytestmark = pytest.mark.django_db


def test_a_coordinator_makes_a_token_that_is_shown_once_and_works(coordinator_a: User, org_a: Organisation) -> None:
    client = client_for(coordinator_a)
    page = client.get("/organisationer/sater/scim/")
    assert page.status_code == 200
    assert "http://testserver/scim/v2" in page.content.decode()
    made = client.post("/organisationer/sater/scim/", {"name": "Entra ID"}, follow=True)
    text = made.content.decode()
    match = re.search(r"scim_[A-Za-z0-9_-]{40,}", text)
    assert match is not None
    assert match.group(0) not in client.get("/organisationer/sater/scim/").content.decode()
    token = ScimToken.objects.get(organisation=org_a)
    assert token.token_hash != match.group(0) and token.created_by == coordinator_a
    assert body(Scim(match.group(0)).get("Users"))["totalResults"] == 0
    assert AuditEntry.objects.filter(action="scim_token.created", organisation=org_a).exists()

    revoked = client.post(f"/organisationer/sater/scim/{token.public_id}/aterkalla/", follow=True)
    assert revoked.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Scim(match.group(0)).get("Users").status_code == 401


def test_a_token_needs_a_name(coordinator_a: User) -> None:
    page = client_for(coordinator_a).post("/organisationer/sater/scim/", {"name": ""})
    assert page.status_code == 200
    assert not ScimToken.objects.exists()


def test_nobody_else_sees_or_revokes_the_tokens(
    coordinator_a: User, coordinator_b: User, learner_a: User, org_a: Organisation, client: object
) -> None:
    from jamlik.identity.scim.actions import create_token

    token, _raw = create_token(coordinator_a, org_a, name="Entra ID")
    for person in (coordinator_b, learner_a):
        other = client_for(person)
        assert other.get("/organisationer/sater/scim/").status_code == 404
        assert other.post("/organisationer/sater/scim/", {"name": "x"}).status_code == 404
        assert other.post(f"/organisationer/sater/scim/{token.public_id}/aterkalla/").status_code == 404
    # B's coordinator cannot revoke A's token through B's own page either.
    assert (
        client_for(coordinator_b).post(f"/organisationer/gagnef/scim/{token.public_id}/aterkalla/").status_code == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ScimToken.objects.count() == 1


def test_the_page_costs_the_same_for_2_and_12_tokens(coordinator_a: User, org_a: Organisation) -> None:
    from jamlik.identity.scim.actions import create_token

    client = client_for(coordinator_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/organisationer/sater/scim/").status_code == 200
        return len(captured)

    for number in range(2):
        create_token(coordinator_a, org_a, name=f"Token {number}")
    few = queries()
    for number in range(10):
        create_token(coordinator_a, org_a, name=f"More {number}")
    assert queries() == few


def test_the_token_actions_refuse_a_person_who_does_not_coordinate_the_organisation(
    coordinator_a: User, coordinator_b: User, org_a: Organisation
) -> None:
    from django.core.exceptions import PermissionDenied

    from jamlik.identity.scim.actions import create_token, revoke_token

    with pytest.raises(PermissionDenied):
        create_token(coordinator_b, org_a, name="Not mine")
    token, _raw = create_token(coordinator_a, org_a, name="Entra ID")
    with pytest.raises(PermissionDenied):
        revoke_token(coordinator_b, token)
    token.refresh_from_db()
    assert token.revoked_at is None
