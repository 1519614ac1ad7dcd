"""Fixtures for sign-in through organisations: a key file per test, and SAML IdPs (real pysaml2 ones, saml_idp.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _identity_key(settings: object, tmp_path: Path) -> None:
    """Each test encrypts client secrets with a key file of its own."""
    settings.JAMLIK_IDENTITY_KEY_FILE = tmp_path / "identity.key"  # type: ignore[attr-defined]


from collections.abc import Callable

import pytest
from django.test import Client

from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.saml.metadata import read_idp_metadata
from jamlik.people.models import Organisation
from tests.identity.saml_idp import TestIdP

OTHER_SP = """<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://other.example/sp">
<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://other.example/acs" index="1"/>
</md:SPSSODescriptor></md:EntityDescriptor>"""

MakeSaml = Callable[..., tuple[IdentityProvider, TestIdP]]


@pytest.fixture
def make_saml(tmp_path: Path) -> MakeSaml:
    """An enabled SAML provider for ``organisation`` and the real IdP behind it (knowing our SP and another)."""

    def make(organisation: Organisation, slug: str, **fields: object) -> tuple[IdentityProvider, TestIdP]:
        idp_row = IdentityProvider.objects.create(
            organisation=organisation, kind=ProviderKind.SAML, slug=slug, name=f"{organisation.name} (SAML)", **fields
        )
        sp_metadata = Client().get(f"/konto/saml/{slug}/metadata/").content.decode()
        idp = TestIdP(tmp_path / slug, f"https://idp.{slug}.example/idp", [sp_metadata, OTHER_SP])
        meta = read_idp_metadata(idp.metadata())
        idp_row.saml_idp_metadata_xml = meta.xml
        idp_row.saml_idp_entity_id = meta.entity_id
        idp_row.is_enabled = True
        idp_row.save()
        return idp_row, idp

    return make
