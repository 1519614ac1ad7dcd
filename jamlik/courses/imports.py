"""Bulk import of course completions made elsewhere (an organisation moving from another platform).

A CSV or XLSX file with the columns ``email``, ``completed_on`` (YYYY-MM-DD) and optionally
``unit``, read within bounds (``jamlik.lib.spreadsheets``). The whole file is checked first and
every problem is reported by row number (as a spreadsheet numbers them: the header is row 1),
column and message. Only a file without a single problem is imported, in one transaction: each
row becomes a ``Completion`` with ``source=import`` (and the lessons done), counted for the
importing organisation and the unit given (or the person's unit). The campaign standings are
counted in the same transaction (``completions_imported``); ``course_completed`` goes out after
commit for the other listeners. People who already completed the course are left as they are and
listed (their completion is counted again if a campaign missed it).

The work is done in bulk (a few queries per thousand rows), by a background job
(``import_jobs``): 20,000 rows, the file limit, take seconds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jamlik.audit.models import AuditEntry, record
from jamlik.courses.events import (
    CompletionsAnnounced,
    CompletionsImported,
    CourseCompleted,
    completions_announced,
    completions_imported,
    course_completed,
)
from jamlik.courses.models import (
    Audience,
    Completion,
    Course,
    CourseVersion,
    Enrolment,
    LessonProgress,
    ProgressSource,
    VersionStatus,
)
from jamlik.lib.spreadsheets import Limits, TableRejected, read_table
from jamlik.people.models import Membership, Organisation, Unit, User

LIMITS = Limits(max_bytes=5 * 1024 * 1024, rows=20_000)
MAX_BYTES = LIMITS.max_bytes
MAX_ROWS = LIMITS.rows
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
    already_completed_rows: list[int] = field(default_factory=list)  # their row numbers


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


def read_rows(filename: str, content: bytes) -> list[Row]:
    try:
        table = read_table(filename, content, LIMITS)
    except TableRejected as exc:
        raise ImportRejected([RowError(exc.row, "", exc.message)]) from exc
    columns = _header(table[0])

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


T = TypeVar("T")
CHUNK = 2000  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


def _chunks(items: Iterable[T], size: int = CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _open_to(organisation: Organisation, version: CourseVersion, users: list[User]) -> set[int]:
    """Which of ``users`` (all current members of ``organisation``) may take the course: the rule of
    ``access.may_enrol``, for many people in one query per chunk."""
    if version.status != VersionStatus.PUBLISHED:
        return set()
    if version.audience in (Audience.PUBLIC, Audience.ALL_ORGANISATIONS):
        return {u.pk for u in users}  # each has a current membership (checked before)
    chosen = set(version.organisations.values_list("pk", flat=True))
    if organisation.pk in chosen:
        return {u.pk for u in users}
    allowed = {u.pk for u in users if u.is_programme_manager}
    for batch in _chunks(u.pk for u in users):
        allowed.update(
            Membership.objects.current()
            .filter(user_id__in=batch, organisation_id__in=chosen)
            .values_list("user_id", flat=True)
        )
    return allowed


Progress = Callable[[int], None]


def check_rows(
    organisation: Organisation, version: CourseVersion, rows: list[Row], progress: Progress | None = None
) -> list[Checked]:
    """Every row checked; ImportRejected with all the problems if any row has one. ``progress`` is
    told the number of rows checked, every ``CHUNK`` rows."""
    errors: list[RowError] = []
    users: dict[str, User] = {}
    for emails in _chunks({r.email for r in rows}):
        users.update((u.email, u) for u in User.objects.filter(email__in=emails))
    memberships: dict[int, Membership] = {}
    for batch in _chunks(u.pk for u in users.values()):
        memberships.update(
            (m.user_id, m)
            for m in Membership.objects.current()
            .filter(organisation=organisation, user_id__in=batch)
            .select_related("unit")
        )
    open_to = _open_to(organisation, version, [u for u in users.values() if u.pk in memberships])
    units: dict[str, list[Unit]] = {}
    for each in Unit.objects.filter(organisation=organisation):
        units.setdefault(each.name.strip().lower(), []).append(each)
    first_row: dict[str, int] = {}
    today = timezone.localdate()
    checked: list[Checked] = []
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % CHUNK == 0:
            progress(done)
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
                errors.append(
                    RowError(
                        row.number,
                        "email",
                        _(
                            "Nobody with this email address is in Jämlik yet. Add the person with the organisation's "
                            "staff list (they need not have signed in), or ask them to sign in with this address, "
                            "then upload the file again."
                        ),
                    )
                )
            elif (membership := memberships.get(user.pk)) is None:
                errors.append(RowError(row.number, "email", _("Not a member of %(org)s.") % {"org": organisation.name}))
            elif user.pk not in open_to:
                errors.append(RowError(row.number, "email", _("The course is not open to this person.")))
        completed_on = _date(row.completed_on)
        if completed_on is None:
            errors.append(
                RowError(
                    row.number,
                    "completed_on",
                    _("“%(value)s” is not a date as YYYY-MM-DD.") % {"value": _text(row.completed_on)[:40]},
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
                        _("%(org)s has no unit called “%(value)s”.")
                        % {"org": organisation.name, "value": row.unit[:100]},
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
    if progress is not None:
        progress(len(rows))
    if errors:
        raise ImportRejected(errors)
    return checked


# --- Writing ------------------------------------------------------------------------------


def published_version(course: Course) -> CourseVersion:
    version = course.published_version
    if version is None:
        raise ImportRejected(
            [RowError(0, "", _("The course is not published, so completions cannot be imported for it."))]
        )
    return version


@transaction.atomic
def import_completions(
    actor: User | None,
    organisation: Organisation,
    course: Course,
    *,
    filename: str,
    content: bytes,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the file, all or nothing. Raises ImportRejected (nothing saved) on any bad row.
    The background job (``import_jobs.run_import``) calls this; so may a command or a test."""
    version = published_version(course)
    checked = check_rows(organisation, version, read_rows(filename, content), progress)
    return write_completions(actor, organisation, course, version, checked, filename=filename)


