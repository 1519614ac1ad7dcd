"""Every change SCIM provisioning makes, one typed function each (docs/sso.md, "SCIM").

Each runs in one transaction and writes one ``scim.*`` audit entry; people, memberships and
units change only through ``jamlik.people.actions``, which write their own entries. Provisioning
has no person as actor. A person is never deleted here: deactivation and DELETE end the
membership the link manages, and the person keeps their history.
"""

from __future__ import annotations

import dataclasses
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.identity.models import ScimToken
from jamlik.identity.scim.errors import invalid_value, not_unique
from jamlik.identity.scim.groups import GroupState
from jamlik.identity.scim.models import ScimGroup, ScimUser
from jamlik.identity.scim.users import UserFields, fields_of
from jamlik.people import actions as people
from jamlik.people.access import check_may_coordinate
from jamlik.people.models import (
    EmailDomain,
    Membership,
    MembershipSource,
    Organisation,
    Unit,
    User,
    hash_token,
    new_token,
)

# --- Users ------------------------------------------------------------------------------------


def person_address(fields: UserFields) -> str:
    """The address that names the person: ``userName`` when it is one, else the work address."""
    for candidate in (fields.user_name, fields.work_email):
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        return candidate.strip().lower()
    raise invalid_value(
        _("Jämlik knows people by email address: send one as userName or as the work address (emails).")
    )


def _check_domain(organisation: Organisation, address: str) -> None:
    domain = address.rsplit("@", 1)[1]
    if EmailDomain.objects.filter(domain=domain).exclude(organisation=organisation).exists():
        raise invalid_value(
            _(
                "%(address)s is at a domain that belongs to another organisation in Jämlik; this one cannot provision it."
            )
            % {"address": address}
        )


def _check_unique(organisation: Organisation, fields: UserFields, user: User, exclude: ScimUser | None) -> None:
    others = ScimUser.objects.filter(organisation=organisation)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(user_name__iexact=fields.user_name).exists():
        raise not_unique(_("A user with this userName already exists."))
    if fields.external_id and others.filter(external_id=fields.external_id).exists():
        raise not_unique(_("A user with this externalId already exists."))
    if others.filter(user=user).exists():
        raise not_unique(_("This person is already provisioned under another userName."))


def _unit_for(organisation: Organisation, department: str) -> Unit | None:
    """The unit named by a department: an existing one (top level first) or a new one at the top."""
    if not department:
        return None
    unit = (
        Unit.objects.filter(organisation=organisation, name__iexact=department)
        .order_by(F("parent_id").asc(nulls_first=True), "pk")
        .first()
    )
    return unit or people.create_unit(None, organisation, name=department)


def _join(organisation: Organisation, user: User, unit: Unit | None) -> Membership:
    """A current membership managed by SCIM: a new one, or the person's open one taken over."""
    membership = people.add_member(None, organisation, user, unit=unit, source=MembershipSource.SCIM)
    people.hand_over_membership(None, membership, source=MembershipSource.SCIM)
    if unit is not None and membership.unit_id != unit.pk:
        people.change_member(None, membership, role=membership.role, unit=unit)
    return membership


def _save(scim_user: ScimUser, fields: UserFields) -> None:
    for name in ("user_name", "external_id", "given_name", "family_name", "display_name", "work_email", "department"):
        setattr(scim_user, name, getattr(fields, name))
    try:
        with transaction.atomic():
            scim_user.save()
    except IntegrityError:  # a concurrent request provisioned the same userName or externalId first
        raise not_unique(_("A user with this userName or externalId already exists.")) from None


@transaction.atomic
def create_user(organisation: Organisation, fields: UserFields) -> ScimUser:
    address = person_address(fields)
    _check_domain(organisation, address)
    user, _created = people.provision_person(None, organisation, email=address, name=fields.person_name())
    _check_unique(organisation, fields, user, None)
    membership = _join(organisation, user, _unit_for(organisation, fields.department)) if fields.active else None
    scim_user = ScimUser(organisation=organisation, user=user, membership=membership)
    _save(scim_user, fields)
    record(
        "scim.user_created",
        organisation=organisation,
        target=scim_user,
        summary=fields.user_name,
        after=dataclasses.asdict(fields),
    )
    return scim_user


