"""Staff list imports: upload, a preview made by the worker, confirmation, and the change applied by the worker.

``start_roster_import`` keeps the file in a ``RosterImport`` row and queues ``check_roster`` when
that row commits; the request answers at once. The worker claims the job with a conditional update
(a task delivered twice finds it claimed and does nothing), checks every row outside any
transaction, telling the progress page as it goes, and stores the preview: counts and the first
rows of each group. ``confirm_roster_import`` refuses a preview the members have changed since
(the fingerprint of the open memberships differs) and queues ``apply_roster``, which checks the
file again and writes everything in one transaction — new people, units, memberships started,
changed and ended, their audit entries — after locking the organisation and comparing the
fingerprint once more. The file is deleted when the job ends (applied, refused or discarded).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from jamlik.audit.models import record
from jamlik.identity.models import RosterImport, RosterLine, RosterLineKind, RosterState
from jamlik.identity.roster import plan as planning
from jamlik.identity.roster.reading import MAX_BYTES, RosterRejected, RowError, read_rows
from jamlik.people import actions as people_actions
from jamlik.people import bulk
from jamlik.people.access import check_may_coordinate, coordinated_organisations
from jamlik.people.models import HeadcountDeclaration, MembershipSource, Organisation, Unit, User

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 100  # the first rows of each group kept for the preview


# --- Applying a plan (the job, and the command) -------------------------------------------------


@dataclass(frozen=True)
class Applied:
    plan: planning.Plan
    units_created: int


def apply_plan(actor: User | None, organisation: Organisation, plan: planning.Plan, *, filename: str) -> Applied:
    """Write what the plan says, in the caller's transaction: units, people, memberships, audit entries."""
    units = dict(plan.units)
    for key, name in plan.new_units.items():
        units[key] = people_actions.create_unit(actor, organisation, name=name)
    users = bulk.provision_people(actor, organisation, [(e.email, e.name) for e in plan.entries])

    def unit_of(entry: planning.Entry) -> Unit | None:
        return units.get(entry.unit_key) if entry.unit_key else None

    bulk.add_members(
        actor, organisation, [(users[e.email], unit_of(e)) for e in plan.joining], source=MembershipSource.ROSTER
    )
    changes: dict[int, bulk.MembershipChange] = {}
    for entry, m in plan.approving:
        changes[m.pk] = bulk.MembershipChange(m, unit=unit_of(entry), source=MembershipSource.ROSTER, activate=True)
    for entry, m in plan.taken_over:
        changes[m.pk] = bulk.MembershipChange(m, unit=unit_of(entry), source=MembershipSource.ROSTER)
    for entry, m in plan.moving:
        changes.setdefault(m.pk, bulk.MembershipChange(m, unit=unit_of(entry)))
    bulk.change_memberships(actor, organisation, list(changes.values()))
    bulk.end_memberships(actor, organisation, plan.leaving)
    record(
        "roster.applied",
        actor=actor,
        organisation=organisation,
        target=organisation,
        summary=f"{organisation.name}: {filename}"[:300],
        after={
            "file": filename[:200],
            "listed": len(plan.entries),
            "new_people": len(plan.new_people),
            "joined": plan.joins,
            "taken_over": len(plan.taken_over),
            "moved": len(plan.moving),
            "left": len(plan.leaving),
            "kept": len(plan.kept),
            "new_units": len(plan.new_units),
        },
    )
    return Applied(plan, len(plan.new_units))


def import_roster_now(
    actor: User | None, organisation: Organisation, *, filename: str, content: bytes, dry_run: bool = False
) -> planning.Plan:
    """Check and (unless ``dry_run``) apply a staff list at once, for the command line."""
    check_may_coordinate(actor, organisation)
    rows = read_rows(filename, content)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        plan = planning.make_plan(organisation, rows)
        if not dry_run:
            apply_plan(actor, organisation, plan, filename=filename)
    return plan


# --- The job ------------------------------------------------------------------------------------


@transaction.atomic
def start_roster_import(
    actor: User, organisation: Organisation, *, filename: str, content: bytes, language: str
) -> RosterImport:
    """Keep the file and queue its check; the worker starts when this commits."""
    check_may_coordinate(actor, organisation)
    if len(content) > MAX_BYTES:
        raise RosterRejected(
            [
                RowError(
                    0,
                    "",
                    _("The file is larger than %(mb)d MB. Split it into smaller files.") % {"mb": MAX_BYTES >> 20},
                )
            ]
        )
    job = RosterImport.objects.create(
        organisation=organisation, created_by=actor, filename=filename[:200], content=content, language=language[:8]
    )
    record(
        "roster.uploaded",
        actor=actor,
        organisation=organisation,
        target=job,
        summary=f"{organisation.name}: {filename}"[:300],
        after={"job": str(job.public_id), "bytes": len(content)},
    )
    transaction.on_commit(lambda: check_roster.enqueue(job.pk))
    return job


