"""Coordinator pages for SAML identity providers: metadata by file or address, the values to give the IdP."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.people.models import EmailDomain, Organisation, User
from tests.conftest import client_for
from tests.identity.saml_idp import TestIdP

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp_metadata(tmp_path: Path) -> str:
    return TestIdP(tmp_path, "https://adfs.sater.example/adfs/services/trust", []).metadata()


def form_data(domain: EmailDomain, **overrides: object) -> dict[str, object]:
    return {
        "name": "Säter ADFS",
        "slug": "sater-adfs",
        "metadata_url": "",
        "entity_id": "",
        "domains": [domain.pk],
        "email_claim": "email",
        "trust_email": "on",
        "name_claim": "name",
        "unit_claim": "urn:oid:2.5.4.11",
        "role_claim": "",
        "coordinator_values": "",
        "required_claim": "",
        "required_values": "",
        "allow_email_code": "on",
        **overrides,
    }


def test_a_coordinator_connects_a_saml_provider_by_file_and_gets_the_values_for_it(
    org_a: Organisation, coordinator_a: User, idp_metadata: str, django_assert_max_num_queries: object
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    client = client_for(coordinator_a)
    new = reverse("identity:org_new_saml", args=[org_a.slug])
    assert client.get(new).status_code == 200
    upload = SimpleUploadedFile("FederationMetadata.xml", idp_metadata.encode(), content_type="text/xml")
    response = client.post(new, {**form_data(domain), "metadata_file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    provider = IdentityProvider.objects.get()
    assert (provider.kind, provider.saml_idp_entity_id) == (
        ProviderKind.SAML,
        "https://adfs.sater.example/adfs/services/trust",
    )
    assert provider.claim_mapping["unit"] == "urn:oid:2.5.4.11"
    assert provider.claim_mapping["trust_email"] is True

    page = client.get(response["Location"]).content.decode()
    assert "http://testserver/konto/saml/sater-adfs/metadata/" in page
    assert "http://testserver/konto/saml/sater-adfs/acs/" in page

    client.post(reverse("identity:org_enable_provider", args=[org_a.slug, provider.public_id]))
    provider.refresh_from_db()
    assert provider.is_enabled
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        listing = client.get(reverse("identity:org_providers", args=[org_a.slug])).content.decode()
    assert "http://testserver/konto/saml/sater-adfs/acs/" in listing

    # Saving again without metadata keeps what was saved.
    client.post(reverse("identity:org_provider", args=[org_a.slug, provider.public_id]), form_data(domain, name="Nytt"))
    provider.refresh_from_db()
    assert provider.name == "Nytt"
    assert provider.saml_idp_entity_id == "https://adfs.sater.example/adfs/services/trust"


def test_garbage_metadata_is_refused_on_the_form_and_nothing_is_saved(org_a: Organisation, coordinator_a: User) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    client = client_for(coordinator_a)
    upload = SimpleUploadedFile("metadata.xml", b"<html>Logga in</html>", content_type="text/xml")
    response = client.post(
        reverse("identity:org_new_saml", args=[org_a.slug]),
        {**form_data(domain), "metadata_file": upload},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "Det här är inte SAML 2.0-metadata" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_no_metadata_at_all_is_refused(org_a: Organisation, coordinator_a: User) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    response = client_for(coordinator_a).post(
        reverse("identity:org_new_saml", args=[org_a.slug]), form_data(domain), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 200
    assert "Ladda upp identitetsleverantörens metadata" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_another_organisations_coordinator_cannot_see_or_change_the_provider(
    org_a: Organisation, coordinator_a: User, coordinator_b: User, idp_metadata: str
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    upload = SimpleUploadedFile("m.xml", idp_metadata.encode(), content_type="text/xml")
    client_for(coordinator_a).post(
        reverse("identity:org_new_saml", args=[org_a.slug]), {**form_data(domain), "metadata_file": upload}
    )
    provider = IdentityProvider.objects.get()
    intruder = client_for(coordinator_b)
    assert intruder.get(reverse("identity:org_provider", args=[org_a.slug, provider.public_id])).status_code == 404
    assert intruder.get(reverse("identity:org_new_saml", args=[org_a.slug])).status_code == 404
    again = SimpleUploadedFile("m.xml", idp_metadata.encode(), content_type="text/xml")
    created = intruder.post(
        reverse("identity:org_new_saml", args=[org_a.slug]),
        {**form_data(domain, slug="kapad"), "metadata_file": again},
    )
    assert created.status_code == 404
    assert IdentityProvider.objects.count() == 1
    # Through their own organisation's address, A's provider is still not found.
    org_b = coordinator_b.memberships.get().organisation
    assert intruder.get(reverse("identity:org_provider", args=[org_b.slug, provider.public_id])).status_code == 404
    response = intruder.post(
        reverse("identity:org_provider", args=[org_b.slug, provider.public_id]), form_data(domain, name="Kapad")
    )
    assert response.status_code == 404
    provider.refresh_from_db()
    assert provider.name == "Säter ADFS"


def test_a_domain_of_another_organisation_cannot_be_chosen(
    org_a: Organisation, org_b: Organisation, coordinator_a: User, idp_metadata: str
) -> None:
    theirs = EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    upload = SimpleUploadedFile("m.xml", idp_metadata.encode(), content_type="text/xml")
    response = client_for(coordinator_a).post(
        reverse("identity:org_new_saml", args=[org_a.slug]), {**form_data(theirs), "metadata_file": upload}
    )
    assert response.status_code == 200
    assert not IdentityProvider.objects.exists()


def test_a_learner_of_the_organisation_gets_404_and_an_administrator_gets_the_page(
    org_a: Organisation, learner_a: User, administrator: User
) -> None:
    new = reverse("identity:org_new_saml", args=[org_a.slug])
    assert client_for(learner_a).get(new).status_code == 404
    assert client_for(administrator).get(new).status_code == 200


def test_the_sign_in_settings_link_to_the_saml_page(org_a: Organisation, coordinator_a: User) -> None:
    listing = client_for(coordinator_a).get(reverse("identity:org_providers", args=[org_a.slug])).content.decode()
    assert reverse("identity:org_new_saml", args=[org_a.slug]) in listing
