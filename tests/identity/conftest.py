"""Fixtures for sign-in through organisations: a key file per test, and SAML IdPs (real pysaml2 ones, saml_idp.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jamlik.identity.actions import set_provider_enabled
from jamlik.identity.models import IdentityProvider
from jamlik.identity.saml.actions import MetadataSource, save_saml_provider
from jamlik.people.models import EmailDomain, Organisation
from tests.identity.saml_idp import TestIdP

OTHER_SP = """<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://other.example/sp">
<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://other.example/acs" index="1"/>
</md:SPSSODescriptor></md:EntityDescriptor>"""

MakeSaml = Callable[..., tuple[IdentityProvider, TestIdP]]


@pytest.fixture(autouse=True)
def _identity_key(settings: object, tmp_path: Path) -> None:
    """Each test encrypts client secrets with a key file of its own."""
    settings.JAMLIK_IDENTITY_KEY_FILE = tmp_path / "identity.key"  # type: ignore[attr-defined]


@pytest.fixture
def make_saml(tmp_path: Path) -> MakeSaml:
    """Connect a real IdP to ``organisation`` as a coordinator would: save, give our metadata to the IdP, turn on."""

    def make(
        organisation: Organisation, slug: str, domains: list[str], mapping: dict[str, Any] | None = None
    ) -> tuple[IdentityProvider, TestIdP]:
        rows = [EmailDomain.objects.get_or_create(organisation=organisation, domain=d)[0] for d in domains]
        # The IdP's administrators need our metadata first; the IdP is then made with it.
        folder = tmp_path / slug
        placeholder = TestIdP(folder / "first", f"https://idp.{slug}.example/idp", [])
        row = save_saml_provider(
            None,
            organisation,
            slug=slug,
            name=f"{organisation.name} (SAML)",
            metadata=MetadataSource(xml=placeholder.metadata()),
            domains=rows,
            claim_mapping=mapping if mapping is not None else {"trust_email": True},
        )
        sp_metadata = Client().get(f"/konto/saml/{slug}/metadata/").content.decode()
        idp = TestIdP(folder, f"https://idp.{slug}.example/idp", [sp_metadata, OTHER_SP])
        row = save_saml_provider(
            None,
            organisation,
            provider=row,
            slug=slug,
            name=row.name,
            metadata=MetadataSource(xml=idp.metadata()),
            domains=rows,
            claim_mapping=row.claim_mapping,
        )
        return set_provider_enabled(None, row, enabled=True), idp

    return make
