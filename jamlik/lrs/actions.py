"""Every change to the LRS's clients, one typed function each (docs/xapi.md, "Clients").

Statements are kept by ``store.store_statements``: they are records a client sends, not changes
a person makes, and are never changed afterwards, so they are not audited one by one.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lrs.access import check_may_manage
from jamlik.lrs.models import LrsClient
from jamlik.people.models import Organisation, User, hash_token, new_token


@transaction.atomic
def create_client(actor: User | None, organisation: Organisation | None, *, name: str) -> tuple[LrsClient, str]:
    """A new client; its secret is returned once and only its hash kept.

    ``organisation=None`` makes a platform client, which may read every organisation's statements.
    """
    check_may_manage(actor, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name so you can recognise it later.")})
    secret = new_token()
    client = LrsClient.objects.create(
        organisation=organisation,
        name=name[:100],
        key="jx_" + secrets.token_hex(12),
        secret_hash=hash_token(secret),
        created_by=actor,
    )
    record(
        "lrs_client.created",
        actor=actor,
        organisation=organisation,
        target=client,
        summary=client.name,
        after={"key": client.key, "platform": organisation is None},
    )
    return client, secret


@transaction.atomic
def revoke_client(actor: User | None, client: LrsClient) -> None:
    check_may_manage(actor, client.organisation)
    client = LrsClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        record("lrs_client.revoked", actor=actor, organisation=client.organisation, target=client, summary=client.name)
