"""Coordinator pages for an organisation's identity providers: their own organisation only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jamlik.identity.models import IdentityProvider
from jamlik.people.models import EmailDomain, Organisation, User
from tests.conftest import client_for
from tests.identity.oidc_op import OpenIDProvider

pytestmark = pytest.mark.django_db


def form_data(op_issuer: str, domain: EmailDomain, **overrides: object) -> dict[str, object]:
    return {
        "name": "Säter Entra",
        "slug": "sater-entra",
        "issuer": op_issuer,
        "client_id": "jamlik",
        "client_secret": "op-client-secret",
        "scopes": "openid email profile",
        "domains": [domain.pk],
        "email_claim": "email",
        "name_claim": "name",
        "unit_claim": "department",
        "role_claim": "groups",
        "coordinator_values": "hr\njamlik-coordinators",
        "required_claim": "",
        "required_values": "",
        "allow_email_code": "on",
        **overrides,
    }


def test_a_coordinator_connects_checks_and_turns_on_a_provider(
    op: OpenIDProvider, org_a: Organisation, coordinator_a: User, django_assert_max_num_queries: object
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    client = client_for(coordinator_a)
    page = client.get(reverse("identity:org_new_oidc", args=[org_a.slug]))
    assert page.status_code == 200

    response = client.post(reverse("identity:org_new_oidc", args=[org_a.slug]), form_data(op.issuer, domain))
    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.claim_mapping == {
        "email": "email",
        "name": "name",
        "unit": "department",
        "role": "groups",
        "coordinator_values": ["hr", "jamlik-coordinators"],
    }
    edit = client.get(response["Location"]).content.decode()
    assert "http://testserver/konto/oidc/sater-entra/login/callback/" in edit
    assert "op-client-secret" not in edit and provider.oidc_client_secret_encrypted not in edit

    client.post(reverse("identity:org_enable_provider", args=[org_a.slug, provider.public_id]))
    provider.refresh_from_db()
    assert provider.is_enabled
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        listing = client.get(reverse("identity:org_providers", args=[org_a.slug]))
    assert "http://testserver/konto/oidc/sater-entra/login/callback/" in listing.content.decode()


def test_saving_without_a_secret_keeps_the_saved_one(
    op: OpenIDProvider, org_a: Organisation, coordinator_a: User
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    client = client_for(coordinator_a)
    client.post(reverse("identity:org_new_oidc", args=[org_a.slug]), form_data(op.issuer, domain))
    provider = IdentityProvider.objects.get()
    stored = provider.oidc_client_secret_encrypted
    client.post(
        reverse("identity:org_provider", args=[org_a.slug, provider.public_id]),
        form_data(op.issuer, domain, client_secret="", name="Nytt namn"),
    )
    provider.refresh_from_db()
    assert provider.name == "Nytt namn" and provider.oidc_client_secret_encrypted == stored


def test_turning_on_an_unreachable_provider_says_why(org_a: Organisation, coordinator_a: User) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    client = client_for(coordinator_a)
    client.post(reverse("identity:org_new_oidc", args=[org_a.slug]), form_data("http://127.0.0.1:8219/openid", domain))
    provider = IdentityProvider.objects.get()
    response = client.post(reverse("identity:org_enable_provider", args=[org_a.slug, provider.public_id]), follow=True)
    assert "Det gick inte att hämta" in response.content.decode()
    provider.refresh_from_db()
    assert not provider.is_enabled


def test_another_organisations_coordinator_and_domains_are_out_of_reach(
    op: OpenIDProvider, org_a: Organisation, org_b: Organisation, coordinator_a: User, coordinator_b: User
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    theirs = EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    client_for(coordinator_a).post(reverse("identity:org_new_oidc", args=[org_a.slug]), form_data(op.issuer, domain))
    provider = IdentityProvider.objects.get()

    intruder = client_for(coordinator_b)
    for name in ("identity:org_providers", "identity:org_new_oidc"):
        assert intruder.get(reverse(name, args=[org_a.slug])).status_code == 404
    assert intruder.get(reverse("identity:org_provider", args=[org_a.slug, provider.public_id])).status_code == 404
    assert intruder.get(reverse("identity:org_provider", args=[org_b.slug, provider.public_id])).status_code == 404
    assert (
        intruder.post(reverse("identity:org_enable_provider", args=[org_b.slug, provider.public_id])).status_code == 404
    )
    # A's coordinator cannot hand B's domain to A's provider: the form offers only A's domains.
    response = client_for(coordinator_a).post(
        reverse("identity:org_provider", args=[org_a.slug, provider.public_id]),
        form_data(op.issuer, domain, domains=[theirs.pk]),
    )
    assert response.status_code == 200
    assert list(provider.domains.all()) == [domain]


def test_learners_and_visitors_do_not_reach_the_pages(org_a: Organisation, learner_a: User, client: Client) -> None:
    assert client_for(learner_a).get(reverse("identity:org_providers", args=[org_a.slug])).status_code == 404
    assert client.get(reverse("identity:org_providers", args=[org_a.slug])).status_code == 302
