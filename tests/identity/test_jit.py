"""Just-in-time membership: what a sign-in through an organisation's provider does to memberships."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from jamlik.identity.actions import end_sso_membership, match_unit, sign_in_through_provider
from jamlik.identity.mapping import read_profile
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.people.models import Membership, MembershipRole, MembershipSource, MembershipStatus, Organisation, Unit
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MAPPING = {"unit": "department", "role": "groups", "coordinator_values": ["hr"], "required_claim": "groups"}


@pytest.fixture
def provider(org_a: Organisation) -> IdentityProvider:
    return IdentityProvider.objects.create(
        organisation=org_a, kind=ProviderKind.OIDC, slug="sater-entra", name="Säter Entra", claim_mapping=MAPPING
    )


def profile(**claims: object):  # type: ignore[no-untyped-def]
    return read_profile(MAPPING, {"email": "ada@sater.se", "email_verified": True, "groups": ["staff"], **claims})


def test_the_first_sign_in_makes_a_member_with_unit_and_role(provider: IdentityProvider, org_a: Organisation) -> None:
    unit = Unit.objects.create(organisation=org_a, name="Socialförvaltningen")
    user = UserFactory(email="ada@sater.se")
    membership = sign_in_through_provider(provider, user, profile(department="socialförvaltningen", groups=["hr"]))
    assert (membership.organisation, membership.unit, membership.role, membership.source, membership.status) == (
        org_a,
        unit,
        MembershipRole.COORDINATOR,
        MembershipSource.SSO,
        MembershipStatus.ACTIVE,
    )
    assert EmailAddress.objects.get(user=user).verified


def test_a_unit_of_another_organisation_is_ignored_and_none_is_created(
    provider: IdentityProvider, org_b: Organisation
) -> None:
    Unit.objects.create(organisation=org_b, name="Gagnefs skola")
    user = UserFactory(email="ada@sater.se")
    membership = sign_in_through_provider(provider, user, profile(department="Gagnefs skola"))
    assert membership.unit is None
    assert not Unit.objects.filter(organisation=provider.organisation).exists()


def test_an_ambiguous_unit_name_gives_no_unit(org_a: Organisation) -> None:
    parent = Unit.objects.create(organisation=org_a, name="Skola")
    Unit.objects.create(organisation=org_a, name="Kök", parent=parent)
    Unit.objects.create(organisation=org_a, name="Kök")
    assert match_unit(org_a, "kök") is None
    assert match_unit(org_a, "SKOLA") == parent


def test_later_sign_ins_follow_the_claims_for_sso_memberships_only(
    provider: IdentityProvider, org_a: Organisation
) -> None:
    unit = Unit.objects.create(organisation=org_a, name="Kultur")
    user = UserFactory(email="ada@sater.se")
    first = sign_in_through_provider(provider, user, profile(groups=["hr"]))
    again = sign_in_through_provider(provider, user, profile(department="Kultur"))
    assert again.pk == first.pk and (again.role, again.unit) == (MembershipRole.LEARNER, unit)

    manual_user = UserFactory(email="bo@sater.se")
    manual = MembershipFactory(user=manual_user, organisation=org_a, role=MembershipRole.COORDINATOR)
    kept = sign_in_through_provider(provider, manual_user, profile(email="bo@sater.se"))
    kept.refresh_from_db()
    assert kept.pk == manual.pk and kept.role == MembershipRole.COORDINATOR and kept.source == MembershipSource.MANUAL


def test_a_membership_waiting_after_joining_by_domain_is_activated(
    provider: IdentityProvider, org_a: Organisation
) -> None:
    user = UserFactory(email="ada@sater.se")
    waiting = MembershipFactory(
        user=user, organisation=org_a, status=MembershipStatus.PENDING, source=MembershipSource.DOMAIN
    )
    membership = sign_in_through_provider(provider, user, profile())
    assert membership.pk == waiting.pk
    assert (membership.status, membership.source) == (MembershipStatus.ACTIVE, MembershipSource.SSO)


def test_ending_touches_only_the_membership_the_provider_made(provider: IdentityProvider, org_a: Organisation) -> None:
    user = UserFactory(email="ada@sater.se")
    membership = sign_in_through_provider(provider, user, profile())
    ended = end_sso_membership(provider, user)
    assert ended is not None and ended.pk == membership.pk and ended.valid_to is not None
    assert Membership.objects.filter(pk=membership.pk).exists()  # ended, never deleted

    other = UserFactory(email="bo@sater.se")
    manual = MembershipFactory(user=other, organisation=org_a)
    assert end_sso_membership(provider, other) is None
    manual.refresh_from_db()
    assert manual.valid_to is None
