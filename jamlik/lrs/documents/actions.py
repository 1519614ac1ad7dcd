"""Writing and reading documents: one function per change, each one transaction and one audit entry.

The caller (the views, cmi5's launch data) has already resolved who writes: the organisation of
the client (None for a platform client). Concurrency follows ``rules.check_preconditions``; the
document's row is read ``FOR UPDATE`` before the check, so two writers with the same ETag
cannot both succeed, and a first write racing another for the same new document meets the
unique constraint and is retried once, then sees the row (and its precondition) like any other.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jamlik.audit.models import record
from jamlik.lrs.documents.agents import Agent
from jamlik.lrs.documents.models import Document, DocumentKind
from jamlik.lrs.documents.rules import DocumentError, check_preconditions, etag_of, is_json, json_object, merge
from jamlik.people.models import Organisation

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024


def _digest(*parts: str) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Where:
    """What names a set of documents: the kind, its activity and/or agent, and a State's registration."""

    kind: DocumentKind
    activity_id: str = ""
    agent: Agent | None = None
    registration: uuid.UUID | None = None

    @property
    def agent_key(self) -> str:
        return self.agent.key if self.agent is not None else ""

    @property
    def group(self) -> str:
        return _digest(self.kind, self.activity_id, self.agent_key)

    def key(self, document_id: str) -> str:
        return _digest(self.group, str(self.registration or ""), document_id)


@dataclass(frozen=True)
class Written:
    content: bytes
    content_type: str


def _scope(organisation: Organisation | None) -> Q:
    return Q(organisation=organisation) if organisation is not None else Q(organisation__isnull=True)


def documents(organisation: Organisation | None) -> QuerySet[Document]:
    return Document.objects.filter(_scope(organisation))


def get_document(organisation: Organisation | None, where: Where, document_id: str) -> Document | None:
    return documents(organisation).filter(key=where.key(document_id)).first()


def document_ids(organisation: Organisation | None, where: Where, since: datetime | None) -> list[str]:
    """The ids of the documents in ``where``'s set (any registration unless one is named), changed after ``since``."""
    found = documents(organisation).filter(group=where.group)
    if where.registration is not None:
        found = found.filter(registration=where.registration)
    if since is not None:
        found = found.filter(updated__gt=since)
    return list(found.order_by("updated", "pk").values_list("document_id", flat=True).distinct())


def _check_size(content: bytes) -> None:
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentError("The document is larger than the LRS keeps (4 MiB).", 413)


def _write(
    organisation: Organisation | None,
    where: Where,
    document_id: str,
    *,
    build: Any,
    if_match: str | None,
    if_none_match: str | None,
    put_needs_header: bool,
    is_put: bool,
    new_put_needs_header: bool = False,
) -> Document:
    key = where.key(document_id)
    for attempt in range(2):
        try:
            with transaction.atomic():
                current = documents(organisation).select_for_update().filter(key=key).first()
                check_preconditions(
                    current.etag if current else None,
                    if_match=if_match,
                    if_none_match=if_none_match,
                    put_needs_header=put_needs_header,
                    is_put=is_put,
                    new_put_needs_header=new_put_needs_header,
                )
                written: Written = build(current)
                _check_size(written.content)
                now = timezone.now()
                if current is None:
                    current = Document.objects.create(
                        organisation=organisation,
                        kind=where.kind,
                        group=where.group,
                        key=key,
                        activity_id=where.activity_id,
                        agent=where.agent_key,
                        registration=where.registration,
                        document_id=document_id,
                        content=written.content,
                        content_type=written.content_type,
                        etag=etag_of(written.content),
                        updated=now,
                    )
                else:
                    current.content = written.content
                    current.content_type = written.content_type
                    current.etag = etag_of(written.content)
                    # Strictly later than before, so since-filters and Last-Modified see every change.
                    current.updated = max(now, current.updated + timedelta(microseconds=1))
                    current.save(update_fields=["content", "content_type", "etag", "updated"])
                record(
                    f"lrs.document_{'put' if is_put else 'posted'}",
                    organisation=organisation,
                    target=current,
                    summary=f"{where.kind}: {document_id}"[:300],
                    after={"etag": current.etag, "content_type": current.content_type},
                )
                return current
        except IntegrityError:
            if attempt:
                raise DocumentError("The document changed while it was written; try again.", 409) from None
    raise AssertionError("unreachable")  # pragma: no cover


def put_document(
    organisation: Organisation | None,
    where: Where,
    document_id: str,
    content: bytes,
    content_type: str,
    *,
    if_match: str | None = None,
    if_none_match: str | None = None,
    put_needs_header: bool = True,
    new_put_needs_header: bool = False,
) -> Document:
    """Store ``content`` as the document, replacing what was there (PUT)."""
    return _write(
        organisation,
        where,
        document_id,
        build=lambda _current: Written(content, content_type),
        if_match=if_match,
        if_none_match=if_none_match,
        put_needs_header=put_needs_header,
        is_put=True,
        new_put_needs_header=new_put_needs_header,
    )


def post_document(
    organisation: Organisation | None,
    where: Where,
    document_id: str,
    content: bytes,
    content_type: str,
    *,
    if_match: str | None = None,
    if_none_match: str | None = None,
) -> Document:
    """Merge ``content`` into the document (POST); store it as it is when there is none yet."""
    posted = json_object(content) if is_json(content_type) else None
    if is_json(content_type) and posted is None:
        raise DocumentError("The posted document is not a JSON object.")

    def build(current: Document | None) -> Written:
        if current is None:
            return Written(content, content_type)
        stored = json_object(bytes(current.content)) if is_json(current.content_type) else None
        if stored is None:
            raise DocumentError("The stored document is not a JSON object (application/json), so it cannot be merged.")
        if posted is None:
            raise DocumentError("Only a JSON object (application/json) can be merged into a stored document.")
        merged = json.dumps(merge(stored, posted), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return Written(merged, "application/json")

    return _write(
        organisation,
        where,
        document_id,
        build=build,
        if_match=if_match,
        if_none_match=if_none_match,
        put_needs_header=False,
        is_put=False,
    )


@transaction.atomic
def delete_document(
    organisation: Organisation | None,
    where: Where,
    document_id: str,
    *,
    if_match: str | None = None,
    if_none_match: str | None = None,
) -> bool:
    """Delete one document; False when there was none (still a success: the document is gone)."""
    current = documents(organisation).select_for_update().filter(key=where.key(document_id)).first()
    check_preconditions(
        current.etag if current else None,
        if_match=if_match,
        if_none_match=if_none_match,
        put_needs_header=False,
        is_put=False,
    )
    if current is None:
        return False
    record(
        "lrs.document_deleted",
        organisation=organisation,
        target=current,
        summary=f"{where.kind}: {document_id}"[:300],
        before={"etag": current.etag},
    )
    current.delete()
    return True


@transaction.atomic
def delete_documents(organisation: Organisation | None, where: Where) -> int:
    """Delete every document of ``where``'s set (of its registration, when one is named): State's "delete all"."""
    found = documents(organisation).filter(group=where.group)
    if where.registration is not None:
        found = found.filter(registration=where.registration)
    count, _per_model = found.delete()
    if count:
        record(
            "lrs.documents_deleted",
            organisation=organisation,
            summary=f"{where.kind}: {count} documents of {where.activity_id}"[:300],
            after={"count": count},
        )
    return count
