"""Every state change of people and organisations, one typed function each.

Each action runs in one transaction, writes its audit entry and schedules side effects
(email) for after commit. Views and the API call these; nothing else writes these models.
An action that changes an organisation's people or settings checks its actor first
(``access.check_may_coordinate``; ``actor=None`` is the platform itself).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.people.access import check_may_coordinate
from jamlik.people.events import NameGiven, name_given
from jamlik.people.models import (
    ApiToken,
    EmailDomain,
    Invitation,
    InviteLink,
    Kon,
    Language,
    Membership,
    MembershipRole,
    MembershipSource,
    MembershipStatus,
    Organisation,
    Unit,
    User,
    hash_token,
    new_token,
)
from jamlik.people.organisation_settings import add_email_domain as add_email_domain
from jamlik.people.organisation_settings import create_unit as create_unit
from jamlik.people.organisation_settings import declare_headcount as declare_headcount
from jamlik.people.organisation_settings import remove_email_domain as remove_email_domain
from jamlik.people.organisation_settings import rename_unit as rename_unit
from jamlik.people.organisation_settings import set_logo as set_logo


def _snapshot_membership(m: Membership) -> dict[str, object]:
    return {
        "user": m.user.email,
        "role": m.role,
        "status": m.status,
        "unit": m.unit.name if m.unit else None,
        "valid_from": m.valid_from.isoformat(),
        "valid_to": m.valid_to.isoformat() if m.valid_to else None,
    }


# --- Profile ------------------------------------------------------------------------------


@transaction.atomic
def update_profile(user: User, *, name: str, preferred_language: str, kon: str) -> User:
    if preferred_language not in Language.values:
        raise ValidationError({"preferred_language": _("Choose Swedish or English.")})
    if kon and kon not in Kon.values:
        raise ValidationError({"kon": _("Choose one of the options, or leave it empty.")})
    before = {"name": user.name, "preferred_language": user.preferred_language, "kon_set": bool(user.kon)}
    user.name = name.strip()
    user.preferred_language = preferred_language
    user.kon = kon
    user.save(update_fields=["name", "preferred_language", "kon"])
    # Kön is recorded in the log only as "given or not": the log must not become a register of it.
    after = {"name": user.name, "preferred_language": user.preferred_language, "kon_set": bool(user.kon)}
    record("profile.updated", actor=user, target=user, summary=user.email, before=before, after=after)
    if user.name and user.name != before["name"]:
        name_given.publish(NameGiven(user_id=user.pk))
    return user


@transaction.atomic
def set_name(user: User, name: str) -> User:
    """Give or correct one's name alone (asked for where a diploma waits for it)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Write your name as it should appear on your diplomas.")})
    if len(name) > 150:
        raise ValidationError({"name": _("A name can be at most 150 characters.")})
    before = user.name
    user.name = name
    user.save(update_fields=["name"])
    record(
        "profile.updated", actor=user, target=user, summary=user.email, before={"name": before}, after={"name": name}
    )
    if name != before:
        name_given.publish(NameGiven(user_id=user.pk))
    return user


# --- Members ----------------------------------------------------------------------------


def _open_membership(user: User, organisation: Organisation) -> Membership | None:
    return Membership.objects.open().filter(user=user, organisation=organisation).first()


def _start_membership(
    user: User,
    organisation: Organisation,
    *,
    role: str,
    unit: Unit | None,
    status: str,
    actor: User | None,
    how: str,
    source: str = MembershipSource.MANUAL,
) -> Membership:
    # Without an actor the person joining is taken as one, except when a staff list or SCIM
    # provisions them: nobody acted then, and the log must not say the person added themselves.
    if actor is None and source not in (MembershipSource.ROSTER, MembershipSource.SCIM):
        actor = user
    existing = _open_membership(user, organisation)
    if existing is not None:
        if existing.status == MembershipStatus.PENDING and status == MembershipStatus.ACTIVE:
            # Waiting for approval after joining by domain: the coordinator's invitation is the approval.
            return _activate(existing, role=role, unit=unit, actor=actor, how=how)
        return existing
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role, unit=unit, status=status, source=source
            )
    except IntegrityError:  # a concurrent request created it first
        found = _open_membership(user, organisation)
        if found is None:
            raise
        return found
    record(
        f"membership.{how}",
        actor=actor,
        organisation=organisation,
        target=membership,
        summary=user.email,
        after=_snapshot_membership(membership),
    )
    return membership