def write_completions(
    actor: User | None,
    organisation: Organisation,
    course: Course,
    version: CourseVersion,
    checked: list[Checked],
    *,
    filename: str,
) -> ImportResult:
    """The checked rows written in bulk, in the caller's transaction, counted for the campaigns in it."""
    enrolments: dict[int, Enrolment] = {}
    for batch in _chunks(c.user.pk for c in checked):
        enrolments.update(
            (e.user_id, e)
            for e in Enrolment.objects.select_for_update(of=("self",))
            .filter(course=course, user_id__in=batch)
            .select_related("version")
        )
    completed: dict[int, int] = {}  # enrolment id -> completion id
    for batch in _chunks(e.pk for e in enrolments.values()):
        completed.update(Completion.objects.filter(enrolment_id__in=batch).values_list("enrolment_id", "id"))
    result = ImportResult()
    to_complete: list[tuple[Checked, datetime.datetime]] = []
    earlier: list[int] = []  # completions already recorded: counted again in case a campaign missed them
    for item in checked:
        enrolment = enrolments.get(item.user.pk)
        if enrolment is not None and (enrolment.pk in completed or enrolment.completed_at is not None):
            result.already_completed.append(item.user.email)
            result.already_completed_rows.append(item.row.number)
            if enrolment.pk in completed:
                earlier.append(completed[enrolment.pk])
            continue
        at = timezone.make_aware(datetime.datetime.combine(item.completed_on, datetime.time(12)))
        to_complete.append((item, at))
    new_enrolments = [
        Enrolment(user=item.user, course=course, version=version, source=ProgressSource.IMPORT, completed_at=at)
        for item, at in to_complete
        if item.user.pk not in enrolments
    ]
    Enrolment.objects.bulk_create(new_enrolments, batch_size=1000)
    if any(e.pk is None for e in new_enrolments):  # a database that cannot return ids from a bulk insert
        for batch in _chunks(e.user_id for e in new_enrolments):
            enrolments.update(
                (e.user_id, e)
                for e in Enrolment.objects.filter(course=course, user_id__in=batch).select_related("version")
            )
    for e in new_enrolments:
        enrolments.setdefault(e.user_id, e)
    started = []  # enrolled before, not completed: completed now
    for item, at in to_complete:
        enrolment = enrolments[item.user.pk]
        if enrolment.completed_at is None:
            enrolment.completed_at = at
            started.append(enrolment)
    Enrolment.objects.bulk_update(started, ["completed_at"], batch_size=1000)
    _lessons_done(actor, [(enrolments[item.user.pk], at) for item, at in to_complete])
    completions = [
        Completion(
            enrolment=enrolments[item.user.pk],
            user=item.user,
            course_id=course.pk,
            version_id=enrolments[item.user.pk].version_id,
            organisation=organisation,
            unit=item.unit,
            completed_at=at,
            source=ProgressSource.IMPORT,
        )
        for item, at in to_complete
    ]
    Completion.objects.bulk_create(completions, batch_size=1000)
    if any(c.pk is None for c in completions):
        by_enrolment: dict[int, int] = {}
        for batch in _chunks(c.enrolment_id for c in completions):
            by_enrolment.update(Completion.objects.filter(enrolment_id__in=batch).values_list("enrolment_id", "id"))
        for c in completions:
            c.pk = by_enrolment[c.enrolment_id]
    result.imported = completions
    _audit(
        actor,
        organisation,
        course,
        version,
        [(item, c) for (item, _at), c in zip(to_complete, completions, strict=True)],
    )
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
    # The campaign counting commits with the completions (or neither does) …
    completions_imported.publish(CompletionsImported(tuple([c.pk for c in completions] + earlier)))
    # … and the other listeners (diplomas, programmes) hear of each completion after commit, from
    # tasks of a few hundred each, so the import itself is done in seconds.
    ids = [c.pk for c in completions]
    transaction.on_commit(lambda: [announce_imported.enqueue(batch) for batch in _chunks(ids, ANNOUNCED_PER_TASK)])
    return result


