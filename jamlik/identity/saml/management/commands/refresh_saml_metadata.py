"""Fetch SAML identity providers' metadata again from the addresses it came from (a daily job).

IdPs roll their signing certificates over by publishing the new one in their metadata first; a
fresh copy lets answers signed with either be accepted. A copy that cannot be fetched or fails
the checks is not stored: the provider keeps working with the copy it has, and the failure is
logged and printed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand

from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.saml.actions import refresh_metadata
from jamlik.identity.saml.metadata import MetadataRejected

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Fetch SAML identity providers' metadata again from their metadata addresses."

    def handle(self, *args: Any, **options: Any) -> None:
        providers = IdentityProvider.objects.filter(kind=ProviderKind.SAML).exclude(saml_idp_metadata_url="")
        changed = failed = 0
        for provider in providers.select_related("organisation"):
            try:
                changed += refresh_metadata(provider)
            except MetadataRejected as exc:
                failed += 1
                logger.warning("SAML metadata of %s not refreshed: %s", provider.slug, exc)
                self.stderr.write(f"{provider.slug}: {exc}")
        self.stdout.write(f"{changed} changed, {failed} failed.")
