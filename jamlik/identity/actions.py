"""Every state change of identity providers and of what a sign-in through them does.

Just-in-time membership (:func:`sign_in_through_provider`): a sign-in through an organisation's
provider makes the person a member of that organisation, with source ``sso``, the unit its
claim names and the role the mapping gives. The unit is matched by name among the
organisation's own units only (case-insensitively, and only when exactly one unit has that
name); an unknown or ambiguous name gives no unit, and no unit is ever created by a claim: a
provider cannot grow an organisation's unit tree by accident or by a typo. Only memberships
whose source is ``sso`` are changed or ended by sign-ins: one a coordinator, an invitation, a
staff list or SCIM started keeps its own manager (a pending membership by email domain is
activated, since the provider vouches for the person).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.identity import crypto
from jamlik.identity.mapping import Profile, validate_mapping
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.people.access import check_may_coordinate
from jamlik.people.actions import add_member, end_membership
from jamlik.people.models import (
    EmailDomain,
    Membership,
    MembershipRole,
    MembershipSource,
    MembershipStatus,
    Organisation,
    Unit,
    User,
)


def match_unit(organisation: Organisation, name: str) -> Unit | None:
    """The organisation's one unit with this name (any level, any case); None if none or several."""
    if not name.strip():
        return None
    found = list(Unit.objects.filter(organisation=organisation, name__iexact=name.strip())[:2])
    return found[0] if len(found) == 1 else None


def _snapshot(m: Membership) -> dict[str, object]:
    return {"role": m.role, "unit": m.unit.name if m.unit else None, "status": m.status, "source": m.source}


@transaction.atomic
def sign_in_through_provider(provider: IdentityProvider, user: User, profile: Profile) -> Membership:
    """A sign-in through ``provider`` that passed every check: the person's membership in its organisation.

    The address the provider vouched for is recorded as verified on the account, so the person
    can also use an emailed code with it (where the organisation allows that).
    """
    organisation = provider.organisation
    role = MembershipRole.COORDINATOR if profile.is_coordinator else MembershipRole.LEARNER
    unit = match_unit(organisation, profile.unit_name)
    if user.email == profile.email:
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email__iexact=profile.email, defaults={"email": profile.email, "primary": True}
        )
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    if profile.name and not user.name:
        user.name = profile.name
        user.save(update_fields=["name"])

    existing = Membership.objects.open().filter(user=user, organisation=organisation).select_related("unit").first()
    if existing is None:
        return add_member(None, organisation, user, role=role, unit=unit, source=MembershipSource.SSO)
    pending_by_domain = existing.status == MembershipStatus.PENDING and existing.source == MembershipSource.DOMAIN
    if existing.source != MembershipSource.SSO and not pending_by_domain:
        return existing
    before = _snapshot(existing)
    existing.role, existing.unit, existing.source = role, unit, MembershipSource.SSO
    if existing.status == MembershipStatus.PENDING:
        existing.status = MembershipStatus.ACTIVE
    if _snapshot(existing) != before:
        existing.save(update_fields=["role", "unit", "source", "status"])
        record(
            "membership.changed_by_sign_in",
            actor=None,
            organisation=organisation,
            target=existing,
            summary=user.email,
            before=before,
            after=_snapshot(existing),
        )
    return existing


@transaction.atomic
def end_sso_membership(provider: IdentityProvider, user: User) -> Membership | None:
    """The person's claims no longer qualify: their membership through this provider ends (never deleted)."""
    membership = (
        Membership.objects.open()
        .filter(user=user, organisation=provider.organisation, source=MembershipSource.SSO)
        .select_for_update()
        .first()
    )
    if membership is None:
        return None
    return end_membership(None, membership)


# --- Registering providers ------------------------------------------------------------------


def _check_domains(provider: IdentityProvider | None, organisation: Organisation, domains: list[EmailDomain]) -> None:
    for domain in domains:
        if domain.organisation_id != organisation.pk:
            raise ValidationError(
                {"domains": _("%(domain)s is not one of your organisation's domains.") % {"domain": domain}}
            )
        taken = IdentityProvider.objects.filter(domains=domain)
        if provider is not None:
            taken = taken.exclude(pk=provider.pk)
        other = taken.first()
        if other is not None:
            raise ValidationError(
                {
                    "domains": _("%(domain)s is already served by the identity provider %(name)s.")
                    % {"domain": domain, "name": other.name}
                }
            )


def _snapshot_provider(provider: IdentityProvider) -> dict[str, object]:
    # Never the secret: only whether one is set and how.
    return {
        "kind": provider.kind,
        "slug": provider.slug,
        "name": provider.name,
        "is_enabled": provider.is_enabled,
        "allow_email_code": provider.allow_email_code,
        "issuer": provider.oidc_issuer,
        "client_id": provider.oidc_client_id,
        "secret": "file"
        if provider.oidc_client_secret_file
        else ("stored" if provider.oidc_client_secret_encrypted else ""),
        "scopes": provider.oidc_scopes,
        "claim_mapping": provider.claim_mapping,
        "domains": sorted(d.domain for d in provider.domains.all()) if provider.pk else [],
    }


