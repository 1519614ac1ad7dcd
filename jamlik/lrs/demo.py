"""Demo data: an xAPI client for the demo organisation, printed with the demo accounts.

Only a hash of a client's secret is kept, so the secret can be printed only when the client is
made: each load revokes the demo client the last load made and makes a new one (one usable demo
client at a time), and prints its key, its secret and a ``curl`` to try it (docs/xapi.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from jamlik.lrs.actions import create_client, revoke_client
from jamlik.lrs.models import LrsClient
from jamlik.people.models import Organisation

DEMO_ORGANISATION = "sater"
DEMO_CLIENT = "Demo (make demo)"


@transaction.atomic
def load() -> list[str]:
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION)
    for old in LrsClient.objects.filter(organisation=organisation, name=DEMO_CLIENT, revoked_at__isnull=True):
        revoke_client(None, old)
    client, secret = create_client(None, organisation, name=DEMO_CLIENT)
    site = str(settings.SITE_URL).rstrip("/")
    return [
        f"xAPI client for {organisation.name} (docs/xapi.md): key {client.key}, secret {secret}",
        f"  curl -u {client.key}:{secret} -H 'X-Experience-API-Version: 2.0.0' '{site}/xapi/statements?limit=5'",
    ]
