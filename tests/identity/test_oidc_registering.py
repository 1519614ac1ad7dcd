"""Registering and turning on a provider: the checks against the real provider, secrets at rest,
and what happens when the provider cannot be reached."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jamlik.audit.models import AuditEntry
from jamlik.identity import actions, crypto
from jamlik.identity.models import IdentityProvider
from jamlik.identity.socialapps import oidc_client_secret
from jamlik.people.models import EmailDomain, Organisation
from tests.identity.flows import connect
from tests.identity.oidc_op import OpenIDProvider

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "http://127.0.0.1:8219/openid"  # in this work's port range, never bound


def register(
    org: Organisation, issuer: str, domains: list[str] | None = None, slug: str = "sater-op"
) -> IdentityProvider:
    rows = [EmailDomain.objects.get_or_create(organisation=org, domain=d)[0] for d in (domains or ["sater.se"])]
    return actions.save_oidc_provider(
        None,
        org,
        slug=slug,
        name="Test",
        issuer=issuer,
        client_id="jamlik",
        client_secret="s3cret",
        domains=rows,
        claim_mapping={},
    )


def test_the_client_secret_is_stored_encrypted_and_never_in_the_audit_log(
    org_a: Organisation, settings: object
) -> None:
    provider = register(org_a, "https://login.example.se/tenant/v2.0")
    assert "s3cret" not in provider.oidc_client_secret_encrypted
    assert oidc_client_secret(provider) == "s3cret"
    assert all("s3cret" not in str(entry.after) for entry in AuditEntry.objects.all())
    # Saving again without a secret keeps it; another key file cannot open it.
    again = actions.save_oidc_provider(
        None,
        org_a,
        provider=provider,
        slug=provider.slug,
        name="Test",
        issuer=provider.oidc_issuer,
        client_id="jamlik",
        domains=list(provider.domains.all()),
        claim_mapping={},
    )
    assert oidc_client_secret(again) == "s3cret"
    settings.JAMLIK_IDENTITY_KEY_FILE = settings.JAMLIK_IDENTITY_KEY_FILE.with_name("other.key")  # type: ignore[attr-defined]
    crypto.encrypt("makes the other key")
    with pytest.raises(crypto.SecretUnavailable):
        oidc_client_secret(again)


def test_a_secret_named_as_a_file_is_read_from_it(org_a: Organisation, tmp_path: object) -> None:
    path = tmp_path / "secret"  # type: ignore[operator]
    path.write_text("from-a-file\n")
    provider = register(org_a, "https://login.example.se/v2.0")
    provider = actions.save_oidc_provider(
        None,
        org_a,
        provider=provider,
        slug=provider.slug,
        name="Test",
        issuer=provider.oidc_issuer,
        client_id="jamlik",
        client_secret_file=str(path),
        domains=list(provider.domains.all()),
        claim_mapping={},
    )
    assert provider.oidc_client_secret_encrypted == "" and oidc_client_secret(provider) == "from-a-file"


def test_a_key_rotation_reencrypts_the_secrets(org_a: Organisation, settings: object) -> None:
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    provider = register(org_a, "https://login.example.se/v2.0")
    key_file = settings.JAMLIK_IDENTITY_KEY_FILE  # type: ignore[attr-defined]
    old = key_file.read_bytes()
    key_file.write_bytes(Fernet.generate_key() + b"\n" + old)
    call_command("identity_rotate_key")
    key_file.write_bytes(key_file.read_bytes().splitlines()[0] + b"\n")  # the old key removed
    provider.refresh_from_db()
    assert oidc_client_secret(provider) == "s3cret"


@pytest.mark.parametrize(
    ("issuer", "message"),
    [
        (NOBODY_LISTENS, "Det gick inte att hämta"),
        ("{op}/", "De måste vara identiska"),
        ("{base}/login", "svarade med status 404"),
    ],
)
def test_turning_on_a_provider_that_does_not_answer_as_it_should_says_why(
    op: OpenIDProvider, org_a: Organisation, issuer: str, message: str
) -> None:
    provider = register(org_a, issuer.format(op=op.issuer, base=op.base))
    with pytest.raises(ValidationError) as caught:
        actions.set_provider_enabled(None, provider, enabled=True)
    assert message in " ".join(caught.value.messages)
    provider.refresh_from_db()
    assert not provider.is_enabled


def test_a_domain_is_served_by_one_provider_only(op: OpenIDProvider, org_a: Organisation) -> None:
    connect(op, org_a, ["sater.se"])
    with pytest.raises(ValidationError) as caught:
        register(org_a, op.issuer, ["sater.se"], slug="second")
    assert "hanteras redan" in " ".join(caught.value.messages)


def test_a_provider_serves_only_its_own_organisations_domains(org_a: Organisation, org_b: Organisation) -> None:
    theirs = EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    with pytest.raises(ValidationError) as caught:
        actions.save_oidc_provider(
            None,
            org_a,
            slug="sater",
            name="Test",
            issuer="https://login.example.se/v2.0",
            client_id="jamlik",
            domains=[theirs],
            claim_mapping={},
        )
    assert "inte en av er organisations domäner" in " ".join(caught.value.messages)
    assert not IdentityProvider.objects.exists()


def test_an_unreachable_provider_says_so_and_the_emailed_code_still_works(
    op: OpenIDProvider, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    provider = connect(op, org_a, ["sater.se"])
    IdentityProvider.objects.filter(pk=provider.pk).update(oidc_issuer=NOBODY_LISTENS)  # it went away
    client = Client()
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider.slug}), {"process": "login"})
    assert response.status_code == 502
    assert "Vi nådde inte" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "ada@sater.se", "use_code": "1"})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ada@sater.se"]]


@pytest.mark.parametrize(
    "issuer", ["http://login.example.se/v2.0", "https://127.0.0.1:8211/openid", "https://10.1.2.3/openid"]
)
def test_a_provider_at_a_plain_http_or_private_address_is_refused_in_production(
    org_a: Organisation, settings: Any, issuer: str
) -> None:
    settings.JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS = False
    with pytest.raises(ValidationError):
        provider = register(org_a, issuer)
        actions.set_provider_enabled(None, provider, enabled=True)
    assert not IdentityProvider.objects.filter(is_enabled=True).exists()


def test_only_an_administrator_names_a_secret_file(org_a: Organisation, coordinator_a: Any) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    with pytest.raises(ValidationError):
        actions.save_oidc_provider(
            coordinator_a,
            org_a,
            slug="s",
            name="S",
            issuer="https://login.example.se/v2.0",
            client_id="c",
            client_secret_file="/etc/passwd",
            domains=[domain],
            claim_mapping={},
        )