ANNOUNCED_PER_TASK = 500


@task()
def announce_imported(completion_ids: list[int]) -> None:
    """``course_completed`` for imported completions (outside a transaction: each listener runs now),
    then ``completions_announced`` for all of them, which the diplomas and programmes hear in bulk."""
    for completion_id in completion_ids:
        course_completed.publish(CourseCompleted(completion_id=completion_id, imported=True))
    completions_announced.publish(CompletionsAnnounced(tuple(completion_ids)))


def _lessons_done(actor: User | None, items: list[tuple[Enrolment, datetime.datetime]]) -> None:
    """Every lesson of each enrolment's version marked done at the completion's moment (those already
    done are kept)."""
    lessons: dict[int, list[int]] = {}
    done: set[tuple[int, int]] = set()
    for batch in _chunks(e.pk for e, _at in items):
        done.update(LessonProgress.objects.filter(enrolment_id__in=batch).values_list("enrolment_id", "lesson_id"))
    progress: list[LessonProgress] = []
    for enrolment, at in items:
        if enrolment.version_id not in lessons:
            lessons[enrolment.version_id] = list(
                CourseVersion(pk=enrolment.version_id).ordered_lessons().values_list("pk", flat=True)
            )
        progress.extend(
            LessonProgress(
                enrolment=enrolment,
                lesson_id=lesson_id,
                completed_at=at,
                source=ProgressSource.IMPORT,
                recorded_by=actor,
            )
            for lesson_id in lessons[enrolment.version_id]
            if (enrolment.pk, lesson_id) not in done
        )
    LessonProgress.objects.bulk_create(progress, batch_size=2000)


def _audit(
    actor: User | None,
    organisation: Organisation,
    course: Course,
    version: CourseVersion,
    items: list[tuple[Checked, Completion]],
) -> None:
    """One ``course.completed`` audit entry per imported completion, as ``record`` writes them, in bulk."""
    who = actor if actor is not None and actor.is_authenticated else None
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=who,
                organisation=organisation,
                action="course.completed",
                target_type=Completion._meta.label_lower,
                target_id=str(completion.pk),
                summary=f"{item.user.email}: {version.title}"[:300],
                after={
                    "version": version.number,
                    "organisation": organisation.slug,
                    "unit": item.unit.name if item.unit else None,
                    "source": ProgressSource.IMPORT,
                    "row": item.row.number,
                },
            )
            for item, completion in items
        ],
        batch_size=1000,
    )
