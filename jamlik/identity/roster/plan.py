"""What a staff list would change: every row checked, then compared with the current members.

``make_plan`` reads nothing but the organisation's own units and memberships (and, for the email
addresses on the list, who has an account and which organisation owns each domain). The plan is
all-or-nothing: ``RosterRejected`` lists every problem by row when a single row has one.

What the list manages (docs/sso.md, "Staff list"):

- Someone on the list without an open membership **joins** (a new person is created
  pre-provisioned, without a password); a membership waiting for approval is approved.
- Someone on the list who became a member by hand, by email domain or by invitation is **taken
  over**: the membership is managed by the staff list from now on (its source becomes ``roster``).
- A member managed by the list whose unit differs from the list's **changes unit** (an empty unit
  cell leaves the unit as it is). Units are matched by name without regard to case, within the
  organisation only; a name the organisation has no unit for creates one.
- A learner whose membership the list manages and who is not on the list **leaves**: the
  membership ends today (it is never deleted).
- Everyone else is **kept** and shown so: coordinators (never ended by a list), members managed by
  SCIM or by sign-in through the organisation (their identity system decides), and members by
  hand, domain or invitation who are not on the list (the list has never managed them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from jamlik.identity.roster.reading import RosterRejected, Row, RowError
from jamlik.people.bulk import chunks
from jamlik.people.models import (
    EmailDomain,
    Membership,
    MembershipRole,
    MembershipSource,
    MembershipStatus,
    Organisation,
    Unit,
    User,
)

# Sources whose memberships the list takes over when the person is on it.
TAKEN_OVER = (MembershipSource.MANUAL, MembershipSource.DOMAIN, MembershipSource.INVITATION)
# Sources another system manages: the list never changes them.
MANAGED_ELSEWHERE = (MembershipSource.SCIM, MembershipSource.SSO)
MAX_NAME = 150
CHUNK = 2000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Entry:
    """A checked row: the person and the unit the list gives (``unit_key`` in lower case, "" for none)."""

    row: int
    email: str
    name: str
    unit_name: str
    unit_key: str


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    new_people: list[Entry] = field(default_factory=list)
    joining: list[Entry] = field(default_factory=list)  # no open membership (new people included)
    approving: list[tuple[Entry, Membership]] = field(default_factory=list)  # waiting for approval: joins now
    taken_over: list[tuple[Entry, Membership]] = field(default_factory=list)
    moving: list[tuple[Entry, Membership]] = field(default_factory=list)
    leaving: list[Membership] = field(default_factory=list)
    kept: list[tuple[Membership, str]] = field(default_factory=list)  # with the reason
    units: dict[str, Unit] = field(default_factory=dict)  # existing units by lower-case name
    new_units: dict[str, str] = field(default_factory=dict)  # lower-case name -> name as first written
    unchanged: int = 0
    fingerprint: str = ""

    @property
    def joins(self) -> int:
        return len(self.joining) + len(self.approving)


def fingerprint(organisation: Organisation) -> str:
    """A hash of the organisation's open memberships (who, unit, role, status, source): it changes
    whenever someone joins, leaves, moves or is approved."""
    digest = hashlib.sha256()
    rows = (
        Membership.objects.open()
        .filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", "user_id", "unit_id", "role", "status", "source")
    )
    for row in rows.iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _check_rows(organisation: Organisation, rows: list[Row], progress: Progress | None) -> list[Entry]:
    domains = {row.email.rsplit("@", 1)[-1] for row in rows if "@" in row.email}
    owners: dict[str, str] = {}
    for batch in chunks(domains):
        owners.update(
            (d.domain, d.organisation.name)
            for d in EmailDomain.objects.filter(domain__in=batch)
            .exclude(organisation=organisation)
            .select_related("organisation")
        )
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    entries: list[Entry] = []
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % CHUNK == 0:
            progress(done)
        problems = len(errors)
        if not row.email:
            errors.append(RowError(row.number, "email", _("The row has no email address.")))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                errors.append(
                    RowError(
                        row.number, "email", _("“%(value)s” is not an email address.") % {"value": row.email[:100]}
                    )
                )
            else:
                if row.email in first_row:
                    errors.append(
                        RowError(
                            row.number, "email", _("The same person as on row %(n)d.") % {"n": first_row[row.email]}
                        )
                    )
                else:
                    first_row[row.email] = row.number
                owner = owners.get(row.email.rsplit("@", 1)[-1])
                if owner is not None:
                    errors.append(
                        RowError(
                            row.number,
                            "email",
                            _("The address is at an email domain that belongs to %(org)s: this person is theirs.")
                            % {"org": owner},
                        )
                    )
        if len(row.name) > MAX_NAME:
            errors.append(
                RowError(row.number, "name", _("The name is longer than %(n)d characters.") % {"n": MAX_NAME})
            )
        if len(row.unit) > MAX_NAME:
            errors.append(
                RowError(row.number, "unit", _("The unit's name is longer than %(n)d characters.") % {"n": MAX_NAME})
            )
        if len(errors) == problems:
            entries.append(Entry(row.number, row.email, row.name, row.unit, row.unit.lower()))
    if progress is not None:
        progress(len(rows))
    if errors:
        raise RosterRejected(errors)
    return entries


def _units(organisation: Organisation, entries: list[Entry], plan: Plan) -> None:
    """Match each unit name to one of the organisation's units; unknown names become new units."""
    by_name: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(organisation=organisation):
        by_name.setdefault(unit.name.strip().lower(), []).append(unit)
    errors = []
    for entry in entries:
        if not entry.unit_key:
            continue
        found = by_name.get(entry.unit_key, [])
        if len(found) > 1:
            errors.append(
                RowError(
                    entry.row,
                    "unit",
                    _("%(org)s has several units called “%(value)s”; rename one of them first.")
                    % {"org": organisation.name, "value": entry.unit_name[:100]},
                )
            )
        elif found:
            plan.units[entry.unit_key] = found[0]
        else:
            plan.new_units.setdefault(entry.unit_key, entry.unit_name)
    if errors:
        raise RosterRejected(errors)


