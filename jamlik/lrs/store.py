"""Keeping statements and finding them again: the one way into the LRS's statements.

``store_statements`` is used by the Statement Resource, by cmi5's statements written by the
LMS and by Jämlik's own learning events. It validates every statement first (all or nothing),
fills in what the LRS adds (``id``, ``stored``, ``timestamp``, ``authority``, ``version``), treats
a statement sent again with the same id and content as already stored and a different one with
the same id as a conflict, applies voiding, and keeps attachments' content. Statements are
kept per organisation; ``organisation=None`` is the platform's own store.

``query_statements`` answers the filters of a GET (docs/xapi.md).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jamlik.lrs import hooks
from jamlik.lrs.models import LrsClient, Statement, StatementActivity, StatementAgent, StatementAttachment
from jamlik.lrs.shapes import ifi_key, mentioned, with_activity_lists
from jamlik.lrs.signatures import check_signature
from jamlik.lrs.stored import announce as announce_stored
from jamlik.lrs.validation import SIGNATURE_USAGE, VOIDED, StatementError, parse_timestamp, validate_statement
from jamlik.people.models import Organisation

MAX_LIMIT = 500
# A StatementRef chain this deep still meets a filter its target meets (xAPI "Filter conditions for StatementRefs").
REF_DEPTH = 3


class Conflict(Exception):
    """A statement id is already stored with other content (answered 409)."""


@dataclasses.dataclass(frozen=True)
class AttachmentPart:
    content_type: str
    content: bytes


def authority_of(client: LrsClient | None) -> dict[str, Any]:
    home = settings.SITE_URL.rstrip("/") + "/xapi/"
    if client is None:
        return {"objectType": "Agent", "name": "Jämlik", "account": {"homePage": home, "name": "jamlik"}}
    return {"objectType": "Agent", "name": client.name, "account": {"homePage": home, "name": client.key}}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value for key, value in data.items() if key not in ("id", "stored", "authority", "version", "timestamp")
    }


def _same(stored: dict[str, Any], sent: dict[str, Any]) -> bool:
    sent = with_activity_lists(sent)
    if _comparable(stored) != _comparable(sent):
        return False
    if "timestamp" in sent:
        return parse_timestamp(sent["timestamp"], "timestamp") == parse_timestamp(stored["timestamp"], "timestamp")
    return True


def _scope(organisation: Organisation | None) -> QuerySet[Statement]:
    if organisation is None:
        return Statement.objects.filter(organisation__isnull=True)
    return Statement.objects.filter(organisation=organisation)


def _check_attachments(statements: list[dict[str, Any]], parts: dict[str, AttachmentPart]) -> set[str]:
    """Every attachment without a fileUrl has its content among the parts; returns the hashes used."""
    used: set[str] = set()
    for statement in statements:
        declared = list(statement.get("attachments") or [])
        target = statement["object"]
        if target.get("objectType") == "SubStatement":
            declared += target.get("attachments") or []
        for attachment in declared:
            sha2 = attachment["sha2"]
            if sha2 in parts:
                used.add(sha2)
                if attachment["usageType"] == SIGNATURE_USAGE:
                    check_signature(statement, parts[sha2])
            elif "fileUrl" not in attachment:
                raise StatementError(f"attachment {sha2}: its content is missing from the request")
    unused = set(parts) - used
    if unused:
        raise StatementError(f"attachment {sorted(unused)[0]}: no statement declares this content")
    return used


def prepare(data: dict[str, Any], *, client: LrsClient | None, stored: datetime, version: str) -> dict[str, Any]:
    kept = with_activity_lists(data)
    kept.setdefault("id", str(uuid.uuid4()))
    kept["id"] = kept["id"].lower()
    kept["stored"] = iso(stored)
    kept.setdefault("timestamp", kept["stored"])
    kept["authority"] = authority_of(client)
    kept.setdefault("version", version)
    return kept


def store_statements(
    client: LrsClient | None,
    statements: list[Any],
    *,
    organisation: Organisation | None,
    attachments: dict[str, AttachmentPart] | None = None,
    version: str = "2.0.0",
) -> list[uuid.UUID]:
    """Validate and keep statements, all or none; return their ids in order.

    Raises ``StatementError`` (400) for a broken rule, ``Conflict`` (409) for an id already
    stored with other content and ``hooks.Refused`` (403) for what a registered hook refuses. Statements already stored with the same content are not stored twice.
    """
    checked = [validate_statement(statement) for statement in statements]
    parts = attachments or {}
    _check_attachments(checked, parts)
    ids = [uuid.UUID(statement["id"]) if "id" in statement else None for statement in checked]
    given = [ident for ident in ids if ident is not None]
    if len(set(given)) != len(given):
        raise StatementError("statement.id: the same id is given twice in one request")
    with transaction.atomic():
        # A cmi5 session's statements are checked (and may be refused) here, inside the transaction.
        after = hooks.before_statements(client, checked)
        existing = {row.statement_id: row for row in _scope(organisation).filter(statement_id__in=given)}
        stored = timezone.now()
        new_rows: list[tuple[Statement, dict[str, Any]]] = []
        result: list[uuid.UUID] = []
        voiding_targets: list[uuid.UUID] = []
        for data, ident in zip(checked, ids, strict=True):
            if ident is not None and ident in existing:
                if not _same(existing[ident].data, data):
                    raise Conflict(f"statement {ident} is already stored with other content")
                result.append(ident)
                continue
            kept = prepare(data, client=client, stored=stored, version=version)
            row = _row(kept, client=client, organisation=organisation, stored=stored)
            if row.verb_id == VOIDED and row.object_statement_id is not None:
                voiding_targets.append(row.object_statement_id)
            new_rows.append((row, kept))
            result.append(row.statement_id)
        _void(organisation, voiding_targets, {row.statement_id for row, _kept in new_rows})
        try:
            with transaction.atomic():
                Statement.objects.bulk_create([row for row, _kept in new_rows])
        except IntegrityError:
            raise Conflict("a statement with one of these ids was stored at the same moment") from None
        _index(new_rows)
        _keep_attachments(organisation, parts)
        announce_stored(organisation, new_rows)  # activity definitions, the forwarding outbox
        for then in after:
            then()
    return result


def _row(
    kept: dict[str, Any], *, client: LrsClient | None, organisation: Organisation | None, stored: datetime
) -> Statement:
    target = kept["object"]
    kind = target.get("objectType", "Activity")
    context = kept.get("context") or {}
    return Statement(
        statement_id=uuid.UUID(kept["id"]),
        organisation=organisation,
        client=client,
        stored=stored,
        timestamp=parse_timestamp(kept["timestamp"], "timestamp"),
        data=kept,
        verb_id=kept["verb"]["id"],
        object_activity_id=target["id"] if kind == "Activity" else "",
        object_agent=ifi_key(target) if kind in ("Agent", "Group") else "",
        object_statement_id=uuid.UUID(target["id"]) if kind == "StatementRef" else None,
        actor_ifi=ifi_key(kept["actor"]),
        registration=uuid.UUID(context["registration"]) if "registration" in context else None,
    )


def _void(organisation: Organisation | None, targets: list[uuid.UUID], arriving: set[uuid.UUID]) -> None:
    if not targets:
        return
    rows = _scope(organisation).select_for_update().filter(statement_id__in=targets)
    for row in rows:
        if row.verb_id == VOIDED:
            raise StatementError("statement.object: a voiding statement cannot be voided")
    if arriving & set(targets):
        raise StatementError("statement.object: a statement cannot be voided in the request that stores it")
    rows.update(voided=True)


def _index(new_rows: list[tuple[Statement, dict[str, Any]]]) -> None:
    agents: list[StatementAgent] = []
    activities: list[StatementActivity] = []
    for row, kept in new_rows:
        agent_keys, activity_ids = mentioned(kept)
        agents += [StatementAgent(statement=row, ifi=key) for key in sorted(agent_keys)]
        activities += [StatementActivity(statement=row, activity_id=ident) for ident in sorted(activity_ids)]
    StatementAgent.objects.bulk_create(agents)
    StatementActivity.objects.bulk_create(activities)


def _keep_attachments(organisation: Organisation | None, parts: dict[str, AttachmentPart]) -> None:
    for sha2, part in parts.items():
        StatementAttachment.objects.get_or_create(
            organisation=organisation,
            sha2=sha2,
            defaults={"content_type": part.content_type, "length": len(part.content), "content": part.content},
        )


# --- Reading ----------------------------------------------------------------------------------


@dataclasses.dataclass
class StatementQuery:
    agent: str = ""  # an ifi_key
    verb: str = ""
    activity: str = ""
    registration: uuid.UUID | None = None
    related_activities: bool = False
    related_agents: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 0
    ascending: bool = False
    after: int | None = None  # the seq a ``more`` link continues from


def visible(organisation: Organisation | None, *, every_organisation: bool) -> QuerySet[Statement]:
    """The statements a client may read: its organisation's, or all for a platform client."""
    if every_organisation:
        return Statement.objects.all()
    return _scope(organisation)


