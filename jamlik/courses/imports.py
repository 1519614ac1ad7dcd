"""Bulk import of course completions made elsewhere (an organisation moving from another platform).

A CSV or XLSX file with the columns ``email``, ``completed_on`` (YYYY-MM-DD) and optionally
``unit``. The whole file is checked first and every problem is reported by row number (as a
spreadsheet numbers them: the header is row 1), column and message. Only a file without a
single problem is imported, in one transaction: each row becomes a ``Completion`` with
``source=import`` (and the lessons done), counted for the importing organisation and the
unit given (or the person's unit), and announces ``course_completed`` like any completion.
People who already completed the course are left as they are and listed.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.access import may_enrol
from jamlik.courses.events import CourseCompleted, course_completed
from jamlik.courses.models import Completion, Course, CourseVersion, Enrolment, LessonProgress, ProgressSource
from jamlik.people.models import Membership, Organisation, Unit, User

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
COLUMNS = {
    "email": "email",
    "e-post": "email",
    "epost": "email",
    "completed_on": "completed_on",
    "slutford": "completed_on",
    "slutförd": "completed_on",
    "datum": "completed_on",
    "unit": "unit",
    "enhet": "unit",
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ImportRejected(Exception):
    """The file was not imported; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class ImportResult:
    imported: list[Completion] = field(default_factory=list)
    already_completed: list[str] = field(default_factory=list)  # emails, left unchanged


@dataclass(frozen=True)
class Row:
    number: int
    email: str
    completed_on: Any
    unit: str


# --- Reading the file ---------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(cells: list[Any]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = COLUMNS.get(_text(cell).lower().replace(" ", "_"))
        if name is not None and name not in positions:
            positions[name] = index
    missing = [name for name in ("email", "completed_on") if name not in positions]
    if missing:
        raise ImportRejected(
            [
                RowError(1, name, _("The first row must name the columns email, completed_on and (optionally) unit."))
                for name in missing
            ]
        )
    return positions


def _sheet_rows(filename: str, content: bytes) -> list[list[Any]]:
    if len(content) > MAX_BYTES:
        raise ImportRejected([RowError(0, "", _("The file is larger than 5 MB. Split it into smaller files."))])
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(content)
    if filename.lower().endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise ImportRejected([RowError(0, "", _("Upload a .csv or .xlsx file."))])


def _csv_rows(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Swedish Windows
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportRejected(
            [RowError(0, "", _("The XLSX file could not be read. Save it again from Excel."))]
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)]
    finally:
        workbook.close()


def read_rows(filename: str, content: bytes) -> list[Row]:
    table = _sheet_rows(filename, content)
    while table and not any(_text(c) for c in table[-1]):
        table.pop()
    if not table:
        raise ImportRejected([RowError(0, "", _("The file is empty."))])
    columns = _header(table[0])
    if len(table) - 1 > MAX_ROWS:
        raise ImportRejected([RowError(0, "", _("At most %(n)d rows per file.") % {"n": MAX_ROWS})])

    def cell(values: list[Any], name: str) -> Any:
        index = columns.get(name)
        return values[index] if index is not None and index < len(values) else None

    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(_text(c) for c in values):
            continue
        rows.append(
            Row(number, _text(cell(values, "email")).lower(), cell(values, "completed_on"), _text(cell(values, "unit")))
        )
    if not rows:
        raise ImportRejected([RowError(0, "", _("The file has a header but no rows."))])
    return rows


# --- Checking -----------------------------------------------------------------------------


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value)) if len(_text(value)) == 10 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Checked:
    row: Row
    user: User
    membership: Membership
    unit: Unit | None
    completed_on: datetime.date