def make_plan(organisation: Organisation, rows: list[Row], progress: Progress | None = None) -> Plan:
    """Check every row and compare the list with the current members. RosterRejected if any row has a problem."""
    plan = Plan(fingerprint=fingerprint(organisation))
    plan.entries = _check_rows(organisation, rows, progress)
    _units(organisation, plan.entries, plan)
    users: dict[str, int] = {}
    for batch in chunks(e.email for e in plan.entries):
        users.update(User.objects.filter(email__in=batch).values_list("email", "pk"))
    members: dict[int, Membership] = {
        m.user_id: m for m in Membership.objects.open().filter(organisation=organisation).select_related("user", "unit")
    }
    listed: set[int] = set()
    for entry in plan.entries:
        user_id = users.get(entry.email)
        membership = members.get(user_id) if user_id is not None else None
        if user_id is None:
            plan.new_people.append(entry)
        else:
            listed.add(user_id)
        if membership is None:
            plan.joining.append(entry)
            continue
        if membership.source in MANAGED_ELSEWHERE:
            if _moves(plan, entry, membership):
                plan.kept.append(
                    (
                        membership,
                        _("On the list, but its unit is managed by %(source)s.")
                        % {"source": membership.get_source_display()},
                    )
                )
            else:
                plan.unchanged += 1
            continue
        if membership.status == MembershipStatus.PENDING:
            plan.approving.append((entry, membership))
            continue
        changed = False
        if membership.source in TAKEN_OVER:
            plan.taken_over.append((entry, membership))
            changed = True
        if _moves(plan, entry, membership):
            plan.moving.append((entry, membership))
            changed = True
        if not changed:
            plan.unchanged += 1
    for user_id, membership in members.items():
        if user_id in listed:
            continue
        if membership.role == MembershipRole.COORDINATOR:
            plan.kept.append((membership, _("A coordinator: a staff list never ends a coordinator's membership.")))
        elif membership.source == MembershipSource.ROSTER:
            plan.leaving.append(membership)
        else:
            plan.kept.append(
                (
                    membership,
                    _("Not managed by the staff list (%(source)s).") % {"source": membership.get_source_display()},
                )
            )
    return plan


def _moves(plan: Plan, entry: Entry, membership: Membership) -> bool:
    """Whether the list gives this member another unit than the one they have."""
    if not entry.unit_key:
        return False
    unit = plan.units.get(entry.unit_key)
    return unit is None or unit.pk != membership.unit_id