@transaction.atomic
def update_user(scim_user: ScimUser, fields: UserFields) -> ScimUser:
    """Make the user what the identity system now says (PUT, or PATCH applied to the current fields)."""
    scim_user = (
        ScimUser.objects.select_for_update(of=("self",)).select_related("user", "membership__unit").get(pk=scim_user.pk)
    )
    old = fields_of(scim_user)
    if fields == old:
        return scim_user
    organisation = scim_user.organisation
    user = scim_user.user
    address = person_address(fields)
    if address != user.email:
        _check_domain(organisation, address)
        # A person this provisioning made and nobody else knows takes the new address (a renamed
        # UPN); anyone else stays who they are, and the link moves to the person with the address.
        if not people.change_provisioned_address(None, organisation, user, email=address):
            user, _created = people.provision_person(None, organisation, email=address, name=fields.person_name())
            _check_unique(organisation, fields, user, scim_user)
            if scim_user.membership is not None and scim_user.active:
                people.end_membership(None, scim_user.membership)
            scim_user.user, scim_user.membership = user, None
    _check_unique(organisation, fields, user, scim_user)
    current = scim_user.membership if scim_user.active else None
    if fields.active and current is None:
        scim_user.membership = _join(organisation, user, _unit_for(organisation, fields.department))
    elif not fields.active and current is not None:
        people.end_membership(None, current)
    elif current is not None and fields.department != old.department:
        unit = _unit_for(organisation, fields.department)
        left_department = current.unit is not None and current.unit.name.lower() == old.department.lower()
        if unit is not None or left_department:
            people.change_member(None, current, role=current.role, unit=unit)
    if fields.person_name() != old.person_name():
        people.rename_provisioned_person(
            None, organisation, user, previous=old.person_name(), name=fields.person_name()
        )
    _save(scim_user, fields)
    record(
        "scim.user_changed",
        organisation=organisation,
        target=scim_user,
        summary=fields.user_name,
        before=dataclasses.asdict(old),
        after=dataclasses.asdict(fields),
    )
    return scim_user


@transaction.atomic
def delete_user(scim_user: ScimUser) -> None:
    """DELETE: the membership ends and the link goes; the person and their history stay."""
    scim_user = ScimUser.objects.select_for_update(of=("self",)).select_related("membership").get(pk=scim_user.pk)
    if scim_user.membership is not None and scim_user.active:
        people.end_membership(None, scim_user.membership)
    record(
        "scim.user_deleted",
        organisation=scim_user.organisation,
        target=scim_user,
        summary=scim_user.user_name,
        before=dataclasses.asdict(fields_of(scim_user)),
    )
    scim_user.delete()


# --- Groups -----------------------------------------------------------------------------------


def members_of(group: ScimGroup) -> list[ScimUser]:
    return list(
        ScimUser.objects.filter(
            organisation_id=group.organisation_id, membership__valid_to__isnull=True, membership__unit=group.unit_id
        ).order_by("pk")
    )


def _users_by_id(organisation: Organisation, ids: frozenset[str]) -> list[ScimUser]:
    """The provisioned users of this organisation with these ids; any other id is refused alike."""
    found = list(
        ScimUser.objects.filter(organisation=organisation, public_id__in=_uuids(ids)).select_related("membership")
    )
    missing = ids - {str(s.public_id) for s in found}
    if missing:
        raise invalid_value(_("There is no user with the id %(id)s.") % {"id": sorted(missing)[0]})
    return found


def _uuids(ids: frozenset[str]) -> list[str]:
    valid = []
    for value in ids:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


def _place(unit: Unit, add: list[ScimUser], remove: list[ScimUser]) -> None:
    for scim_user in remove:
        membership = scim_user.membership
        if membership is not None and scim_user.active and membership.unit_id == unit.pk:
            people.change_member(None, membership, role=membership.role, unit=None)
    for scim_user in add:
        membership = scim_user.membership
        if membership is not None and scim_user.active and membership.unit_id != unit.pk:
            people.change_member(None, membership, role=membership.role, unit=unit)


def state_of(group: ScimGroup) -> GroupState:
    return GroupState(
        display_name=group.unit.name,
        external_id=group.external_id,
        members=frozenset(str(s.public_id) for s in members_of(group)),
    )