def check_rows(organisation: Organisation, version: CourseVersion, rows: list[Row]) -> list[Checked]:
    """Every row checked; ImportRejected with all the problems if any row has one."""
    errors: list[RowError] = []
    users = {u.email: u for u in User.objects.filter(email__in={r.email for r in rows})}
    memberships = {
        m.user_id: m
        for m in Membership.objects.current()
        .filter(organisation=organisation, user__in=users.values())
        .select_related("unit")
    }
    units: dict[str, list[Unit]] = {}
    for each in Unit.objects.filter(organisation=organisation):
        units.setdefault(each.name.strip().lower(), []).append(each)
    first_row: dict[str, int] = {}
    today = timezone.localdate()
    checked: list[Checked] = []
    for row in rows:
        problems_before = len(errors)
        user = membership = None
        try:
            validate_email(row.email)
        except ValidationError:
            errors.append(
                RowError(row.number, "email", _("“%(value)s” is not an email address.") % {"value": row.email})
            )
        else:
            if row.email in first_row:
                errors.append(
                    RowError(row.number, "email", _("The same person as on row %(n)d.") % {"n": first_row[row.email]})
                )
            first_row.setdefault(row.email, row.number)
            user = users.get(row.email)
            if user is None:
                errors.append(RowError(row.number, "email", _("Nobody with this email address uses Jämlik.")))
            elif (membership := memberships.get(user.pk)) is None:
                errors.append(RowError(row.number, "email", _("Not a member of %(org)s.") % {"org": organisation.name}))
            elif not may_enrol(user, version):
                errors.append(RowError(row.number, "email", _("The course is not open to this person.")))
        completed_on = _date(row.completed_on)
        if completed_on is None:
            errors.append(
                RowError(
                    row.number,
                    "completed_on",
                    _("“%(value)s” is not a date as YYYY-MM-DD.") % {"value": _text(row.completed_on)},
                )
            )
        elif completed_on > today:
            errors.append(RowError(row.number, "completed_on", _("The date is in the future.")))
        unit: Unit | None = None
        if row.unit:
            found = units.get(row.unit.lower(), [])
            if not found:
                errors.append(
                    RowError(
                        row.number,
                        "unit",
                        _("%(org)s has no unit called “%(value)s”.") % {"org": organisation.name, "value": row.unit},
                    )
                )
            elif len(found) > 1:
                errors.append(
                    RowError(row.number, "unit", _("Several units have this name; rename one of them first."))
                )
            else:
                unit = found[0]
        if len(errors) == problems_before and user is not None and membership is not None and completed_on is not None:
            checked.append(Checked(row, user, membership, unit or membership.unit, completed_on))
    if errors:
        raise ImportRejected(errors)
    return checked


# --- Writing ------------------------------------------------------------------------------


@transaction.atomic
def import_completions(
    actor: User | None, organisation: Organisation, course: Course, *, filename: str, content: bytes
) -> ImportResult:
    """Import the file, all or nothing. Raises ImportRejected (nothing saved) on any bad row."""
    version = course.published_version
    if version is None:
        raise ValidationError(_("The course is not published, so completions cannot be imported for it."))
    checked = check_rows(organisation, version, read_rows(filename, content))
    enrolments = {
        e.user_id: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .filter(course=course, user__in=[c.user for c in checked])
        .select_related("version")
    }
    completed = set(Completion.objects.filter(enrolment__in=enrolments.values()).values_list("enrolment_id", flat=True))
    result = ImportResult()
    for item in checked:
        enrolment = enrolments.get(item.user.pk)
        if enrolment is not None and (enrolment.pk in completed or enrolment.completed_at is not None):
            result.already_completed.append(item.user.email)
            continue
        at = timezone.make_aware(datetime.datetime.combine(item.completed_on, datetime.time(12)))
        if enrolment is None:
            enrolment = Enrolment.objects.create(
                user=item.user, course=course, version=version, source=ProgressSource.IMPORT
            )
        result.imported.append(_complete(actor, organisation, enrolment, item, at))
    record(
        "course.completions_imported",
        actor=actor,
        organisation=organisation,
        target=course,
        summary=f"{course.slug}: {len(result.imported)} ({filename})"[:300],
        after={
            "file": filename[:200],
            "imported": len(result.imported),
            "already_completed": len(result.already_completed),
        },
    )
    return result


def _complete(
    actor: User | None, organisation: Organisation, enrolment: Enrolment, item: Checked, at: datetime.datetime
) -> Completion:
    done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    LessonProgress.objects.bulk_create(
        LessonProgress(
            enrolment=enrolment, lesson=lesson, completed_at=at, source=ProgressSource.IMPORT, recorded_by=actor
        )
        for lesson in enrolment.version.ordered_lessons()
        if lesson.pk not in done
    )
    completion = Completion.objects.create(
        enrolment=enrolment,
        user=item.user,
        course_id=enrolment.course_id,
        version_id=enrolment.version_id,
        organisation=organisation,
        unit=item.unit,
        completed_at=at,
        source=ProgressSource.IMPORT,
    )
    enrolment.completed_at = at
    enrolment.save(update_fields=["completed_at"])
    record(
        "course.completed",
        actor=actor,
        organisation=organisation,
        target=completion,
        summary=f"{item.user.email}: {enrolment.version.title}"[:300],
        after={
            "version": enrolment.version.number,
            "organisation": organisation.slug,
            "unit": item.unit.name if item.unit else None,
            "source": ProgressSource.IMPORT,
            "row": item.row.number,
        },
    )
    course_completed.publish(CourseCompleted(completion_id=completion.pk))
    return completion