def get_roster_import_for_user(user: User, public_id: UUID, organisation: Organisation | None = None) -> RosterImport:
    """The person's own staff list import, for an organisation they still coordinate (administrators:
    any); 404 for anyone else's, and for another organisation's when ``organisation`` is given."""
    found = (
        RosterImport.objects.select_related("organisation")
        .filter(public_id=public_id, created_by=user, organisation__in=coordinated_organisations(user))
        .defer("content")
        .first()
    )
    if found is None or (organisation is not None and found.organisation_id != organisation.pk):
        raise Http404
    return found


class RosterStale(ValidationError):
    """The members changed after the preview: the preview is no longer what would happen."""


def confirm_roster_import(actor: User, job: RosterImport) -> RosterImport:
    """Queue a checked staff list to be applied; refused (RosterStale) when the preview is out of date."""
    confirmed, locked = _confirm(actor, job)
    if not confirmed:  # raised after the commit that marked the job stale
        raise RosterStale(
            _("The members changed after the preview was made, so nothing was applied. Upload the list again.")
        )
    return locked


@transaction.atomic
def _confirm(actor: User, job: RosterImport) -> tuple[bool, RosterImport]:
    check_may_coordinate(actor, job.organisation)
    locked = (
        RosterImport.objects.select_for_update(of=("self",))
        .defer("content")
        .select_related("organisation")
        .get(pk=job.pk)
    )
    if locked.state != RosterState.READY:
        raise ValidationError(_("This staff list is not waiting for a confirmation."))
    if planning.fingerprint(locked.organisation) != locked.fingerprint:
        _finish(locked, RosterState.STALE)
        record("roster.stale", actor=actor, organisation=locked.organisation, target=locked, summary=locked.filename)
        return False, locked
    RosterImport.objects.filter(pk=locked.pk).update(
        state=RosterState.CONFIRMED, confirmed_by=actor, confirmed_at=timezone.now()
    )
    record("roster.confirmed", actor=actor, organisation=locked.organisation, target=locked, summary=locked.filename)
    transaction.on_commit(lambda: apply_roster.enqueue(locked.pk))
    locked.refresh_from_db(fields=["state", "confirmed_by", "confirmed_at"])
    return True, locked


@transaction.atomic
def discard_roster_import(actor: User, job: RosterImport) -> None:
    """Throw a preview away; nothing changes."""
    check_may_coordinate(actor, job.organisation)
    if not RosterImport.objects.filter(pk=job.pk, state=RosterState.READY).update(
        state=RosterState.DISCARDED, finished_at=timezone.now(), content=b""
    ):
        raise ValidationError(_("This staff list is not waiting for a confirmation."))
    record("roster.discarded", actor=actor, organisation=job.organisation, target=job, summary=job.filename)


@transaction.atomic
def declare_roster_headcount(actor: User, job: RosterImport, *, as_of: datetime.date) -> HeadcountDeclaration:
    """Declare the applied list's size as the organisation's headcount (offered, never done by itself).

    A new dated declaration: campaigns that froze a headcount keep theirs."""
    locked = RosterImport.objects.select_for_update().defer("content").get(pk=job.pk)
    if locked.state != RosterState.DONE or locked.headcount_id is not None:
        raise ValidationError(_("The headcount from this staff list has been declared already, or it was not applied."))
    declaration = people_actions.declare_headcount(
        actor,
        locked.organisation,
        headcount=locked.listed,
        as_of=as_of,
        source_note=(_("Staff list %(file)s") % {"file": locked.filename})[:300],
    )
    RosterImport.objects.filter(pk=locked.pk).update(headcount=declaration)
    return declaration


# --- The worker ---------------------------------------------------------------------------------


@task()
def check_roster(job_id: int) -> None:
    claimed = RosterImport.objects.filter(pk=job_id, state=RosterState.QUEUED).update(
        state=RosterState.CHECKING, started_at=timezone.now()
    )
    if not claimed:
        return  # already run (a task delivered twice), or gone
    job = RosterImport.objects.select_related("organisation").get(pk=job_id)
    with translation.override(job.language):
        try:
            rows = read_rows(job.filename, bytes(job.content))
            RosterImport.objects.filter(pk=job.pk).update(total_rows=len(rows))
            plan = planning.make_plan(job.organisation, rows, lambda n: _progress(job, n))
            with transaction.atomic():
                _store_preview(job, plan)
                RosterImport.objects.filter(pk=job.pk).update(
                    state=RosterState.READY, checked_at=timezone.now(), fingerprint=plan.fingerprint
                )
        except RosterRejected as rejected:
            _reject(job, rejected)
        except Exception:
            logger.exception("staff list check %s failed", job.public_id)
            _finish(job, RosterState.FAILED)
            raise