def _activate(membership: Membership, *, role: str, unit: Unit | None, actor: User | None, how: str) -> Membership:
    before = _snapshot_membership(membership)
    membership.status = MembershipStatus.ACTIVE
    membership.role = role
    membership.unit = unit or membership.unit
    membership.valid_from = timezone.localdate()
    membership.save(update_fields=["status", "role", "unit", "valid_from"])
    record(
        f"membership.{how}",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        summary=membership.user.email,
        before=before,
        after=_snapshot_membership(membership),
    )
    return membership


@transaction.atomic
def add_member(
    actor: User | None,
    organisation: Organisation,
    user: User,
    *,
    role: str = MembershipRole.LEARNER,
    unit: Unit | None = None,
    source: str = MembershipSource.MANUAL,
) -> Membership:
    """Add a person directly (administrators, imports, provisioning and the demo data).

    ``source`` says what manages the membership from now on: a staff list import, SCIM or
    sign-in through the organisation end only memberships of their own source.
    """
    check_may_coordinate(actor, organisation)
    if source not in MembershipSource.values:
        raise ValueError(f"unknown membership source {source!r}")
    return _start_membership(
        user,
        organisation,
        role=role,
        unit=unit,
        status=MembershipStatus.ACTIVE,
        actor=actor,
        how="added",
        source=source,
    )


@transaction.atomic
def provision_person(
    actor: User | None, organisation: Organisation, *, email: str, name: str = ""
) -> tuple[User, bool]:
    """The person with this address, created if new: pre-provisioned (no password, never signed in).

    Used by staff list imports and SCIM so that completions and campaign counting work for people
    who have not signed in yet; when they first sign in (code or single sign-on) the account and
    its history are theirs. Returns the person and whether they were created. A name is filled in
    only where the person has none: the person's own choice wins.
    """
    check_may_coordinate(actor, organisation)
    address = email.strip().lower()
    user = User.objects.filter(email=address).first()
    if user is not None:
        if name and not user.name:
            user.name = name
            user.save(update_fields=["name"])
        return user, False
    user = User.objects.create_user(address, name=name)
    # allauth's sign-in by code marks the address verified only if it has a row for it; without one
    # it asks for a second code "to confirm the email address" after the first has signed them in.
    EmailAddress.objects.create(user=user, email=address, primary=True, verified=False)
    record(
        "person.provisioned",
        actor=actor,
        organisation=organisation,
        target=user,
        summary=address,
        after={"email": address, "name": name},
    )
    return user, True


@transaction.atomic
def join_by_email_domain(user: User) -> list[Membership]:
    """Join every organisation that owns the person's email domain (pending where approval is needed)."""
    domain = user.email.rsplit("@", 1)[-1].lower()
    joined = []
    for item in EmailDomain.objects.filter(domain=domain).select_related("organisation"):
        status = MembershipStatus.PENDING if item.requires_approval else MembershipStatus.ACTIVE
        joined.append(
            _start_membership(
                user,
                item.organisation,
                role=MembershipRole.LEARNER,
                unit=None,
                status=status,
                actor=user,
                how="joined_by_domain",
                source=MembershipSource.DOMAIN,
            )
        )
    return joined


@transaction.atomic
def approve_membership(actor: User, membership: Membership) -> Membership:
    check_may_coordinate(actor, membership.organisation)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This person is not waiting for approval."))
    before = _snapshot_membership(membership)
    membership.status = MembershipStatus.ACTIVE
    membership.valid_from = timezone.localdate()
    membership.save(update_fields=["status", "valid_from"])
    record(
        "membership.approved",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        summary=membership.user.email,
        before=before,
        after=_snapshot_membership(membership),
    )
    return membership