def check_provider_change(
    actor: User | None, organisation: Organisation, provider: IdentityProvider | None, kind: str
) -> None:
    """What every change of a provider checks first: who asks, and that the provider is this
    organisation's and of this kind."""
    check_may_coordinate(actor, organisation)
    if provider is not None and (provider.organisation_id != organisation.pk or provider.kind != kind):
        raise ValidationError(_("This identity provider belongs elsewhere."))


def save_provider(
    actor: User | None,
    organisation: Organisation,
    provider: IdentityProvider,
    *,
    before: dict[str, object],
    domains: list[EmailDomain],
    snapshot: Callable[[IdentityProvider], dict[str, object]] = _snapshot_provider,
) -> IdentityProvider:
    """Store a provider whose fields the caller has set (inside the caller's transaction): its
    short name must be free and its domains the organisation's own and unserved; then the row,
    its domains and one audit entry (``before`` is empty for a new provider)."""
    slug_taken = IdentityProvider.objects.filter(slug=provider.slug)
    if provider.pk is not None:
        slug_taken = slug_taken.exclude(pk=provider.pk)
    if not provider.slug:
        raise ValidationError({"slug": _("Give the provider a short name.")})
    if slug_taken.exists():
        raise ValidationError({"slug": _("Another identity provider already has this short name.")})
    _check_domains(provider if provider.pk is not None else None, organisation, domains)
    provider.save()
    provider.domains.set(domains)
    record(
        "identity_provider.changed" if before else "identity_provider.created",
        actor=actor,
        organisation=organisation,
        target=provider,
        summary=provider.name,
        before=before,
        after=snapshot(provider),
    )
    return provider


@transaction.atomic
def save_oidc_provider(
    actor: User | None,
    organisation: Organisation,
    *,
    provider: IdentityProvider | None = None,
    slug: str,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    client_secret_file: str = "",
    scopes: str = "openid email profile",
    domains: list[EmailDomain],
    claim_mapping: dict[str, Any],
    allow_email_code: bool = True,
) -> IdentityProvider:
    """Register or change an organisation's OpenID Connect provider.

    An empty ``client_secret`` keeps the stored one (the form never shows it again). Changing the
    issuer or the client id of an enabled provider turns it off until it is enabled again, so the
    new values are checked against the provider first.
    """
    check_provider_change(actor, organisation, provider, ProviderKind.OIDC)
    mapping = validate_mapping(claim_mapping)
    issuer = issuer.strip()
    if not issuer.startswith(("https://", "http://")):
        raise ValidationError({"oidc_issuer": _("The issuer is an address starting with https://.")})
    if not settings.JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS and not issuer.startswith("https://"):
        raise ValidationError({"oidc_issuer": _("The issuer is an address starting with https://.")})
    if not client_id.strip():
        raise ValidationError({"oidc_client_id": _("Enter the client id the provider gave you.")})
    if "openid" not in scopes.split():
        raise ValidationError({"oidc_scopes": _("The scopes must include openid.")})

    current_file = provider.oidc_client_secret_file if provider is not None else ""
    if client_secret_file.strip() != current_file and actor is not None and not actor.is_administrator:
        # A file on the server would be read and sent to whatever token endpoint the issuer names.
        raise ValidationError(_("Only a platform administrator names a file holding the client secret."))
    before = {} if provider is None else _snapshot_provider(provider)
    if provider is None:
        provider = IdentityProvider(organisation=organisation, kind=ProviderKind.OIDC, created_by=actor)
    elif provider.is_enabled and (provider.oidc_issuer != issuer or provider.oidc_client_id != client_id.strip()):
        provider.is_enabled = False
    provider.slug, provider.name = slug.strip(), name.strip()
    provider.oidc_issuer, provider.oidc_client_id = issuer, client_id.strip()
    provider.oidc_scopes = " ".join(scopes.split())
    provider.claim_mapping, provider.allow_email_code = mapping, allow_email_code
    provider.oidc_client_secret_file = client_secret_file.strip()
    if client_secret:
        provider.oidc_client_secret_encrypted = crypto.encrypt(client_secret)
    if provider.oidc_client_secret_file:
        provider.oidc_client_secret_encrypted = ""
    return save_provider(actor, organisation, provider, before=before, domains=domains)


@transaction.atomic
def set_provider_enabled(actor: User | None, provider: IdentityProvider, *, enabled: bool) -> IdentityProvider:
    """Turn a provider on (after checking it answers as it should) or off."""
    from jamlik.identity.discovery import check_provider

    check_may_coordinate(actor, provider.organisation)
    if enabled:
        check_provider(provider)
    before = _snapshot_provider(provider)
    provider.is_enabled = enabled
    provider.save(update_fields=["is_enabled", "updated_at"])
    record(
        "identity_provider.enabled" if enabled else "identity_provider.disabled",
        actor=actor,
        organisation=provider.organisation,
        target=provider,
        summary=provider.name,
        before=before,
        after=_snapshot_provider(provider),
    )
    return provider
