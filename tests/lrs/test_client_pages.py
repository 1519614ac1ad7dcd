"""The pages for xAPI clients: a coordinator's for their organisation, an administrator's for the platform."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.lrs import actions
from jamlik.lrs.auth import authenticate_header
from jamlik.lrs.models import LrsClient
from jamlik.people.models import Organisation, User
from tests.lrs.kit import basic

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_client_and_sees_the_secret_once(as_coordinator_a: Client, org_a: Organisation) -> None:
    page = f"/organisationer/{org_a.slug}/xapi/"
    response = as_coordinator_a.post(page, {"name": "Analys"}, follow=True)
    client = LrsClient.objects.get()
    assert client.organisation == org_a and client.key in response.content.decode()
    secret = response.context["new_secret"]
    assert secret and secret not in client.secret_hash
    assert authenticate_header(basic(client, secret)) == client
    assert secret not in as_coordinator_a.get(page).content.decode()
    assert AuditEntry.objects.filter(action="lrs_client.created", organisation=org_a).exists()


def test_another_organisations_coordinator_gets_404(as_coordinator_b: Client, org_a: Organisation) -> None:
    client, _secret = actions.create_client(None, org_a, name="Analys")
    assert as_coordinator_b.get(f"/organisationer/{org_a.slug}/xapi/").status_code == 404
    revoke = f"/organisationer/{org_a.slug}/xapi/{client.public_id}/aterkalla/"
    assert as_coordinator_b.post(revoke).status_code == 404
    client.refresh_from_db()
    assert client.revoked_at is None


def test_revoking_stops_the_credentials(as_coordinator_a: Client, org_a: Organisation) -> None:
    client, secret = actions.create_client(None, org_a, name="Analys")
    as_coordinator_a.post(f"/organisationer/{org_a.slug}/xapi/{client.public_id}/aterkalla/")
    assert authenticate_header(basic(client, secret)) is None
    assert AuditEntry.objects.filter(action="lrs_client.revoked").exists()


def test_only_administrators_make_platform_clients(
    as_administrator: Client, as_coordinator_a: Client, coordinator_a: User, org_b: Organisation
) -> None:
    assert as_coordinator_a.get("/drift/xapi/").status_code == 403
    with pytest.raises(PermissionDenied):
        actions.create_client(coordinator_a, None, name="Allt")
    with pytest.raises(PermissionDenied):
        actions.create_client(coordinator_a, org_b, name="Någon annans")
    assert not LrsClient.objects.exists()
    as_administrator.post("/drift/xapi/", {"name": "Nationell analys"})
    assert LrsClient.objects.get().organisation is None
