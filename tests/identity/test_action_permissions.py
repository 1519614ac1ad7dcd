"""Identity actions check their actor themselves (docs/architecture.md, "Who may make a change").

Each case calls one action as someone who may not make the change (a learner of the
organisation, another organisation's coordinator) and expects ``PermissionDenied`` with
nothing written: no provider, no staff list job, no change of state, no audit entry. The
allowed calls are the pages' own tests; ``None`` (the platform) is what the commands use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from jamlik.audit.models import AuditEntry
from jamlik.identity import actions
from jamlik.identity.models import IdentityProvider, RosterImport, RosterState
from jamlik.identity.roster import actions as roster
from jamlik.identity.saml.actions import MetadataSource, save_saml_provider
from jamlik.people.models import EmailDomain, Organisation, User
from tests.identity.saml_idp import TestIdP

pytestmark = pytest.mark.django_db

CSV = b"e-post;namn\nada@sater.se;Ada\n"


@pytest.fixture
def outsiders(learner_a: User, coordinator_b: User) -> list[User]:
    return [learner_a, coordinator_b]


def oidc(actor: User | None, organisation: Organisation, domain: EmailDomain) -> IdentityProvider:
    return actions.save_oidc_provider(
        actor,
        organisation,
        slug="sater-op",
        name="Säters inloggning",
        issuer="https://login.sater.example",
        client_id="jamlik",
        client_secret="hemlig",
        domains=[domain],
        claim_mapping={},
    )


def test_only_the_organisations_coordinators_register_an_openid_provider(
    org_a: Organisation, coordinator_a: User, outsiders: list[User]
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            oidc(actor, org_a, domain)
    assert not IdentityProvider.objects.exists() and not AuditEntry.objects.exists()
    provider = oidc(coordinator_a, org_a, domain)
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            actions.set_provider_enabled(actor, provider, enabled=False)
    assert AuditEntry.objects.filter(action__startswith="identity_provider.").count() == 1


def test_only_the_organisations_coordinators_register_a_saml_provider(
    org_a: Organisation, outsiders: list[User], tmp_path: Path
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    metadata = TestIdP(tmp_path, "https://adfs.sater.example/adfs/services/trust", []).metadata()
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            save_saml_provider(
                actor,
                org_a,
                slug="sater-saml",
                name="Säters ADFS",
                metadata=MetadataSource(xml=metadata),
                domains=[domain],
                claim_mapping={},
            )
    assert not IdentityProvider.objects.exists() and not AuditEntry.objects.exists()


def test_only_the_organisations_coordinators_upload_confirm_or_discard_a_staff_list(
    org_a: Organisation, outsiders: list[User]
) -> None:
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            roster.start_roster_import(actor, org_a, filename="personal.csv", content=CSV, language="sv")
        with pytest.raises(PermissionDenied):
            roster.import_roster_now(actor, org_a, filename="personal.csv", content=CSV)
    assert not RosterImport.objects.exists()
    job = RosterImport.objects.create(organisation=org_a, filename="personal.csv", content=CSV, state=RosterState.READY)
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            roster.confirm_roster_import(actor, job)
        with pytest.raises(PermissionDenied):
            roster.discard_roster_import(actor, job)
    job.refresh_from_db()
    assert job.state == RosterState.READY and not AuditEntry.objects.exists()
