"""The request side of the protocol: the bearer token, the JSON body, PATCH envelopes, list parameters.

Every request under /scim/v2/ passes through :func:`scim_endpoint`: it finds the organisation by
the token (401 without a usable one), runs the view in one transaction, and turns every refusal
into a SCIM error document, so an identity system never sees an HTML page.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jamlik.identity.models import ScimToken
from jamlik.identity.scim.discovery import MAX_BODY_BYTES, MAX_RESULTS
from jamlik.identity.scim.errors import ScimError, error_response, invalid_syntax, invalid_value
from jamlik.lib import safejson
from jamlik.lib.site import absolute
from jamlik.people.models import Organisation, hash_token

logger = logging.getLogger(__name__)

PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MAX_OPERATIONS = 1000
MAX_DEPTH = 20


@dataclass(frozen=True)
class Caller:
    """Who is calling: the organisation the token belongs to, and where the endpoint lives."""

    organisation: Organisation
    token: ScimToken
    base: str


View = Callable[..., HttpResponse]


def _caller(request: HttpRequest) -> Caller:
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ScimError(401, _("Send the organisation's SCIM token as Authorization: Bearer …"))
    token = (
        ScimToken.objects.select_related("organisation")
        .filter(token_hash=hash_token(secret.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        raise ScimError(401, _("The SCIM token is not valid. It may have been revoked."))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        token.mark_used()
    return Caller(token.organisation, token, absolute(reverse("scim:root")).rstrip("/"))


def scim_endpoint(methods: dict[str, View]) -> View:
    """One address, a view per method; authentication, one transaction and SCIM errors for all."""

    @csrf_exempt
    def endpoint(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            view = methods.get(request.method or "")
            caller = _caller(request)
            if view is None:
                raise ScimError(405, _("This address does not take %(method)s.") % {"method": request.method})
            with transaction.atomic():
                return view(request, caller, **kwargs)
        except ScimError as error:
            return error_response(error)
        except Http404:
            return error_response(ScimError(404, _("No such resource here.")))
        except ValidationError as exc:
            return error_response(invalid_value(" ".join(exc.messages)))

    endpoint.__name__ = next(iter(methods.values())).__name__ if methods else "scim_endpoint"
    return endpoint


@csrf_exempt
def not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Any other address under /scim/v2/: a SCIM 404, after the same token check as every address."""
    try:
        _caller(request)
    except ScimError as error:
        return error_response(error)
    return error_response(ScimError(404, _("There is no such address in the SCIM endpoint.")))


