"""The only way views reach an organisation's identity providers: the organisation is in the query."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from jamlik.identity.models import IdentityProvider
from jamlik.people.models import Organisation


def get_provider_in(organisation: Organisation, public_id: Any) -> IdentityProvider:
    return get_object_or_404(
        IdentityProvider.objects.select_related("organisation").prefetch_related("domains"),
        organisation=organisation,
        public_id=public_id,
    )