@transaction.atomic
def end_membership(actor: User | None, membership: Membership) -> Membership:
    """Remove a member. The history is kept: the membership ends today.

    ``actor`` is None when provisioning (a staff list, SCIM, the organisation's identity provider)
    ends it; the audit entry then has no person as actor.
    """
    check_may_coordinate(actor, membership.organisation)
    if membership.valid_to is not None:
        raise ValidationError(_("This membership has already ended."))
    before = _snapshot_membership(membership)
    today = timezone.localdate()
    if membership.status == MembershipStatus.PENDING or membership.valid_from > today:
        membership.valid_to = membership.valid_from
    else:
        membership.valid_to = today
    membership.save(update_fields=["valid_to"])
    record(
        "membership.ended",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        summary=membership.user.email,
        before=before,
        after=_snapshot_membership(membership),
    )
    return membership


@transaction.atomic
def change_member(actor: User | None, membership: Membership, *, role: str, unit: Unit | None) -> Membership:
    """Change a member's role or unit. ``actor`` is None when provisioning (SCIM) changes the unit."""
    check_may_coordinate(actor, membership.organisation)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if unit is not None and unit.organisation_id != membership.organisation_id:
        raise ValidationError({"unit": _("Choose a unit in the same organisation.")})
    before = _snapshot_membership(membership)
    membership.role = role
    membership.unit = unit
    membership.save(update_fields=["role", "unit"])
    record(
        "membership.changed",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        summary=membership.user.email,
        before=before,
        after=_snapshot_membership(membership),
    )
    return membership


@transaction.atomic
def hand_over_membership(actor: User | None, membership: Membership, *, source: str) -> Membership:
    """Let another source manage an open membership from now on (SCIM taking over a member added by hand)."""
    check_may_coordinate(actor, membership.organisation)
    if source not in MembershipSource.values:
        raise ValueError(f"unknown membership source {source!r}")
    if membership.source == source:
        return membership
    before = {"source": membership.source}
    membership.source = source
    membership.save(update_fields=["source"])
    record(
        "membership.handed_over",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        summary=membership.user.email,
        before=before,
        after={"source": source},
    )
    return membership


@transaction.atomic
def rename_provisioned_person(
    actor: User | None, organisation: Organisation, user: User, *, previous: str, name: str
) -> bool:
    """A provisioning system's new name for a person, taken only while the person still has the name
    it gave them (or none): a name the person chose themselves wins. Returns whether it was taken."""
    check_may_coordinate(actor, organisation)
    name = name.strip()[:150]
    if not name or user.name == name or user.name not in ("", previous):
        return False
    before = user.name
    user.name = name
    user.save(update_fields=["name"])
    record(
        "person.renamed_by_provisioning",
        actor=actor,
        organisation=organisation,
        target=user,
        summary=user.email,
        before={"name": before},
        after={"name": name},
    )
    name_given.publish(NameGiven(user_id=user.pk))
    return True


@transaction.atomic
def change_provisioned_address(actor: User | None, organisation: Organisation, user: User, *, email: str) -> bool:
    """A provisioning system's new address for a person it made, taken only while the address is
    still the provisioning's to give: the person has never signed in, has no password and no
    confirmed address, and belongs to no other organisation; and nobody has the new address yet.
    Returns whether it was taken (else the caller links the new address to another person)."""
    check_may_coordinate(actor, organisation)
    from allauth.account.models import EmailAddress

    address = email.strip().lower()
    if (
        user.email == address
        or user.last_login is not None
        or user.has_usable_password()
        or user.memberships.exclude(organisation=organisation).exists()
        or EmailAddress.objects.filter(user=user, verified=True).exists()
        or User.objects.filter(email=address).exists()
    ):
        return False
    before = user.email
    user.email = address
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    record(
        "person.address_changed_by_provisioning",
        actor=actor,
        organisation=organisation,
        target=user,
        summary=address,
        before={"email": before},
        after={"email": address},
    )
    return True


# --- Invitations ------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationResult:
    invited: list[str]
    already_members: list[str]
    invitations: list[Invitation] = field(default_factory=list)


