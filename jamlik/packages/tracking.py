"""The SCORM runtime on the server: opening an attempt for the player and applying commits.

``open_attempt`` starts or resumes the learner's attempt at an item; ``runtime_state`` is what
the player page embeds for the runtime to start from; ``commit`` applies what the runtime sends
every few seconds and when the package ends its session. The ordering rule (docs/scorm.md,
"Track"): commits carry ``seq``, increasing per attempt; under the attempt's row lock the one
with the next higher number is applied, the same commit again is answered from what is stored,
and an older one is refused as stale, so a retried or late request never undoes a newer one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jamlik.audit.models import record
from jamlik.courses.actions import complete_from_package
from jamlik.courses.models import Enrolment
from jamlik.packages import rules
from jamlik.packages.attempts import Attempt, Entry
from jamlik.packages.datamodel import DataModelError, Version, check_commit
from jamlik.packages.datamodel.errors import Kind, error
from jamlik.packages.datamodel.timing import parse_duration, parse_timespan
from jamlik.packages.models import ItemKind, Package, PackageItem, Standard
from jamlik.packages.runtime_data import COLUMNS, initial_cmi
from jamlik.people.models import User

# Stored numbers are real(10,7) in the standard; a raw score past this is refused (407) rather
# than overflowing its column.
_SCORE_LIMIT = Decimal(10) ** 12
# How many other run-time values (interactions, objectives, comments) an attempt keeps.
DATA_MAX_ELEMENTS = 5000


class StaleCommit(Exception):
    """An older commit than the attempt's last, or another one with the last one's number."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__(f"seq {attempt.seq} already applied")
        self.attempt = attempt


@dataclass(frozen=True)
class CommitResult:
    attempt: Attempt
    replayed: bool  # the same commit again: nothing changed

    @property
    def completed(self) -> bool:
        return self.attempt.done_at is not None


def version_of(package: Package) -> Version:
    return Version.SCORM_2004 if Standard(package.standard).is_scorm_2004 else Version.SCORM_12


def _locked_enrolment(user: User, item: PackageItem) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).filter(user=user, version_id=item.package.version_id).first()
    )
    if enrolment is None:
        raise PermissionDenied("Not enrolled on this package's course version.")
    return enrolment


@transaction.atomic
def open_attempt(user: User, item: PackageItem) -> Attempt:
    """The attempt the player launches ``item`` with, for ``user``'s enrolment on its version.

    The latest attempt resumes (its last session's time joins the total; ``entry`` is
    ``resume`` after a suspend) unless it is finished: ended by the package without a suspend,
    at a final status; then a new attempt starts from nothing. An asset (an item without the
    runtime) is done as soon as it is opened. Raises ``PermissionDenied`` without an enrolment
    on the item's course version or for an item that launches nothing.
    """
    if not item.is_launchable:
        raise PermissionDenied("This item launches nothing.")
    enrolment = _locked_enrolment(user, item)  # serialises two tabs opening at once
    scorm_2004 = version_of(item.package) is Version.SCORM_2004
    latest = Attempt.objects.filter(enrolment=enrolment, item=item).order_by("-number").first()
    now = timezone.now()
    if latest is None or rules.is_finished(latest, scorm_2004=scorm_2004):
        attempt = Attempt.objects.create(
            enrolment=enrolment,
            item=item,
            number=latest.number + 1 if latest else 1,
            started_at=now,
            updated_at=now,
            sessions=1,
            entry=Entry.AB_INITIO,
        )
        event = "package.attempt_started"
    else:
        attempt = latest
        attempt.total_time = min(attempt.total_time + attempt.session_time, 2**63 - 1)
        attempt.session_time = 0
        attempt.entry = Entry.RESUME if attempt.exit == "suspend" else Entry.OTHER
        attempt.exit = ""
        attempt.terminated = False
        attempt.sessions += 1
        attempt.updated_at = now
        attempt.save(
            update_fields=["total_time", "session_time", "entry", "exit", "terminated", "sessions", "updated_at"]
        )
        event = "package.attempt_resumed"
    if item.kind == ItemKind.ASSET and attempt.done_at is None:
        attempt.done_at = now
        attempt.completion_status = "completed"
        attempt.save(update_fields=["done_at", "completion_status"])
    # Also a repair: a completion lost after its commit (the process stopped before the
    # callback ran) is made on the learner's next launch.
    _complete_enrolment_if_due(enrolment, item.package)
    record(
        event,
        actor=user,
        target=attempt,
        summary=f"{user.email}: {item.title}"[:300],
        after={"item": str(item.public_id), "number": attempt.number, "entry": attempt.entry},
    )
    return attempt


def runtime_state(attempt: Attempt) -> dict[str, Any]:
    """What the player page embeds (``json_script``) for the runtime to start from: the
    attempt's id, the last ``seq``, the data model's version and its values (``cmi``)."""
    item = attempt.item
    version = version_of(item.package)
    return {
        "attempt": str(attempt.public_id),
        "seq": attempt.seq,
        "version": str(version),
        "completed": attempt.done_at is not None,
        "cmi": initial_cmi(attempt, item, version),
    }


