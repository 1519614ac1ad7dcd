"""An organisation's own settings: headcount declarations, logo, email domains and units.

Re-exported by ``jamlik.people.actions``, where callers find every people action.
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.access import check_may_coordinate
from jamlik.people.models import EmailDomain, HeadcountDeclaration, Organisation, Unit, User
from jamlik.people.validators import normalise_domain, refuse_public_mail_domain, validate_logo


@transaction.atomic
def declare_headcount(
    actor: User | None, organisation: Organisation, *, headcount: int, as_of: datetime.date, source_note: str = ""
) -> HeadcountDeclaration:
    check_may_coordinate(actor, organisation)
    if headcount <= 0:
        raise ValidationError({"headcount": _("The number of employees must be at least 1.")})
    if as_of > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"as_of": _("The date is too far in the future.")})
    declaration = HeadcountDeclaration.objects.create(
        organisation=organisation, headcount=headcount, as_of=as_of, declared_by=actor, source_note=source_note
    )
    record(
        "headcount.declared",
        actor=actor,
        organisation=organisation,
        target=declaration,
        summary=f"{organisation.name}: {headcount}",
        after={"headcount": headcount, "as_of": as_of.isoformat(), "source_note": source_note},
    )
    return declaration


@transaction.atomic
def set_logo(actor: User | None, organisation: Organisation, logo: Any | None) -> Organisation:
    """Upload a new logo (PNG or JPEG, checked again here) or, with ``None``, remove it.

    The old file is deleted from storage after commit, so a rolled-back change keeps it.
    """
    check_may_coordinate(actor, organisation)
    if logo is not None:
        try:
            validate_logo(logo)
        except ValidationError as exc:  # named, as in add_email_domain
            raise ValidationError({"logo": exc.messages}) from exc
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    old_name = organisation.logo.name or ""
    if logo is None:
        organisation.logo = None
    else:
        organisation.logo.save(logo.name, logo, save=False)
    organisation.save(update_fields=["logo"])
    record(
        "organisation.logo_changed" if logo is not None else "organisation.logo_removed",
        actor=actor,
        organisation=organisation,
        target=organisation,
        summary=organisation.name,
        before={"logo": old_name},
        after={"logo": organisation.logo.name or ""},
    )
    if old_name and old_name != organisation.logo.name:
        storage = organisation.logo.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return organisation


@transaction.atomic
def add_email_domain(
    actor: User | None, organisation: Organisation, *, domain: str, requires_approval: bool = True
) -> EmailDomain:
    """Anyone who proves an address at the domain may join the organisation by it, so the domain
    must be one the organisation controls: never a public mail service, and a coordinator adding
    it must have proved an address there themselves (administrators and the platform may add any)."""
    check_may_coordinate(actor, organisation)
    try:
        clean = normalise_domain(domain)
        refuse_public_mail_domain(clean)
    except ValidationError as exc:  # named, so the API's problem and the page's form say which field
        raise ValidationError({"domain": exc.messages}) from exc
    owner = EmailDomain.objects.filter(domain=clean).select_related("organisation").first()
    if owner is not None:
        raise ValidationError(
            {"domain": _("%(domain)s already belongs to %(org)s.") % {"domain": clean, "org": owner.organisation}}
        )
    if actor is not None and not actor.is_administrator and not _has_verified_address_at(actor, clean):
        raise ValidationError(
            {
                "domain": _(
                    "Add a domain where you have an address yourself (signed in with it and confirmed), such as "
                    "the one of your work email; a platform administrator can add others."
                )
            }
        )
    item = EmailDomain.objects.create(organisation=organisation, domain=clean, requires_approval=requires_approval)
    record(
        "email_domain.added",
        actor=actor,
        organisation=organisation,
        target=item,
        summary=clean,
        after={"domain": clean, "requires_approval": requires_approval},
    )
    return item


def _has_verified_address_at(user: User, domain: str) -> bool:
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    for address in addresses:
        host = address.rsplit("@", 1)[-1].lower()
        if host == domain or host.endswith("." + domain):
            return True
    return False


@transaction.atomic
def remove_email_domain(actor: User, item: EmailDomain) -> None:
    check_may_coordinate(actor, item.organisation)
    record(
        "email_domain.removed",
        actor=actor,
        organisation=item.organisation,
        target=item,
        summary=item.domain,
        before={"domain": item.domain},
    )
    item.delete()


@transaction.atomic
def create_unit(actor: User | None, organisation: Organisation, *, name: str, parent: Unit | None = None) -> Unit:
    check_may_coordinate(actor, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("Choose a unit in the same organisation.")})
    if Unit.objects.filter(organisation=organisation, parent=parent, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a unit with this name here.")})
    unit = Unit.objects.create(organisation=organisation, parent=parent, name=name)
    record(
        "unit.created",
        actor=actor,
        organisation=organisation,
        target=unit,
        summary=name,
        after={"name": name, "parent": parent.name if parent else None},
    )
    return unit


@transaction.atomic
def rename_unit(actor: User | None, unit: Unit, *, name: str) -> Unit:
    check_may_coordinate(actor, unit.organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    siblings = Unit.objects.filter(organisation_id=unit.organisation_id, parent_id=unit.parent_id).exclude(pk=unit.pk)
    if siblings.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a unit with this name here.")})
    before = unit.name
    unit.name = name
    unit.save(update_fields=["name"])
    record(
        "unit.renamed",
        actor=actor,
        organisation=unit.organisation,
        target=unit,
        summary=name,
        before={"name": before},
        after={"name": name},
    )
    return unit
