"""The admin saves OpenID Connect providers through the action: the secret encrypted, checks kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jamlik.identity.models import IdentityProvider
from jamlik.identity.socialapps import oidc_client_secret
from jamlik.people.models import EmailDomain, Organisation, User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_provider_whose_secret_is_stored_encrypted(
    org_a: Organisation, administrator: User
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    client = client_for(administrator)
    data = {
        "organisation": org_a.pk,
        "kind": "oidc",
        "slug": "sater-entra",
        "name": "Säter Entra",
        "domains": [domain.pk],
        "allow_email_code": "on",
        "claim_mapping": '{"unit": "department"}',
        "oidc_issuer": "https://login.example.se/tenant/v2.0",
        "oidc_client_id": "jamlik",
        "client_secret": "admin-secret",
        "oidc_scopes": "openid email profile",
    }
    response = client.post(reverse("admin:identity_identityprovider_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    provider = IdentityProvider.objects.get()
    assert oidc_client_secret(provider) == "admin-secret"
    assert "admin-secret" not in provider.oidc_client_secret_encrypted
    page = client.get(reverse("admin:identity_identityprovider_change", args=[provider.pk])).content.decode()
    assert "admin-secret" not in page and provider.oidc_client_secret_encrypted not in page

    bad = client.post(
        reverse("admin:identity_identityprovider_add"), {**data, "slug": "other", "claim_mapping": '{"x": 1}'}
    )
    assert bad.status_code == 200 and IdentityProvider.objects.count() == 1


def test_allauths_table_of_apps_is_not_in_the_admin(administrator: User) -> None:
    assert client_for(administrator).get("/admin/socialaccount/socialapp/").status_code == 404