def _snapshot(state: GroupState) -> dict[str, object]:
    return {"display_name": state.display_name, "external_id": state.external_id, "members": len(state.members)}


@transaction.atomic
def create_group(organisation: Organisation, state: GroupState) -> ScimGroup:
    linked = ScimGroup.objects.filter(organisation=organisation)
    if linked.filter(unit__name__iexact=state.display_name).exists():
        raise not_unique(_("A group with this displayName already exists."))
    if state.external_id and linked.filter(external_id=state.external_id).exists():
        raise not_unique(_("A group with this externalId already exists."))
    members = _users_by_id(organisation, state.members)
    # A unit of that name made by hand becomes the group rather than a second unit beside it.
    unit = Unit.objects.filter(organisation=organisation, parent=None, name__iexact=state.display_name).first()
    if unit is None:
        unit = people.create_unit(None, organisation, name=state.display_name)
    group = ScimGroup.objects.create(organisation=organisation, unit=unit, external_id=state.external_id)
    _place(unit, members, [])
    record("scim.group_created", organisation=organisation, target=group, summary=unit.name, after=_snapshot(state))
    return group


@transaction.atomic
def update_group(group: ScimGroup, state: GroupState) -> ScimGroup:
    group = ScimGroup.objects.select_for_update(of=("self",)).select_related("unit", "organisation").get(pk=group.pk)
    old = state_of(group)
    if state == old:
        return group
    organisation = group.organisation
    others = ScimGroup.objects.filter(organisation=organisation).exclude(pk=group.pk)
    if state.external_id and others.filter(external_id=state.external_id).exists():
        raise not_unique(_("A group with this externalId already exists."))
    if (
        state.display_name.lower() != old.display_name.lower()
        and others.filter(unit__name__iexact=state.display_name).exists()
    ):
        raise not_unique(_("A group with this displayName already exists."))
    if state.display_name != old.display_name:
        try:
            people.rename_unit(None, group.unit, name=state.display_name)
        except ValidationError as exc:
            raise not_unique(" ".join(exc.messages)) from None
    added = _users_by_id(organisation, state.members - old.members)
    removed = _users_by_id(organisation, old.members - state.members)
    _place(group.unit, added, removed)
    if state.external_id != old.external_id:
        group.external_id = state.external_id
        group.save(update_fields=["external_id", "updated_at"])
    else:
        ScimGroup.objects.filter(pk=group.pk).update(updated_at=timezone.now())
    record(
        "scim.group_changed",
        organisation=organisation,
        target=group,
        summary=state.display_name,
        before=_snapshot(old),
        after={**_snapshot(state), "added": len(added), "removed": len(removed)},
    )
    return group


@transaction.atomic
def delete_group(group: ScimGroup) -> None:
    """DELETE: the group's members leave the unit and the link goes; the unit stays with its history."""
    group = ScimGroup.objects.select_for_update(of=("self",)).select_related("unit", "organisation").get(pk=group.pk)
    old = state_of(group)
    _place(group.unit, [], list(ScimUser.objects.filter(public_id__in=old.members).select_related("membership")))
    record(
        "scim.group_deleted",
        organisation=group.organisation,
        target=group,
        summary=group.unit.name,
        before=_snapshot(old),
    )
    group.delete()


# --- Tokens -----------------------------------------------------------------------------------


@transaction.atomic
def create_token(actor: User, organisation: Organisation, *, name: str) -> tuple[ScimToken, str]:
    """A new bearer token for the organisation's identity system; the secret is returned once, only its hash kept."""
    check_may_coordinate(actor, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    raw = "scim_" + new_token()
    token = ScimToken.objects.create(
        organisation=organisation, name=name[:100], prefix=raw[5:13], token_hash=hash_token(raw), created_by=actor
    )
    record("scim_token.created", actor=actor, organisation=organisation, target=token, summary=token.name)
    return token, raw


@transaction.atomic
def revoke_token(actor: User, token: ScimToken) -> None:
    check_may_coordinate(actor, token.organisation)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("scim_token.revoked", actor=actor, organisation=token.organisation, target=token, summary=token.name)
