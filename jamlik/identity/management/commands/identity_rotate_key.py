"""Re-encrypt every stored client secret with the first key of JAMLIK_IDENTITY_KEY_FILE (jamlik/identity/crypto.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from jamlik.audit.models import record
from jamlik.identity import crypto
from jamlik.identity.models import IdentityProvider


class Command(BaseCommand):
    help = "Re-encrypt identity providers' client secrets with the first key of the identity key file."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for provider in IdentityProvider.objects.exclude(oidc_client_secret_encrypted="").select_for_update():
            provider.oidc_client_secret_encrypted = crypto.rotate(provider.oidc_client_secret_encrypted)
            provider.save(update_fields=["oidc_client_secret_encrypted"])
            count += 1
        record("identity_provider.key_rotated", actor=None, summary=f"{count} secrets re-encrypted")
        self.stdout.write(f"{count} client secrets re-encrypted with the first key of {crypto.key_file()}.")
