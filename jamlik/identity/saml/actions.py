"""State changes of SAML: registering a provider, refreshing its metadata, remembering used assertions."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.identity.actions import _snapshot_provider, check_provider_change, save_provider
from jamlik.identity.mapping import validate_mapping
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.saml.config import CLOCK_SKEW_SECONDS
from jamlik.identity.saml.metadata import IdpMetadata, MetadataRejected, fetch_idp_metadata, read_idp_metadata
from jamlik.identity.saml.models import SamlAssertionUse
from jamlik.people.models import EmailDomain, Organisation, User

# When an assertion states no NotOnOrAfter of its own we still remember it for this long.
DEFAULT_LIFETIME = datetime.timedelta(hours=1)


class AssertionReplayed(Exception):
    """This assertion has already signed someone in."""


def use_assertion(idp: IdentityProvider, *, assertion_id: str, not_on_or_after: datetime.datetime | None) -> None:
    """Remember that ``assertion_id`` from ``idp`` is being used now; ``AssertionReplayed`` if it was before.

    The row stays until the assertion could no longer pass the time checks (its NotOnOrAfter plus
    the clock skew we allow). The unique constraint decides between two requests racing with the
    same assertion: one insert wins, the other is a replay.
    """
    now = timezone.now()
    expires_at = (not_on_or_after or now + DEFAULT_LIFETIME) + datetime.timedelta(seconds=CLOCK_SKEW_SECONDS)
    try:
        with transaction.atomic():
            use = SamlAssertionUse.objects.create(provider=idp, assertion_id=assertion_id[:256], expires_at=expires_at)
            record(
                "identity.saml_assertion_used",
                organisation=idp.organisation,
                target=idp,
                summary=f"{idp.slug}: {assertion_id[:256]}",
                after={"assertion_id": use.assertion_id, "expires_at": expires_at.isoformat()},
            )
    except IntegrityError as exc:
        raise AssertionReplayed(assertion_id) from exc


def prune_assertion_uses(*, now: datetime.datetime | None = None) -> int:
    """Forget assertions that have expired (they are refused as expired from now on)."""
    moment = now or timezone.now()
    with transaction.atomic():
        deleted, _by_model = SamlAssertionUse.objects.filter(expires_at__lt=moment).delete()
        if deleted:
            record("identity.saml_assertions_pruned", summary=str(deleted), after={"deleted": deleted})
    return deleted


# --- Registering a SAML identity provider ------------------------------------------------------


@dataclass(frozen=True)
class MetadataSource:
    """Where the identity provider's metadata comes from: an uploaded file, or an address we fetch."""

    xml: bytes | str = b""
    url: str = ""
    entity_id: str = ""


def read_source(source: MetadataSource) -> IdpMetadata:
    """The metadata read (and fetched, for an address) outside any transaction; ValidationError on its field."""
    try:
        if source.xml:
            return read_idp_metadata(source.xml, source.entity_id)
        return fetch_idp_metadata(source.url, source.entity_id)
    except MetadataRejected as exc:
        field = "saml_idp_metadata_xml" if source.xml else "saml_idp_metadata_url"
        raise ValidationError({field: str(exc)}) from exc


def _snapshot(provider: IdentityProvider) -> dict[str, object]:
    return {
        **_snapshot_provider(provider),
        "saml_idp_entity_id": provider.saml_idp_entity_id,
        "saml_idp_metadata_url": provider.saml_idp_metadata_url,
        "saml_idp_metadata_sha256": hashlib.sha256(provider.saml_idp_metadata_xml.encode()).hexdigest()
        if provider.saml_idp_metadata_xml
        else "",
    }


def save_saml_provider(
    actor: User | None,
    organisation: Organisation,
    *,
    provider: IdentityProvider | None = None,
    slug: str,
    name: str,
    metadata: MetadataSource,
    domains: list[EmailDomain],
    claim_mapping: dict[str, Any],
    allow_email_code: bool = True,
) -> IdentityProvider:
    """Register or change an organisation's SAML identity provider.

    Metadata is given as a file or an address; with neither, a provider keeps what it has. It is
    read (and fetched) before the transaction opens, so no database transaction waits on another
    server. A new identity provider entity (another entity id) turns an enabled provider off
    until it is enabled again.
    """
    check_provider_change(actor, organisation, provider, ProviderKind.SAML)
    mapping = validate_mapping(claim_mapping)
    if not slug.strip():
        raise ValidationError({"slug": _("Give the provider a short name.")})
    meta = None
    if metadata.xml or metadata.url:
        meta = read_source(metadata)
    elif provider is None or not provider.saml_idp_metadata_xml:
        raise ValidationError(
            {
                "saml_idp_metadata_xml": _(
                    "Upload the identity provider's metadata, or give the address it is published at."
                )
            }
        )
    with transaction.atomic():
        before = {} if provider is None else _snapshot(provider)
        if provider is None:
            provider = IdentityProvider(organisation=organisation, kind=ProviderKind.SAML, created_by=actor)
        elif slug != provider.slug and provider.is_enabled:
            provider.is_enabled = False  # our entity id and ACS change with the slug: the IdP must learn them first
        if meta is not None:
            if provider.is_enabled and meta.entity_id != provider.saml_idp_entity_id:
                provider.is_enabled = False
            provider.saml_idp_metadata_xml = meta.xml
            provider.saml_idp_entity_id = meta.entity_id
            provider.saml_idp_metadata_url = metadata.url if not metadata.xml else ""
        provider.slug, provider.name = slug.strip(), name.strip()
        provider.claim_mapping, provider.allow_email_code = mapping, allow_email_code
        return save_provider(actor, organisation, provider, before=before, domains=domains, snapshot=_snapshot)


def refresh_metadata(provider: IdentityProvider) -> bool:
    """Fetch a provider's metadata again from its address (keys roll over); True if it changed.

    ``MetadataRejected`` leaves the stored copy as it was (the caller logs it). A different
    entity id at the address is refused: that needs a coordinator's decision.
    """
    if provider.kind != ProviderKind.SAML or not provider.saml_idp_metadata_url:
        return False
    meta = fetch_idp_metadata(provider.saml_idp_metadata_url, provider.saml_idp_entity_id)
    if meta.xml == provider.saml_idp_metadata_xml:
        return False
    with transaction.atomic():
        locked = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
        before = _snapshot(locked)
        locked.saml_idp_metadata_xml = meta.xml
        locked.save(update_fields=["saml_idp_metadata_xml", "updated_at"])
        record(
            "identity_provider.metadata_refreshed",
            organisation=locked.organisation,
            target=locked,
            summary=locked.name,
            before=before,
            after=_snapshot(locked),
        )
    provider.saml_idp_metadata_xml = meta.xml
    return True