def _matching(base: QuerySet[Statement], query: StatementQuery) -> Q | None:
    conditions = Q()
    if query.agent:
        if query.related_agents:
            conditions &= Q(Exists(StatementAgent.objects.filter(statement=OuterRef("pk"), ifi=query.agent)))
        else:
            conditions &= Q(actor_ifi=query.agent) | Q(object_agent=query.agent)
    if query.verb:
        conditions &= Q(verb_id=query.verb)
    if query.activity:
        if query.related_activities:
            conditions &= Q(
                Exists(StatementActivity.objects.filter(statement=OuterRef("pk"), activity_id=query.activity))
            )
        else:
            conditions &= Q(object_activity_id=query.activity)
    if query.registration is not None:
        conditions &= Q(registration=query.registration)
    return conditions if conditions else None


def _referring(base: QuerySet[Statement], conditions: Q) -> list[int]:
    """The statements that point (StatementRef) at one meeting the filters, to ``REF_DEPTH`` levels.

    One semi-join per level on the ``object_statement_id`` index; statements pointing at others
    are few (mostly voiding), so the lists stay short.
    """
    found: list[int] = []
    targets = base.filter(conditions).values("statement_id")
    # "IS NOT NULL" spelled out lets PostgreSQL start from the few referring rows (lrs_st_ref)
    # instead of hashing every statement meeting the filters: at a million statements a
    # filtered GET took 2.4 s in this query alone, 50 ms with it (docs/performance.md).
    referring = base.filter(object_statement_id__isnull=False)
    for _depth in range(REF_DEPTH):
        level = list(referring.filter(object_statement_id__in=targets).values_list("pk", "statement_id"))
        if not level:
            break
        found += [pk for pk, _ident in level]
        targets = [ident for _pk, ident in level]  # type: ignore[assignment]
    return found


def query_statements(base: QuerySet[Statement], query: StatementQuery) -> tuple[list[Statement], int | None]:
    """One page of the statements in ``base`` meeting the query, and the seq to continue from (or None)."""
    conditions = _matching(base, query)
    rows = base.filter(voided=False)
    if conditions is not None:
        rows = rows.filter(conditions | Q(pk__in=_referring(base, conditions)))
    if query.since is not None:
        rows = rows.filter(stored__gt=query.since)
    if query.until is not None:
        rows = rows.filter(stored__lte=query.until)
    if query.after is not None:
        rows = rows.filter(seq__gt=query.after) if query.ascending else rows.filter(seq__lt=query.after)
    limit = query.limit if 0 < query.limit <= MAX_LIMIT else MAX_LIMIT
    rows = rows.order_by("seq" if query.ascending else "-seq")
    page = list(rows.only("seq", "data", "organisation_id", "stored")[: limit + 1])
    if len(page) > limit:
        return page[:limit], page[limit - 1].seq
    return page, None


def find_statement(base: QuerySet[Statement], statement_id: uuid.UUID, *, voided: bool) -> Statement | None:
    return base.filter(statement_id=statement_id, voided=voided).first()