@task()
def apply_roster(job_id: int) -> None:
    claimed = RosterImport.objects.filter(pk=job_id, state=RosterState.CONFIRMED).update(state=RosterState.APPLYING)
    if not claimed:
        return
    job = RosterImport.objects.select_related("organisation", "confirmed_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            rows = read_rows(job.filename, bytes(job.content))
            with transaction.atomic():
                Organisation.objects.select_for_update().filter(pk=job.organisation_id).first()
                plan = planning.make_plan(job.organisation, rows)
                if plan.fingerprint != job.fingerprint:
                    _finish(job, RosterState.STALE)
                    return
                apply_plan(job.confirmed_by, job.organisation, plan, filename=job.filename)
                RosterImport.objects.filter(pk=job.pk).update(**_counts(plan))
                _finish(job, RosterState.DONE)
        except RosterRejected as rejected:  # units renamed since the preview, for example
            _reject(job, rejected)
        except Exception:
            logger.exception("staff list %s failed to apply", job.public_id)
            _finish(job, RosterState.FAILED)
            raise


def _progress(job: RosterImport, rows: int) -> None:
    RosterImport.objects.filter(pk=job.pk).update(checked_rows=rows)


def _counts(plan: planning.Plan) -> dict[str, int]:
    return {
        "listed": len(plan.entries),
        "new_people": len(plan.new_people),
        "joining": plan.joins,
        "taken_over": len(plan.taken_over),
        "moving": len(plan.moving),
        "leaving": len(plan.leaving),
        "kept": len(plan.kept),
        "new_units": len(plan.new_units),
        "unchanged": plan.unchanged,
    }


def _store_preview(job: RosterImport, plan: planning.Plan) -> None:
    def unit_name(entry: planning.Entry, fallback: str = "") -> str:
        if not entry.unit_key:
            return fallback
        unit = plan.units.get(entry.unit_key)
        return unit.name if unit is not None else plan.new_units[entry.unit_key]

    lines: list[RosterLine] = []
    first = slice(0, PREVIEW_ROWS)
    for e in plan.new_people[first]:
        lines.append(
            RosterLine(
                job=job, kind=RosterLineKind.NEW_PERSON, row=e.row, email=e.email, name=e.name, unit=unit_name(e)
            )
        )
    joining = [(e, "") for e in plan.joining] + [(e, _("Was waiting for approval")) for e, _m in plan.approving]
    for e, detail in sorted(joining, key=lambda item: item[0].row)[first]:
        lines.append(
            RosterLine(
                job=job,
                kind=RosterLineKind.JOINING,
                row=e.row,
                email=e.email,
                name=e.name,
                unit=unit_name(e),
                detail=detail,
            )
        )
    for e, m in plan.taken_over[first]:
        lines.append(
            RosterLine(
                job=job,
                kind=RosterLineKind.TAKEN_OVER,
                row=e.row,
                email=e.email,
                name=m.user.name or e.name,
                unit=unit_name(e, m.unit.name if m.unit else ""),
                detail=m.get_source_display(),
            )
        )
    for e, m in plan.moving[first]:
        lines.append(
            RosterLine(
                job=job,
                kind=RosterLineKind.MOVING,
                row=e.row,
                email=e.email,
                name=m.user.name or e.name,
                unit=unit_name(e),
                detail=m.unit.name if m.unit else "",
            )
        )
    for m in sorted(plan.leaving, key=lambda m: m.user.email)[first]:
        lines.append(
            RosterLine(
                job=job,
                kind=RosterLineKind.LEAVING,
                email=m.user.email,
                name=m.user.name,
                unit=m.unit.name if m.unit else "",
            )
        )
    for m, reason in sorted(plan.kept, key=lambda item: item[0].user.email)[first]:
        lines.append(
            RosterLine(
                job=job,
                kind=RosterLineKind.KEPT,
                email=m.user.email,
                name=m.user.name,
                unit=m.unit.name if m.unit else "",
                detail=reason,
            )
        )
    for name in sorted(plan.new_units.values(), key=str.lower)[first]:
        lines.append(RosterLine(job=job, kind=RosterLineKind.NEW_UNIT, unit=name))
    RosterLine.objects.bulk_create(lines, batch_size=1000)
    RosterImport.objects.filter(pk=job.pk).update(checked_rows=len(plan.entries), **_counts(plan))


def _reject(job: RosterImport, rejected: RosterRejected) -> None:
    with transaction.atomic():
        RosterLine.objects.filter(job=job).delete()  # a preview stored before, when the apply found problems
        RosterLine.objects.bulk_create(
            [
                RosterLine(job=job, kind=RosterLineKind.PROBLEM, row=e.row, column=e.column, detail=e.message[:500])
                for e in rejected.errors
            ],
            batch_size=2000,
        )
        _finish(job, RosterState.REJECTED)


def _finish(job: RosterImport, state: RosterState) -> None:
    RosterImport.objects.filter(pk=job.pk).update(
        state=state,
        finished_at=timezone.now(),
        content=b"",  # the file (names and email addresses) is not kept once the job has ended
    )
