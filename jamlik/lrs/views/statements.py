"""``/xapi/statements``: the Statement Resource (xAPI 2.0 and 1.0.3).

PUT stores one statement under ``statementId`` (204), POST one or many (200 with their ids),
GET one by ``statementId`` or ``voidedStatementId`` or a page of them by the filters, with a
``more`` link that continues after the last one shown (so statements arriving meanwhile never
shift a page). A client reads and writes its organisation's statements; a platform client reads
every organisation's and writes the platform's own.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from jamlik.lib.safejson import depth
from jamlik.lrs import multipart
from jamlik.lrs.hooks import Refused
from jamlik.lrs.models import Statement, StatementAttachment
from jamlik.lrs.shapes import accepted_languages, formatted, ifi_key
from jamlik.lrs.store import (
    AttachmentPart,
    Conflict,
    StatementQuery,
    find_statement,
    iso,
    query_statements,
    store_statements,
    visible,
)
from jamlik.lrs.validation import StatementError, actor, iri, parse_timestamp, uuid_string
from jamlik.lrs.views.common import LrsError, LrsRequest, json_response, lrs_endpoint

MAX_BATCH = 1000
MAX_DEPTH = 64
FILTERS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "more",
}
SINGLE = {"statementId", "voidedStatementId", "format", "attachments"}


@lrs_endpoint(methods=("GET", "HEAD", "PUT", "POST"), consistent_through=True)
def statements(request: LrsRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        return _get(request)
    if request.method == "PUT":
        return _put(request)
    return _post(request)


# --- Writing ----------------------------------------------------------------------------------


def _decode(request: LrsRequest) -> tuple[Any, dict[str, AttachmentPart]]:
    media = request.media_type
    attachments: dict[str, AttachmentPart] = {}
    body = request.body
    try:
        if media == "multipart/mixed":
            body, attachments = multipart.read(body, request.content_type)
        elif media != "application/json":
            raise LrsError(400, "Send statements as application/json, or multipart/mixed with attachments.")
        return strict_json(body), attachments
    except StatementError as exc:
        raise LrsError(400, str(exc)) from None
    except (UnicodeDecodeError, ValueError):
        raise LrsError(400, "The body is not readable JSON.") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def strict_json(body: bytes) -> Any:
    """JSON from a client: UTF-8, nested at most ``MAX_DEPTH`` deep, no NaN or Infinity."""
    text = body.decode("utf-8")
    if depth(text) > MAX_DEPTH:
        raise ValueError("too deep")
    return json.loads(text, parse_constant=_no_constant)


def _organisation(request: LrsRequest) -> Any:
    return request.caller.organisation


def _store(request: LrsRequest, items: list[Any], attachments: dict[str, AttachmentPart]) -> list[uuid.UUID]:
    if len(items) > MAX_BATCH:
        raise LrsError(413, f"Send at most {MAX_BATCH} statements in one request.")
    _refuse_nul(items)
    try:
        return store_statements(
            request.client,
            items,
            organisation=_organisation(request),
            attachments=attachments,
            version="1.0.0" if request.version.startswith("1.") else "2.0.0",
        )
    except StatementError as exc:
        raise LrsError(400, str(exc)) from None
    except Conflict as exc:
        raise LrsError(409, str(exc)) from None
    except Refused as exc:
        raise LrsError(403, str(exc)) from None


def _refuse_nul(value: Any) -> None:
    """PostgreSQL cannot keep a NUL character in JSON text."""
    if "\\u0000" in json.dumps(value):
        raise LrsError(400, "Statements cannot contain the NUL character.")


def _put(request: LrsRequest) -> HttpResponse:
    unknown = set(request.params) - {"statementId"}
    if unknown:
        raise LrsError(400, f"Unknown parameter {sorted(unknown)[0]} for PUT.")
    if "statementId" not in request.params:
        raise LrsError(400, "PUT needs the parameter statementId.")
    try:
        statement_id = uuid_string(request.params["statementId"], "statementId").lower()
    except StatementError as exc:
        raise LrsError(400, str(exc)) from None
    data, attachments = _decode(request)
    if not isinstance(data, dict):
        raise LrsError(400, "PUT takes one statement as a JSON object.")
    if "id" in data and str(data["id"]).lower() != statement_id:
        raise LrsError(400, "The statement's id differs from statementId.")
    data = {**data, "id": statement_id}
    _store(request, [data], attachments)
    return HttpResponse(status=204)


def _post(request: LrsRequest) -> HttpResponse:
    if request.params:
        raise LrsError(400, f"Unknown parameter {sorted(request.params)[0]} for POST.")
    data, attachments = _decode(request)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise LrsError(400, "Send at least one statement.")
    ids = _store(request, items, attachments)
    return json_response([str(ident) for ident in ids], request.http)


# --- Reading ----------------------------------------------------------------------------------


def _bool(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise LrsError(400, f"{name} must be true or false.")
    return value == "true"


def _moment(params: dict[str, str], name: str) -> datetime | None:
    if name not in params:
        return None
    try:
        return parse_timestamp(params[name], name)
    except StatementError as exc:
        raise LrsError(400, str(exc)) from None


def _query(params: dict[str, str]) -> StatementQuery:
    query = StatementQuery()
    try:
        if "agent" in params:
            try:
                agent = json.loads(params["agent"])
            except ValueError:
                raise LrsError(400, "agent must be an agent or group as JSON.") from None
            actor(agent, "agent")
            query.agent = ifi_key(agent)
            if not query.agent:
                raise LrsError(400, "agent must have an inverse functional identifier.")
        if "verb" in params:
            query.verb = iri(params["verb"], "verb")
        if "activity" in params:
            query.activity = iri(params["activity"], "activity")
        if "registration" in params:
            query.registration = uuid.UUID(uuid_string(params["registration"], "registration"))
    except StatementError as exc:
        raise LrsError(400, str(exc)) from None
    query.related_activities = _bool(params, "related_activities")
    query.related_agents = _bool(params, "related_agents")
    query.ascending = _bool(params, "ascending")
    query.since = _moment(params, "since")
    query.until = _moment(params, "until")
    limit = params.get("limit", "0")
    if not limit.isdigit():
        raise LrsError(400, "limit must be a whole number (0 for the most the LRS gives).")
    query.limit = int(limit)
    if "more" in params:
        if not params["more"].isdigit():
            raise LrsError(400, "more is not a continuation this LRS gave.")
        query.after = int(params["more"])
    return query


def _fmt(params: dict[str, str]) -> str:
    fmt = params.get("format", "exact")
    if fmt not in ("exact", "ids", "canonical"):
        raise LrsError(400, "format must be exact, ids or canonical.")
    return fmt


def _get(request: LrsRequest) -> HttpResponse:
    params = request.params
    single = "statementId" in params or "voidedStatementId" in params
    allowed = SINGLE if single else FILTERS
    unknown = set(params) - allowed
    if unknown:
        raise LrsError(400, f"The parameter {sorted(unknown)[0]} cannot be used here.")
    if "statementId" in params and "voidedStatementId" in params:
        raise LrsError(400, "Give statementId or voidedStatementId, not both.")
    fmt = _fmt(params)
    with_attachments = _bool(params, "attachments")
    languages = accepted_languages(request.headers.get("accept-language", ""))
    client = request.caller
    base = visible(client.organisation, every_organisation=client.is_platform)
    consistent = timezone.now()
    if single:
        name = "statementId" if "statementId" in params else "voidedStatementId"
        try:
            ident = uuid.UUID(uuid_string(params[name], name))
        except StatementError as exc:
            raise LrsError(400, str(exc)) from None
        row = find_statement(base, ident, voided=name == "voidedStatementId")
        if row is None:
            raise LrsError(404, "No such statement.")
        rows = [row]
        shown: Any = formatted(row.data, fmt, languages)
    else:
        query = _query(params)
        rows, after = query_statements(base, query)
        result: dict[str, Any] = {"statements": [formatted(row.data, fmt, languages) for row in rows]}
        if after is not None:
            kept = {name: value for name, value in params.items() if name != "more"}
            result["more"] = request.http.path + "?" + urlencode({**kept, "more": str(after)})
        else:
            result["more"] = ""
        shown = result
    response = _answer(shown, rows, with_attachments, request)
    response["X-Experience-API-Consistent-Through"] = iso(consistent)
    latest = max((row.stored for row in rows), default=consistent) if single else consistent
    response["Last-Modified"] = http_date(latest.timestamp())
    return response


def _answer(shown: Any, rows: list[Statement], with_attachments: bool, request: LrsRequest) -> HttpResponse:
    if not with_attachments:
        return json_response(shown, request.http)
    wanted: dict[tuple[int | None, str], None] = {}
    for row in rows:
        declared = list(row.data.get("attachments") or [])
        declared += (
            (row.data["object"].get("attachments") or [])
            if row.data["object"].get("objectType") == "SubStatement"
            else []
        )
        for attachment in declared:
            if "sha2" in attachment:
                wanted[(row.organisation_id, attachment["sha2"])] = None
    parts: list[tuple[str, str, bytes]] = []
    if wanted:
        hashes = {sha2 for _org, sha2 in wanted}
        for stored in StatementAttachment.objects.filter(sha2__in=hashes):
            if (stored.organisation_id, stored.sha2) in wanted:
                parts.append((stored.sha2, stored.content_type, bytes(stored.content)))
                del wanted[(stored.organisation_id, stored.sha2)]
    body, content_type = multipart.write(json.dumps(shown, ensure_ascii=False).encode("utf-8"), parts)
    return HttpResponse(body, content_type=content_type)
