"""``GET /me``: who the token (or session) belongs to, and the organisations they belong to.

An integrator's first call: it tells the ids of the organisations the person coordinates, which
every coordinator's operation takes in its path. Mounted at ``/me`` beside the courses app's
``/me/enrolments`` and ``/me/progress/…``.
"""

from __future__ import annotations

import datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Language, Membership, MembershipRole, MembershipStatus, PlatformRole, User

router = Router(tags=["me"])


class MyMembershipOut(Schema):
    id: UUID = Field(alias="public_id", description="The membership's id")
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    organisation_name: str = Field(alias="organisation.name")
    role: MembershipRole = Field(description="`coordinator`: may use the organisation's coordinator operations")
    status: MembershipStatus
    unit: UUID | None = Field(None, alias="unit.public_id")
    unit_name: str | None = Field(None, alias="unit.name")
    valid_from: datetime.date


class MeOut(Schema):
    id: UUID = Field(alias="public_id", description="Your id")
    email: str
    name: str
    language: Language = Field(alias="preferred_language")
    platform_role: PlatformRole = Field(
        description="`administrator` may coordinate every organisation; `programme_manager` runs programmes"
    )
    memberships: list[MyMembershipOut] = Field(description="Memberships that have not ended")


@router.get(
    "",
    response=MeOut,
    auth=AUTHENTICATED,
    summary="Who am I",
    description="The person the token belongs to and their memberships that have not ended, by organisation name.",
)
def me(request: HttpRequest) -> dict[str, object]:
    user: User = api_user(request)
    memberships = list(
        Membership.objects.open()
        .filter(user=user)
        .select_related("organisation", "unit")
        .order_by("organisation__name", "pk")
    )
    return {
        "public_id": user.public_id,
        "email": user.email,
        "name": user.name,
        "preferred_language": user.preferred_language,
        "platform_role": user.platform_role,
        "memberships": memberships,
    }