@csrf_exempt
def search_everything(request: HttpRequest) -> HttpResponse:
    """POST /.search across resource types is optional (RFC 7644 §3.4.3): 501, after the token check."""
    try:
        _caller(request)
    except ScimError as error:
        return error_response(error)
    return error_response(ScimError(501, _("Search Users and Groups separately: …/Users/.search, …/Groups/.search.")))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json(request: HttpRequest) -> Any:
    """The body as JSON: at most MAX_BODY_BYTES, at most MAX_DEPTH deep, no NaN, valid UTF-8."""
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise ScimError(413, _("The body is larger than %(limit)d bytes.") % {"limit": MAX_BODY_BYTES})
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise ScimError(413, _("The body is larger than %(limit)d bytes.") % {"limit": MAX_BODY_BYTES})
    if not body.strip():
        raise invalid_syntax(_("The request needs a JSON body."))
    try:
        text = body.decode("utf-8")
        if safejson.depth(text) > MAX_DEPTH:
            raise invalid_syntax(_("The JSON nests too deep."))
        return json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise invalid_syntax(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None


def patch_operations(document: Any) -> list[dict[str, Any]]:
    """A PatchOp's operations, with ``op`` in lower case (Entra ID writes "Replace")."""
    if not isinstance(document, dict):
        raise invalid_syntax(_("The body must be a JSON object."))
    schemas = document.get("schemas")
    if not isinstance(schemas, list) or PATCH_SCHEMA.lower() not in [str(s).lower() for s in schemas]:
        raise invalid_syntax(_("“schemas” must list %(urn)s.") % {"urn": PATCH_SCHEMA})
    operations = document.get("Operations", document.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise invalid_syntax(_("“Operations” must be a list of at least one operation."))
    if len(operations) > MAX_OPERATIONS:
        raise invalid_syntax(_("At most %(limit)d operations at a time.") % {"limit": MAX_OPERATIONS})
    normalised = []
    for operation in operations:
        op = operation.get("op") if isinstance(operation, dict) else None
        if not isinstance(op, str) or op.lower() not in ("add", "remove", "replace"):
            raise invalid_syntax(_("Each operation needs “op”: add, remove or replace."))
        path = operation.get("path")
        if path is not None and (not isinstance(path, str) or not path.strip()):
            raise invalid_syntax(_("“path” must be text."))
        normalised.append({**operation, "op": op.lower(), "path": path.strip() if path else None})
    return normalised


@dataclass(frozen=True)
class Listing:
    filter: str
    start: int
    count: int
    attributes: frozenset[str]
    excluded: frozenset[str]


def _number(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise invalid_value(_("“%(name)s” must be a whole number.") % {"name": name}) from None


def _names(request: HttpRequest, name: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in request.GET.get(name, "").split(",") if part.strip())


def listing(request: HttpRequest) -> Listing:
    """startIndex is 1-based (below 1 means 1); count is capped at MAX_RESULTS (below 0 means 0)."""
    return Listing(
        filter=request.GET.get("filter", "").strip(),
        start=max(1, _number(request, "startIndex", 1)),
        count=min(MAX_RESULTS, max(0, _number(request, "count", 100))),
        attributes=_names(request, "attributes"),
        excluded=_names(request, "excludedAttributes"),
    )


SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


def _search_number(document: dict[str, Any], name: str, default: int) -> int:
    value = document.get(name, default)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid_value(_("“%(name)s” must be a whole number.") % {"name": name})
    return value


def _search_names(document: dict[str, Any], name: str) -> frozenset[str]:
    value = document.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid_value(_("“%(name)s” must be a list of attribute names.") % {"name": name})
    return frozenset(item.strip().lower() for item in value if item.strip())


def search_listing(document: Any) -> Listing:
    """A POST …/.search body (RFC 7644 §3.4.3): the same parameters as a GET, in JSON."""
    if not isinstance(document, dict):
        raise invalid_syntax(_("The body must be a JSON object."))
    schemas = document.get("schemas")
    if not isinstance(schemas, list) or SEARCH_SCHEMA.lower() not in [str(s).lower() for s in schemas]:
        raise invalid_syntax(_("“schemas” must list %(urn)s.") % {"urn": SEARCH_SCHEMA})
    text = document.get("filter") or ""
    if not isinstance(text, str):
        raise invalid_value(_("“filter” must be text."))
    return Listing(
        filter=text.strip(),
        start=max(1, _search_number(document, "startIndex", 1)),
        count=min(MAX_RESULTS, max(0, _search_number(document, "count", 100))),
        attributes=_search_names(document, "attributes"),
        excluded=_search_names(document, "excludedAttributes"),
    )


ALWAYS = frozenset({"id", "schemas"})


def project(document: dict[str, Any], attributes: frozenset[str], excluded: frozenset[str]) -> dict[str, Any]:
    """Keep the top-level attributes asked for (``name.givenName`` keeps ``name``), or drop the excluded ones."""

    def top(name: str) -> str:
        if name.startswith("urn:"):
            for key in document:
                if name.startswith(key.lower()):
                    return key.lower()
        return name.split(".", 1)[0]

    if attributes:
        wanted = {top(a) for a in attributes} | ALWAYS
        return {key: value for key, value in document.items() if key.lower() in wanted}
    if excluded:
        dropped = {top(a) for a in excluded} - ALWAYS
        return {key: value for key, value in document.items() if key.lower() not in dropped}
    return document


def projection(request: HttpRequest) -> tuple[frozenset[str], frozenset[str]]:
    return _names(request, "attributes"), _names(request, "excludedAttributes")
