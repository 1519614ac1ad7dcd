"""People and memberships changed many at a time: the bulk counterparts of ``actions``.

A staff list of 20,000 people (``jamlik.identity.roster``) or a large provisioning run cannot
call ``provision_person``, ``add_member`` and ``end_membership`` once a person: that is a dozen
queries each. These functions write the same rows and the same audit entries as those actions
(``person.provisioned``, ``membership.added``, ``membership.changed``, ``membership.ended``), a
few statements per thousand people. Each runs in the caller's transaction (or its own); the
caller has checked the input under a lock (for example that nobody in ``add_members`` already
has an open membership: the ``one_open_membership`` constraint refuses the whole batch if so).
Like the actions, each first checks its actor (``check_may_coordinate``; None is the platform).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.db import transaction
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.access import check_may_coordinate
from jamlik.people.actions import _snapshot_membership
from jamlik.people.models import (
    Membership,
    MembershipRole,
    MembershipSource,
    MembershipStatus,
    Organisation,
    Unit,
    User,
)

T = TypeVar("T")
CHUNK = 2000  # ids or addresses per IN (...): well under SQLite's and PostgreSQL's parameter limits
BATCH = 1000


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _entry(
    action: str,
    actor: User | None,
    organisation: Organisation,
    target: User | Membership,
    summary: str,
    *,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> AuditEntry:
    return AuditEntry(
        actor=_actor(actor),
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:300],
        before=before,
        after=after,
    )


def _snapshot(m: Membership) -> dict[str, object]:
    return {**_snapshot_membership(m), "source": m.source}


@transaction.atomic
def provision_people(
    actor: User | None, organisation: Organisation, people: Sequence[tuple[str, str]]
) -> dict[str, User]:
    """Each (email, name)'s person, created pre-provisioned (no password) when new; a name is
    filled in only where the person has none. As ``actions.provision_person``, for many."""
    check_may_coordinate(actor, organisation)
    wanted = {email.strip().lower(): name.strip() for email, name in people}
    found: dict[str, User] = {}
    for batch in chunks(wanted):
        found.update((u.email, u) for u in User.objects.filter(email__in=batch))
    named = [u for email, u in found.items() if wanted[email] and not u.name]
    for user in named:
        user.name = wanted[user.email]
    User.objects.bulk_update(named, ["name"], batch_size=BATCH)
    new = []
    for email, name in wanted.items():
        if email not in found:
            # What set_unusable_password() stores, from one call to the random source instead of
            # 40 (it draws each character apart: seconds for 20,000 people).
            password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(32)[:UNUSABLE_PASSWORD_SUFFIX_LENGTH]
            new.append(User(email=email, name=name, password=password))
    User.objects.bulk_create(new, batch_size=BATCH)
    if any(u.pk is None for u in new):  # a database that cannot return ids from a bulk insert
        ids: dict[str, int] = {}
        for batch in chunks(u.email for u in new):
            ids.update(User.objects.filter(email__in=batch).values_list("email", "pk"))
        for user in new:
            user.pk = ids[user.email]
    # As provision_person: an unverified address row, which allauth's sign-in by code verifies.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=False) for u in new], batch_size=BATCH
    )
    AuditEntry.objects.bulk_create(
        [
            _entry("person.provisioned", actor, organisation, u, u.email, after={"email": u.email, "name": u.name})
            for u in new
        ],
        batch_size=BATCH,
    )
    found.update((u.email, u) for u in new)
    return found


@transaction.atomic
def add_members(
    actor: User | None,
    organisation: Organisation,
    people: Sequence[tuple[User, Unit | None]],
    *,
    source: str,
    role: str = MembershipRole.LEARNER,
) -> list[Membership]:
    """New active memberships from today, one per (person, unit). As ``actions.add_member``, for
    people without an open membership in ``organisation``."""
    check_may_coordinate(actor, organisation)
    if source not in MembershipSource.values:
        raise ValueError(f"unknown membership source {source!r}")
    today = timezone.localdate()
    memberships = [
        Membership(
            user=user,
            organisation=organisation,
            unit=unit,
            role=role,
            status=MembershipStatus.ACTIVE,
            valid_from=today,
            source=source,
        )
        for user, unit in people
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    if any(m.pk is None for m in memberships):
        ids: dict[int, int] = {}
        for batch in chunks(m.user_id for m in memberships):
            ids.update(
                Membership.objects.open()
                .filter(organisation=organisation, user_id__in=batch)
                .values_list("user_id", "pk")
            )
        for m in memberships:
            m.pk = ids[m.user_id]
    AuditEntry.objects.bulk_create(
        [_entry("membership.added", actor, organisation, m, m.user.email, after=_snapshot(m)) for m in memberships],
        batch_size=BATCH,
    )
    return memberships


@dataclass(frozen=True)
class MembershipChange:
    """What changes in one open membership: its unit (None: kept as it is), its source, and whether
    a membership waiting for approval is approved (active from today)."""

    membership: Membership
    unit: Unit | None = None
    source: str | None = None
    activate: bool = False


@transaction.atomic
def change_memberships(actor: User | None, organisation: Organisation, changes: Sequence[MembershipChange]) -> None:
    """Units, sources and approvals changed in bulk, one ``membership.changed`` entry each (with
    before and after, as ``actions.change_member`` writes it)."""
    check_may_coordinate(actor, organisation)
    today = timezone.localdate()
    entries = []
    changed = []
    for change in changes:
        m = change.membership
        if m.organisation_id != organisation.pk or m.valid_to is not None:
            raise ValueError("only open memberships of the organisation can be changed")
        before = _snapshot(m)
        if change.unit is not None:
            if change.unit.organisation_id != organisation.pk:
                raise ValueError("a unit of another organisation")
            m.unit = change.unit
        if change.source is not None:
            m.source = change.source
        if change.activate and m.status == MembershipStatus.PENDING:
            m.status = MembershipStatus.ACTIVE
            m.valid_from = today
        changed.append(m)
        entries.append(
            _entry("membership.changed", actor, organisation, m, m.user.email, before=before, after=_snapshot(m))
        )
    Membership.objects.bulk_update(changed, ["unit", "source", "status", "valid_from"], batch_size=BATCH)
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)


@transaction.atomic
def end_memberships(actor: User | None, organisation: Organisation, memberships: Sequence[Membership]) -> None:
    """Memberships ended today (never deleted), as ``actions.end_membership`` ends one; ``actor`` is
    None when provisioning ends them."""
    check_may_coordinate(actor, organisation)
    today = timezone.localdate()
    entries = []
    for m in memberships:
        if m.organisation_id != organisation.pk or m.valid_to is not None:
            raise ValueError("only open memberships of the organisation can be ended")
        before = _snapshot(m)
        pending_or_future = m.status == MembershipStatus.PENDING or m.valid_from > today
        m.valid_to = m.valid_from if pending_or_future else today
        entries.append(
            _entry("membership.ended", actor, organisation, m, m.user.email, before=before, after=_snapshot(m))
        )
    Membership.objects.bulk_update(list(memberships), ["valid_to"], batch_size=BATCH)
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
