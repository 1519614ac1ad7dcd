"""Diplomas in the API: public verification by code, the issuer profile with its keys, and the
revocation status list. All three answer without a token: they are meant for verifiers.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from jamlik.credentials import checking, openbadges
from jamlik.credentials.access import MalformedCode, get_diploma_by_code
from jamlik.credentials.achievement import AchievementKind
from jamlik.credentials.keys import NoSigningKey
from jamlik.credentials.models import DiplomaStatus
from jamlik.credentials.ratelimit import WINDOW_SECONDS, over_limit
from jamlik.credentials.views import profiles
from jamlik.lib import safejson
from jamlik.lib.api.problems import problem
from jamlik.lib.privacy import mark_personal

router = Router(tags=["credentials"])


class PartOut(Schema):
    title: str
    date: datetime.date | None


class VerificationOut(Schema):
    code: str
    status: DiplomaStatus
    valid: bool
    recipient_name: str
    kind: AchievementKind
    title: str
    parts: list[PartOut]
    completed_on: datetime.date
    issued_by: list[str]
    issued_at: datetime.datetime
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revocation_reason: str
    superseded_at: datetime.datetime | None
    superseded_by: str | None
    verify_url: str


class CredentialCheckOut(Schema):
    valid: bool
    problems: list[str]
    messages: list[str]
    undefined_terms: list[str]


def _ld(document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(document, ensure_ascii=False), content_type="application/ld+json; charset=utf-8")


@router.get("/verify/{code}", response={200: VerificationOut}, summary="Check a diploma by its code")
def verify(request: HttpRequest, code: str) -> Any:
    """Anyone may check a code; case, spaces and hyphens do not matter. Limited per address."""
    mark_personal(request)  # the answer names the diploma's holder
    if over_limit(request):
        response = problem(429, _("Too many checks."), _("Wait a minute and try again."))
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    try:
        diploma = get_diploma_by_code(code)
    except MalformedCode:
        return problem(400, _("This is not a verification code."), _("A code has 16 letters and digits."))
    except Http404:
        return problem(404, _("No diploma has this code."))
    data = diploma.data
    status = diploma.status()
    return VerificationOut(
        code=diploma.display_code,
        status=status,
        valid=status == DiplomaStatus.VALID,
        recipient_name=diploma.recipient_name,
        kind=data.kind,
        title=data.title,
        parts=[PartOut(title=p.title, date=p.date) for p in data.parts],
        completed_on=data.completed_on,
        issued_by=[org.name for org in diploma.issuers.all()],
        issued_at=diploma.issued_at,
        expires_at=diploma.expires_at,
        revoked_at=diploma.revoked_at,
        revocation_reason=diploma.revocation_reason,
        superseded_at=diploma.superseded_at,
        superseded_by=diploma.superseded_by.display_code if diploma.superseded_by else None,
        verify_url=diploma.verify_url(),
    )


@router.get("/issuer", summary="The issuer profile (Open Badges 3.0) with its public keys")
def issuer(request: HttpRequest) -> HttpResponse:
    return _ld(openbadges.issuer_profile())


@router.get(
    "/achievements/{key}",
    summary="An achievement named in diplomas (Open Badges 3.0 Achievement; a page for browsers)",
)
def achievement(request: HttpRequest, key: str) -> HttpResponse:
    """The id of every diploma's achievement resolves here: JSON-LD, or HTML when a browser asks."""
    return profiles.achievement_response(request, key)


@router.get("/issuer/did.json", summary="The issuer's DID document (did:web) with its public keys")
def did_document(request: HttpRequest) -> HttpResponse:
    """What a DID resolver fetches for the issuer's did:web identifier."""
    response = _ld(openbadges.did_document())
    response["Content-Type"] = "application/did+ld+json"
    return response


@router.get("/status/revocation", summary="The revocation list (Bitstring Status List credential)")
def status_list(request: HttpRequest) -> HttpResponse:
    try:
        return _ld(openbadges.status_list_credential())
    except NoSigningKey:
        return problem(503, _("The platform has no signing key yet."))


@router.post(
    "/check",
    response={200: CredentialCheckOut},
    summary="Check an Open Badges credential issued here",
    openapi_extra={  # read from the body by safejson (its nesting bounded), not by a schema
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "description": "The credential as it was downloaded (JSON-LD)"}
                }
            },
        }
    },
)
def check(request: HttpRequest) -> Any:
    """Send the credential as the JSON body. The answer names each failed check: a context we do not
    hold, a term no context defines, an unknown key, a signature that does not match, expiry or
    revocation. Limited per address, like the code look-up."""
    if over_limit(request, scope="check"):
        response = problem(429, _("Too many checks."), _("Wait a minute and try again."))
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    try:
        document = safejson.loads(request.body, max_depth=64)  # a credential nests about eight levels
    except (ValueError, UnicodeDecodeError):  # safejson.TooDeep is a ValueError
        return problem(400, _("The body is not JSON."), _("Send the credential as it was downloaded."))
    result = checking.check_credential(document)
    return CredentialCheckOut(
        valid=result.valid, problems=result.problems, messages=result.messages(), undefined_terms=result.undefined
    )
