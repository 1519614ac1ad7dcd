"""Connecting a real pysaml2 IdP (saml_idp.py) to an organisation as a coordinator would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def saml_connector(tmp_path: Path) -> MakeSaml:
    """Connect a real IdP to ``organisation`` as a coordinator would: save, give our metadata to the IdP, turn on."""

    def make(
        organisation: Organisation, slug: str, domains: list[str], mapping: dict[str, Any] | None = None
    ) -> tuple[IdentityProvider, TestIdP]:
        rows = [EmailDomain.objects.get_or_create(organisation=organisation, domain=d)[0] for d in domains]
        idp = TestIdP(tmp_path / slug, f"https://idp.{slug}.example/idp", [OTHER_SP])
        row = save_saml_provider(
            None,
            organisation,
            slug=slug,
            name=f"{organisation.name} (SAML)",
            metadata=MetadataSource(xml=idp.metadata()),
            domains=rows,
            claim_mapping=mapping if mapping is not None else {"trust_email": True},
        )
        # The IdP's administrators import our metadata from its address.
        idp.trust(Client().get(f"/konto/saml/{slug}/metadata/").content.decode())
        return set_provider_enabled(None, row, enabled=True), idp

    return make