@transaction.atomic
def invite_by_email(
    actor: User,
    organisation: Organisation,
    *,
    emails: list[str],
    role: str = MembershipRole.LEARNER,
    unit: Unit | None = None,
) -> InvitationResult:
    """Send personal invitations. ``emails`` must already be validated and lower-cased."""
    check_may_coordinate(actor, organisation)
    invited: list[str] = []
    already: list[str] = []
    invitations: list[Invitation] = []
    expires = timezone.now() + datetime.timedelta(days=settings.JAMLIK_INVITE_DAYS)
    for email in dict.fromkeys(emails):
        if Membership.objects.open().filter(organisation=organisation, user__email=email).exists():
            already.append(email)
            continue
        token = new_token()
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            unit=unit,
            token_hash=hash_token(token),
            invited_by=actor,
            expires_at=expires,
        )
        record(
            "invitation.sent",
            actor=actor,
            organisation=organisation,
            target=invitation,
            summary=email,
            after={"email": email, "role": role},
        )
        send_email(
            email,
            "invitation",
            {"organisation": organisation.name, "inviter": actor.display_name(), "token": token, "expires": expires},
            language=actor.preferred_language,
        )
        invited.append(email)
        invitations.append(invitation)
    return InvitationResult(invited=invited, already_members=already, invitations=invitations)


@transaction.atomic
def revoke_invitation(actor: User, invitation: Invitation) -> Invitation:
    """Take back a personal invitation that has not been accepted: its link stops working."""
    check_may_coordinate(actor, invitation.organisation)
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been accepted already."))
    if invitation.revoked_at is not None:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        "invitation.revoked",
        actor=actor,
        organisation=invitation.organisation,
        target=invitation,
        summary=invitation.email,
        before={"email": invitation.email},
    )
    return invitation


def find_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    return invitation if invitation is not None and invitation.is_usable else None


@transaction.atomic
def accept_invitation(user: User, token: str) -> Membership:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("This invitation is not valid. It may have expired or already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to another email address. Sign in with the address it was sent to.")
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return _start_membership(
        user,
        invitation.organisation,
        role=invitation.role,
        unit=invitation.unit,
        status=MembershipStatus.ACTIVE,
        actor=user,
        how="joined_by_invitation",
        source=MembershipSource.INVITATION,
    )


@transaction.atomic
def create_invite_link(
    actor: User, organisation: Organisation, *, unit: Unit | None = None, days: int = 30
) -> tuple[InviteLink, str]:
    check_may_coordinate(actor, organisation)
    if not 1 <= days <= 365:
        raise ValidationError({"days": _("A link can be valid for 1 to 365 days.")})
    token = new_token()
    link = InviteLink.objects.create(
        organisation=organisation,
        unit=unit,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record("invite_link.created", actor=actor, organisation=organisation, target=link, after={"days": days})
    return link, token


@transaction.atomic
def revoke_invite_link(actor: User, link: InviteLink) -> None:
    check_may_coordinate(actor, link.organisation)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record("invite_link.revoked", actor=actor, organisation=link.organisation, target=link)


def find_invite_link(token: str) -> InviteLink | None:
    link = InviteLink.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    return link if link is not None and link.is_usable else None


@transaction.atomic
def join_by_invite_link(user: User, token: str) -> Membership:
    link = InviteLink.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if link is None or not link.is_usable:
        raise ValidationError(_("This invitation link is not valid. Ask your coordinator for a new one."))
    InviteLink.objects.filter(pk=link.pk).update(uses=F("uses") + 1)
    return _start_membership(
        user,
        link.organisation,
        role=MembershipRole.LEARNER,
        unit=link.unit,
        status=MembershipStatus.ACTIVE,
        actor=user,
        how="joined_by_link",
        source=MembershipSource.INVITATION,
    )


# --- API tokens ---------------------------------------------------------------------------


@transaction.atomic
def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    raw = "jml_" + new_token()
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[4:12], token_hash=hash_token(raw))
    record("api_token.created", actor=user, target=token, summary=name)
    return token, raw


@transaction.atomic
def revoke_api_token(user: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("api_token.revoked", actor=user, target=token, summary=token.name)
