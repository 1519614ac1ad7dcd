"""The archive package: an organisation's records for a period, for its e-archive before gallring.

A ZIP with one CSV per table (UTF-8, comma-separated, a header row) and ``description.json``:
what the package is, for which organisation and period, when it was made, and for each file its
meaning, columns, number of rows and SHA-256, so an archivist can take it in and check it.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.campaigns.models import ResultRow
from jamlik.courses.models import Completion
from jamlik.credentials.models import Diploma
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation, User
from jamlik.strategies.models import Answer as StrategyAnswer

FORMAT = "jamlik-archive/1"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    type: str = "string"


@dataclass(frozen=True)
class Table:
    filename: str
    meaning: str
    columns: Sequence[Column]
    rows: list[list[Any]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)


def _completions(org: Organisation, start: datetime.datetime, end: datetime.datetime) -> Table:
    rows = (
        Completion.objects.filter(organisation=org, completed_at__gte=start, completed_at__lt=end)
        .select_related("user", "course", "version", "unit")
        .order_by("completed_at", "pk")
    )
    return Table(
        "completions.csv",
        "Course completions counted for the organisation, with the unit of that moment.",
        [
            Column("completion_id", "Stable id of the completion (UUID)"),
            Column("completed_at", "When the course was completed (ISO 8601, UTC)", "datetime"),
            Column("course", "The title of the course version completed"),
            Column("course_slug", "The course's short address"),
            Column("unit", "The person's unit at completion, if any"),
            Column("person_name", "The person's name today (empty if not given or erased)"),
            Column("person_email", "The person's email address today (empty if the account was erased)"),
            Column("kon", "Self-reported kön (kvinna, man, annat, ej_uppgett, or empty)"),
            Column("source", "How the completion was recorded (self, group, import, package)"),
        ],
        [
            [
                c.public_id,
                c.completed_at,
                c.version.title,
                c.course.slug,
                c.unit.name if c.unit else "",
                c.user.name,
                "" if c.user.email.endswith("@erased.invalid") else c.user.email,
                c.user.kon,
                c.source,
            ]
            for c in rows
        ],
    )


def _diplomas(org: Organisation, start: datetime.datetime, end: datetime.datetime) -> Table:
    rows = Diploma.objects.filter(issuers=org, issued_at__gte=start, issued_at__lt=end).order_by("issued_at", "pk")
    return Table(
        "diplomas.csv",
        "Diplomas the organisation issued or co-issued.",
        [
            Column("code", "Verification code"),
            Column("recipient_name", "Name on the diploma"),
            Column("title", "The achievement's title"),
            Column("kind", "course or programme"),
            Column("issued_at", "When it was issued (ISO 8601, UTC)", "datetime"),
            Column("expires_at", "When it stops being valid, if ever", "datetime"),
            Column("status", "valid, expired, revoked or superseded at the time of export"),
            Column("revocation_reason", "Why it was revoked, if it was"),
        ],
        [
            [
                d.display_code,
                d.recipient_name,
                d.title,
                d.kind,
                d.issued_at,
                d.expires_at,
                d.status(),
                d.revocation_reason,
            ]
            for d in rows
        ],
    )


def _campaign_results(org: Organisation, start: datetime.datetime, end: datetime.datetime) -> Table:
    rows = (
        ResultRow.objects.filter(organisation=org, result__closed_at__gte=start, result__closed_at__lt=end)
        .select_related("result__campaign")
        .order_by("result__closed_at", "pk")
    )
    return Table(
        "campaign_results.csv",
        "The organisation's rows of closed (frozen) campaign results, as frozen at closing.",
        [
            Column("campaign", "The campaign's short address"),
            Column("campaign_title", "The campaign's Swedish title"),
            Column("closed_at", "When the result was frozen (ISO 8601, UTC)", "datetime"),
            Column("organisation_name", "The organisation's name at closing"),
            Column("headcount", "Frozen headcount", "integer"),
            Column("completions", "People counted", "integer"),
            Column("rank", "Rank among participants", "integer"),
            Column("medal", "gold, silver, bronze or empty"),
        ],
        [
            [
                r.result.campaign.slug,
                r.result.campaign.title_sv,
                r.result.closed_at,
                r.organisation_name,
                r.headcount,
                r.completions,
                r.rank,
                r.medal,
            ]
            for r in rows
        ],
    )


def _followups(org: Organisation, start: datetime.datetime, end: datetime.datetime) -> Table:
    rows = (
        StrategyAnswer.objects.filter(
            response__organisation=org, response__submitted_at__gte=start, response__submitted_at__lt=end
        )
        .select_related("response__round", "question")
        .order_by("response__submitted_at", "question__position", "pk")
    )
    return Table(
        "strategy_followups.csv",
        "Answers the organisation submitted in yearly strategy follow-ups.",
        [
            Column("round", "The follow-up round's title"),
            Column("year", "The year followed up", "integer"),
            Column("submitted_at", "When the answers were submitted (ISO 8601, UTC)", "datetime"),
            Column("question", "The question"),
            Column("text", "Text answer"),
            Column("number", "Number answer", "decimal"),
            Column("yes", "Yes/no answer (true, false or empty)", "boolean"),
        ],
        [
            [
                a.response.round.title,
                a.response.round.year,
                a.response.submitted_at,
                a.question.text,
                a.text,
                a.number,
                "" if a.yes is None else str(a.yes).lower(),
            ]
            for a in rows
        ],
    )


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows([[_text(v) for v in row] for row in table.rows])
    return out.getvalue().encode("utf-8")


def build(organisation: Organisation, start: datetime.date, end: datetime.date) -> tuple[bytes, dict[str, Any]]:
    """The package's bytes and its description (``end`` inclusive)."""
    if end < start:
        raise ValidationError(_("The period ends before it starts."))
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    tables: Iterable[Table] = [
        f(organisation, since, until) for f in (_completions, _diplomas, _campaign_results, _followups)
    ]
    buffer = io.BytesIO()
    files = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            content = _csv(table)
            archive.writestr(table.filename, content)
            files.append(
                {
                    "name": table.filename,
                    "meaning": table.meaning,
                    "format": "text/csv; charset=utf-8; header=present",
                    "rows": len(table.rows),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "columns": [{"name": c.name, "meaning": c.meaning, "type": c.type} for c in table.columns],
                }
            )
        description = {
            "format": FORMAT,
            "title": f"Jämlik: {organisation.name} {start.isoformat()} to {end.isoformat()}",
            "organisation": {
                "name": organisation.name,
                "slug": organisation.slug,
                "org_number": organisation.org_number,
            },
            "period": {"from": start.isoformat(), "to": end.isoformat(), "timezone": str(zone)},
            "created_at": timezone.now().astimezone(datetime.UTC).isoformat(),
            "producer": "Jämlik (docs/privacy.md, Archive export)",
            "files": files,
        }
        archive.writestr("description.json", json.dumps(description, ensure_ascii=False, indent=2))
    return buffer.getvalue(), description


def export(actor: User | None, organisation: Organisation, start: datetime.date, end: datetime.date) -> bytes:
    """The package for a coordinator of ``organisation`` or an administrator; audited."""
    if actor is not None and not coordinated_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may only export your own organisation's archive."))
    content, description = build(organisation, start, end)
    record(
        "retention.archive_exported",
        actor=actor,
        organisation=organisation,
        summary=f"{start} to {end}",
        after={"files": {f["name"]: f["rows"] for f in description["files"]}},
    )
    return content
