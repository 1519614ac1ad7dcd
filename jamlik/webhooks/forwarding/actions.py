"""Setting and removing an organisation's statement forwarding: its coordinators (or administrators)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.models import Organisation, User
from jamlik.webhooks import addresses, crypto
from jamlik.webhooks.access import check_may_manage
from jamlik.webhooks.forwarding.models import LrsForwarding


def _checked_endpoint(endpoint: str) -> str:
    endpoint = endpoint.strip()
    try:
        addresses.check(endpoint)
    except addresses.Refused as refused:
        raise ValidationError({"endpoint": str(refused)}) from None
    return endpoint if endpoint.endswith("/") else endpoint + "/"


@transaction.atomic
def set_forwarding(
    actor: User | None,
    organisation: Organisation,
    *,
    endpoint: str,
    key: str,
    secret: str | None,
    active: bool,
) -> LrsForwarding:
    """Create or change the forwarding; ``secret=None`` keeps the stored one (it is never shown again)."""
    check_may_manage(actor, organisation)
    endpoint = _checked_endpoint(endpoint)
    key = key.strip()
    if not key:
        raise ValidationError({"key": _("Enter the client key the external LRS gave you.")})
    current = LrsForwarding.objects.select_for_update().filter(organisation=organisation).first()
    if current is None and not secret:
        raise ValidationError({"secret": _("Enter the secret the external LRS gave you.")})
    before = None if current is None else {"endpoint": current.endpoint, "key": current.key, "active": current.active}
    forwarding = current or LrsForwarding(organisation=organisation, created_by=actor)
    forwarding.endpoint, forwarding.key, forwarding.active = endpoint, key, active
    if secret:
        forwarding.secret_encrypted = crypto.encrypt(secret)
    forwarding.updated_at = timezone.now()
    forwarding.save()
    record(
        "lrs.forwarding_set",
        actor=actor,
        organisation=organisation,
        target=forwarding,
        summary=endpoint[:300],
        before=before,
        after={"endpoint": endpoint, "key": key, "active": active, "secret_changed": bool(secret)},
    )
    return forwarding


@transaction.atomic
def remove_forwarding(actor: User | None, organisation: Organisation) -> None:
    """Stop forwarding and forget the settings; statements not yet sent are not sent."""
    check_may_manage(actor, organisation)
    current = LrsForwarding.objects.select_for_update().filter(organisation=organisation).first()
    if current is None:
        return
    record(
        "lrs.forwarding_removed",
        actor=actor,
        organisation=organisation,
        target=current,
        summary=current.endpoint[:300],
        before={"endpoint": current.endpoint, "key": current.key},
    )
    current.delete()
