"""What every operation of the organisations API shares: finding the organisation, the
coordinator's access, ``Location`` for what was created and 409 for a state that refuses a change."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path
from ninja.errors import HttpError

from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.api_auth import api_user
from jamlik.people.models import Organisation

OrganisationId = Annotated[
    str,
    Path(
        max_length=200,
        description="The organisation's `id` (a UUID), or its slug (`sater`): both name the same organisation",
    ),
]


def coordinated(request: HttpRequest, organisation_id: str) -> Organisation:
    """The organisation the path names, if the caller coordinates it (administrators: any); else 404."""
    return get_organisation_for_coordinator(api_user(request), organisation_id)


def located(response: HttpResponse, url_name: str, **kwargs: Any) -> None:
    """Set ``Location`` on a 201 answer to the address of what was created."""
    response["Location"] = reverse(f"api-v1:{url_name}", kwargs=kwargs)


def conflict(exc: ValidationError) -> HttpError:
    """A change the resource's state refuses (already ended, not waiting): 409 with the action's words."""
    return HttpError(409, " ".join(exc.messages))