def _digest(terminated: bool, cmi: dict[str, Any]) -> str:
    body = json.dumps([terminated, cmi], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def _number(version: Version, element: str, value: str) -> Decimal | None:
    if value == "":
        return None
    number = Decimal(value)
    if abs(number) >= _SCORE_LIMIT:
        raise error(version, Kind.OUT_OF_RANGE, element, "too large to keep")
    return number.quantize(Decimal("0.0000001"))


def _apply(attempt: Attempt, item: PackageItem, version: Version, values: dict[str, str]) -> None:
    """Put a checked commit's values on the attempt and settle its statuses."""
    names = COLUMNS[version]
    data = dict(attempt.data)
    for element, value in values.items():
        column = names.get(element)
        if column is None:
            data[element] = value
        elif column.startswith("score_") or column == "progress_measure":
            setattr(attempt, column, _number(version, element, value))
        elif column == "session_time":
            parse = parse_duration if version is Version.SCORM_2004 else parse_timespan
            attempt.session_time = parse(value) or 0
        elif column in {"location", "suspend_data", "exit"}:
            setattr(attempt, column, value)
    if len(data) > DATA_MAX_ELEMENTS:
        raise error(version, Kind.GENERAL, "cmi", f"more than {DATA_MAX_ELEMENTS} values to keep")
    attempt.data = data
    if version is Version.SCORM_2004:
        rules.settle_2004(attempt, item, values.get("cmi.completion_status"), values.get("cmi.success_status"))
    else:
        rules.settle_12(attempt, item, values.get("cmi.core.lesson_status"))


def commit(user: User, attempt_id: Any, *, seq: int, terminated: bool, cmi: dict[str, Any]) -> CommitResult:
    """Apply one commit of the runtime to ``user``'s attempt ``attempt_id``.

    Raises ``Attempt.DoesNotExist`` for an attempt that is not the user's, ``StaleCommit`` for an
    older ``seq`` (or the last one with other values) and ``DataModelError`` for a value the
    data model refuses (nothing is stored then). A commit whose values make the item done marks
    the attempt done, and when every required item of the package is done the enrolment
    completes by ``courses.actions.complete_from_package`` after this transaction commits.
    """
    digest = _digest(terminated, cmi)
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("item__package", "enrolment")
            .get(public_id=attempt_id, enrolment__user=user)
        )
        if seq == attempt.seq and digest == attempt.commit_digest:
            return CommitResult(attempt, replayed=True)
        if seq <= attempt.seq:
            raise StaleCommit(attempt)
        item = attempt.item
        version = version_of(item.package)
        values = check_commit(version, cmi, attempt.data)
        was_done = attempt.done_at is not None
        before = attempt.status
        _apply(attempt, item, version, values)
        now = timezone.now()
        if terminated:
            attempt.total_time = min(attempt.total_time + attempt.session_time, 2**63 - 1)
            attempt.session_time = 0
        attempt.terminated = terminated
        attempt.seq, attempt.commit_digest, attempt.updated_at = seq, digest, now
        if not was_done and rules.is_done(attempt, item, scorm_2004=version is Version.SCORM_2004):
            attempt.done_at = now
        attempt.save()
        # A commit is the runtime's bookkeeping (like a reading position, courses.note_position):
        # the audit log gets the changes of status, not every save of suspend data or time.
        if attempt.status != before or (attempt.done_at is not None) != was_done:
            record(
                "package.attempt_status",
                actor=user,
                target=attempt,
                summary=f"{user.email}: {item.title}"[:300],
                before={"status": before},
                after={"status": attempt.status, "done": attempt.done_at is not None, "seq": seq},
            )
        if attempt.done_at is not None and not was_done:
            _complete_enrolment_if_due(attempt.enrolment, item.package)
    return CommitResult(attempt, replayed=False)


def _complete_enrolment_if_due(enrolment: Enrolment, package: Package) -> None:
    """An item became done: once this transaction has committed, the enrolment completes if every
    required item is done.

    The check runs after the commit, on committed rows: two last items finished at the same
    moment in two transactions would each miss the other's (neither committed yet) if it ran
    inside. After the commit each checks again and at least the later one sees both;
    ``complete_from_package`` locks the enrolment and completes it once. (Inside, it would also
    have to wait for the enrolment that ``open_attempt`` holds while it updates an attempt.)
    """
    if enrolment.completed_at is not None:
        return
    enrolment_id, package_id = enrolment.pk, package.pk
    transaction.on_commit(lambda: _complete_if_all_done(enrolment_id, package_id))


def _complete_if_all_done(enrolment_id: int, package_id: int) -> None:
    """Required are the package's SCOs; a package of assets only requires every asset opened."""
    package = Package.objects.get(pk=package_id)
    launchable = list(package.launchable_items().values_list("pk", "kind"))
    scos = {pk for pk, kind in launchable if kind == ItemKind.SCO}
    required = scos or {pk for pk, _kind in launchable}
    done = set(
        Attempt.objects.filter(enrolment_id=enrolment_id, item_id__in=required, done_at__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    if required and required <= done:
        complete_from_package(enrolment_id)


__all__ = ["CommitResult", "DataModelError", "StaleCommit", "commit", "open_attempt", "runtime_state"]
