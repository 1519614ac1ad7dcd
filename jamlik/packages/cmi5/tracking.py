"""Where a cmi5 registration stands, and the LMS's part in it: statements checked and followed.

``before_store`` is the LRS's hook for statements sent with a session credential (registered in
``jamlik.packages.apps``): every statement is checked by ``rules.check`` against the session (all
or nothing, 403 for a broken rule) and, once the LRS has stored them, ``after`` notes what they
say (initialized, completed, passed, failed, terminated) and evaluates moveOn: an AU is satisfied
by its rule (Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable) or by a
waiver, a block when all it holds is, the course when all of it is. The LMS then writes the
satisfied statements (blocks first, then the course) right after the statement that satisfied
them, and the satisfied course completes the enrolment through
``courses.actions.complete_from_package``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone

from jamlik.audit.models import record
from jamlik.courses.actions import complete_from_package
from jamlik.lrs.models import LrsClient
from jamlik.lrs.store import store_statements
from jamlik.packages.cmi5 import rules
from jamlik.packages.cmi5 import statements as lms
from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.cmi5.models import Progress, Registration, Session
from jamlik.packages.models import ItemKind, PackageItem


def au_satisfied(move_on: str, progress: Progress | None) -> bool:
    """Whether an AU's moveOn criterion is met (cmi5 section 7.1.4)."""
    if move_on == "NotApplicable":
        return True
    if progress is None:
        return False
    if progress.waived_at is not None:
        return True
    completed, passed = progress.completed_at is not None, progress.passed_at is not None
    return {
        "Completed": completed,
        "Passed": passed,
        "CompletedAndPassed": completed and passed,
        "CompletedOrPassed": completed or passed,
    }.get(move_on, False)


def evaluate(registration: Registration, *, session_id: uuid.UUID, at: datetime) -> list[dict[str, Any]]:
    """Mark what is newly satisfied and return the satisfied statements to write, in order.

    Inside the caller's transaction, with the registration locked.
    """
    package = registration.package
    items = list(package.items.order_by("position"))
    progress = {row.item_id: row for row in registration.progress.all()}
    children: dict[int | None, list[PackageItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    actor = lms.actor_of(registration.user.public_id)
    written: list[dict[str, Any]] = []

    def visit(item: PackageItem) -> bool:
        row = progress.get(item.pk)
        if item.kind != ItemKind.CLUSTER:
            done = au_satisfied(str(item.extra.get("moveOn", "NotApplicable")), row)
        else:
            visited = [visit(child) for child in children.get(item.pk, [])]  # every child, for its side effects
            done = all(visited)
        if done and (row is None or row.satisfied_at is None):
            row = row or Progress(registration=registration, item=item)
            row.satisfied_at = at
            row.save()
            progress[item.pk] = row
            if item.kind == ItemKind.CLUSTER:
                written.append(
                    lms.satisfied(item, actor=actor, registration=registration.public_id, session_id=session_id, at=at)
                )
        return done or (row is not None and row.satisfied_at is not None)

    visited = [visit(item) for item in children.get(None, [])]
    course_done = all(visited)
    if course_done and registration.satisfied_at is None:
        registration.satisfied_at = at
        registration.save(update_fields=["satisfied_at"])
        written.append(
            lms.satisfied(package, actor=actor, registration=registration.public_id, session_id=session_id, at=at)
        )
    return written


def settle(registration: Registration, *, session_id: uuid.UUID, at: datetime) -> None:
    """Evaluate, write the satisfied statements and complete the enrolment when the course is."""
    written = evaluate(registration, session_id=session_id, at=at)
    if written:
        store_statements(None, written, organisation=registration.organisation)
    if registration.satisfied_at is not None:
        complete_from_package(registration.enrolment_id)


def facts_of(session: Session) -> rules.Facts:
    registration = session.registration
    row = Progress.objects.filter(registration=registration, item=session.item).first()
    return rules.Facts(
        account=(lms.site(), str(registration.user.public_id)),
        registration=str(registration.public_id),
        activity_id=lms.item_activity_id(session.item),
        session_id=str(session.public_id),
        launch_mode=session.launch_mode,
        mastery_score=lms.mastery_of(session.item),
        preferences_read=session.preferences_read_at is not None,
        initialized=session.initialized_at is not None,
        terminated=not session.is_open,
        completed=row is not None and row.completed_at is not None,
        passed=row is not None and row.passed_at is not None,
        judged=session.judged_at is not None,
    )


def before_store(client: LrsClient | None, statements: list[dict[str, Any]]) -> Callable[[], None] | None:
    """The LRS's hook: check statements sent with a cmi5 session credential; ``None`` for other clients.

    Raises ``rules.Refused`` (answered 403). The returned function runs after the statements are
    stored, in the same transaction.
    """
    if client is None or not client.is_session:
        return None
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("registration__user", "registration__package", "item")
        .filter(credential=client)
        .first()
    )
    if session is None:
        raise rules.Refused("This credential belongs to no cmi5 session.")
    facts = facts_of(session)
    verbs = []
    for statement in statements:
        verb = rules.check(statement, facts)
        facts = facts.after(verb)
        verbs.append(verb)

    def after() -> None:
        _follow(session, verbs)

    return after


def _follow(session: Session, verbs: list[str]) -> None:
    now = timezone.now()
    changed = [verb for verb in verbs if verb in v.AU_VERBS]
    if not changed:
        return
    registration = Registration.objects.select_for_update().get(pk=session.registration_id)
    session.registration = registration
    row, _created = Progress.objects.get_or_create(registration=registration, item=session.item)
    fields = {v.COMPLETED: "completed_at", v.PASSED: "passed_at", v.FAILED: "failed_at"}
    for verb in changed:
        if verb == v.INITIALIZED:
            session.initialized_at = now
        elif verb == v.TERMINATED:
            session.terminated_at = now
        else:
            if verb in (v.PASSED, v.FAILED):
                session.judged_at = now
            if getattr(row, fields[verb]) is None:
                setattr(row, fields[verb], now)
    row.save()
    session.save(update_fields=["initialized_at", "terminated_at", "judged_at"])
    if session.terminated_at is not None and session.credential_id is not None:
        # The session is over: its credential stops working at once (8.1.2.0-2).
        LrsClient.objects.filter(pk=session.credential_id).update(revoked_at=now)
    record(
        "cmi5.statements",
        actor=registration.user,
        organisation=registration.organisation,
        target=session,
        summary=", ".join(v.VERB_NAMES.get(verb, verb) for verb in changed)[:300],
        after={"session": str(session.public_id), "verbs": [v.VERB_NAMES.get(verb, verb) for verb in changed]},
    )
    if any(verb in v.MOVE_ON_VERBS for verb in changed):
        settle(registration, session_id=session.public_id, at=now)
