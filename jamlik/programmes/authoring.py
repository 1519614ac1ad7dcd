"""The organiser's authoring: create and edit a programme, its modules and sessions, and its status.

Who may author (``jamlik.programmes.access``): programme managers and administrators author every
programme; a coordinator starts programmes that one of their organisations organises, and edits
the programmes an organisation they coordinate organises (``organiser.may_organise``). Hosts of a
session who do not organise the programme manage its registrations, not its content.

Every function is one transaction with one audit entry. Changes to a session that participants
must hear about go through ``jamlik.programmes.organiser`` (move, change, cancel), which emails.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.models import Course
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation, User
from jamlik.programmes import organiser
from jamlik.programmes.models import (
    Answer,
    Booking,
    ModuleKind,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Question,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    Trainer,
)

Direction = Literal["up", "down"]

# Allowed status changes; finished and cancelled are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgrammeStatus.DRAFT: (ProgrammeStatus.OPEN, ProgrammeStatus.CANCELLED),
    ProgrammeStatus.OPEN: (ProgrammeStatus.CLOSED, ProgrammeStatus.FINISHED, ProgrammeStatus.CANCELLED),
    ProgrammeStatus.CLOSED: (ProgrammeStatus.OPEN, ProgrammeStatus.FINISHED, ProgrammeStatus.CANCELLED),
    ProgrammeStatus.FINISHED: (),
    ProgrammeStatus.CANCELLED: (),
}


@dataclass(frozen=True)
class TrainerRow:
    """A trainer as the organiser wants them. ``public_id`` names an existing one to keep."""

    name: str
    title: str = ""
    organisation: str = ""
    public_id: uuid.UUID | None = None


# Addresses under /program/ that belong to pages, not to programmes.
RESERVED_SLUGS = frozenset({"redigera", "kalender", "vard", "tillfalle", "incheckning", "ny", "api"})
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class QuestionRow:
    """A question as the organiser wants it. ``public_id`` names an existing one to keep (and reword)."""

    text: str
    required: bool = True
    public_id: uuid.UUID | None = None


def _check_may_organise(actor: User, programme: Programme) -> None:
    if not organiser.may_organise(actor, programme):
        raise PermissionDenied


def _lock(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


def _first_organiser(programme: Programme) -> Organisation | None:
    return programme.organisers.order_by("pk").first()


def _check_organisers(actor: User, organisers: Sequence[Organisation]) -> None:
    if not organisers:
        raise ValidationError(
            {"organisers": ValidationError(_("Choose at least one organising organisation."), code="required")}
        )
    if actor.is_programme_manager:
        return
    own = set(coordinated_organisations(actor).values_list("pk", flat=True))
    if not any(o.pk in own for o in organisers):
        raise ValidationError(
            {
                "organisers": ValidationError(
                    _("Include an organisation you coordinate, or you could not edit the programme afterwards."),
                    code="not_own",
                )
            }
        )


def check_slug(value: str) -> str:
    """A new programme's short address: a-z, digits and single hyphens, not the site's, not taken."""
    if not SLUG_PATTERN.fullmatch(value) or len(value) > 80:
        message = _("Use lower-case letters a-z, digits and single hyphens, e.g. jamlikhet-2026.")
        raise ValidationError({"slug": ValidationError(message, code="invalid")})
    if value in RESERVED_SLUGS:
        message = _("This address is used by the site itself. Choose another.")
        raise ValidationError({"slug": ValidationError(message, code="reserved")})
    if Programme.objects.filter(slug=value).exists():
        message = _("Another programme already uses this address.")
        raise ValidationError({"slug": ValidationError(message, code="taken")})
    return value


def _plain(programme: Programme) -> dict[str, Any]:
    return {
        "title": programme.title,
        "status": programme.status,
        "registration_deadline": programme.registration_deadline.isoformat(),
        "requires_approval": programme.requires_approval,
        "issues_diploma": programme.issues_diploma,
        "organisers": sorted(programme.organisers.values_list("slug", flat=True)),
    }


def _set_trainers(programme: Programme, trainers: Sequence[TrainerRow]) -> None:
    """Keep trainers by id, else by name (so their ids stay); add the new ones, remove the rest."""
    existing = list(programme.trainers.all())
    by_id = {t.public_id: t for t in existing}
    unknown = [str(row.public_id) for row in trainers if row.public_id is not None and row.public_id not in by_id]
    if unknown:
        raise ValidationError(
            {
                "trainers": ValidationError(
                    _("These trainers are not this programme's: %(ids)s") % {"ids": ", ".join(unknown)},
                    code="unknown",
                )
            }
        )
    by_name = {t.name: t for t in existing}
    matches: list[Trainer | None] = []
    for row in trainers:
        found = by_id.get(row.public_id) if row.public_id is not None else by_name.get(row.name)
        matches.append(None if found is None or found in matches else found)
    kept = {t.pk for t in matches if t is not None}
    programme.trainers.exclude(pk__in=kept).delete()
    for position, (row, found) in enumerate(zip(trainers, matches, strict=True), start=1):
        values = (row.name, row.title, row.organisation, position)
        if found is None:
            Trainer.objects.create(
                programme=programme, name=row.name, title=row.title, organisation=row.organisation, position=position
            )
        elif (found.name, found.title, found.organisation, found.position) != values:
            found.name, found.title, found.organisation, found.position = values
            found.save(update_fields=["name", "title", "organisation", "position"])


def _set_questions(programme: Programme, questions: Sequence[QuestionRow]) -> None:
    """Keep questions by id, else by their text (their answers stay); refuse to drop one that has answers."""
    existing = list(programme.questions.all())
    by_id = {q.public_id: q for q in existing}
    unknown = [str(row.public_id) for row in questions if row.public_id is not None and row.public_id not in by_id]
    if unknown:
        raise ValidationError(
            {
                "questions": ValidationError(
                    _("These questions are not this programme's: %(ids)s") % {"ids": ", ".join(unknown)},
                    code="unknown",
                )
            }
        )
    texts = [row.text for row in questions]
    if len(texts) != len(set(texts)):
        raise ValidationError({"questions": ValidationError(_("Each question can be asked only once."), code="twice")})
    by_text = {q.text: q for q in existing}
    matches: list[Question | None] = []
    for row in questions:
        found = by_id.get(row.public_id) if row.public_id is not None else by_text.get(row.text)
        matches.append(None if found is None or found in matches else found)
    kept = {q.pk for q in matches if q is not None}
    dropped = [q for q in existing if q.pk not in kept]
    answered_ids = set(Answer.objects.filter(question__in=dropped).values_list("question_id", flat=True))
    answered = [q.text for q in dropped if q.pk in answered_ids]
    if answered:
        raise ValidationError(
            {
                "questions": ValidationError(
                    _("Participants have already answered “%(q)s”; it cannot be removed.") % {"q": answered[0]},
                    code="answered",
                )
            }
        )
    for question in dropped:
        question.delete()
    for position, (row, found) in enumerate(zip(questions, matches, strict=True), start=1):
        if found is None:
            Question.objects.create(programme=programme, text=row.text, required=row.required, position=position)
        elif (found.text, found.required, found.position) != (row.text, row.required, position):
            found.text, found.required, found.position = row.text, row.required, position
            found.save(update_fields=["text", "required", "position"])


@transaction.atomic
def create_programme(
    actor: User,
    *,
    fields: dict[str, Any],
    organisers: Sequence[Organisation],
    trainers: Sequence[TrainerRow] = (),
    questions: Sequence[QuestionRow] = (),
) -> Programme:
    """A new programme, as a draft only organisers see."""
    if not (actor.is_programme_manager or coordinated_organisations(actor).exists()):
        raise PermissionDenied
    _check_organisers(actor, organisers)
    check_slug(str(fields.get("slug", "")))
    programme = Programme(status=ProgrammeStatus.DRAFT, **fields)
    programme.full_clean()
    programme.save()
    programme.organisers.set(organisers)
    _set_trainers(programme, trainers)
    _set_questions(programme, questions)
    record(
        "programme.created",
        actor=actor,
        organisation=_first_organiser(programme),
        target=programme,
        summary=programme.title,
        after=_plain(programme),
    )
    return programme


@transaction.atomic
def update_programme(
    actor: User,
    programme: Programme,
    *,
    fields: dict[str, Any],
    organisers: Sequence[Organisation],
    trainers: Sequence[TrainerRow],
    questions: Sequence[QuestionRow],
) -> Programme:
    _check_may_organise(actor, programme)
    live = _lock(programme)
    before = _plain(live)
    _check_organisers(actor, organisers)
    if (
        live.requires_approval
        and not fields.get("requires_approval", True)
        and Registration.objects.filter(programme=live, status=RegistrationStatus.PENDING).exists()
    ):
        raise ValidationError(
            {
                "requires_approval": ValidationError(
                    _("Some registrations wait for approval. Approve or decline them first."), code="pending"
                )
            }
        )
    for name, value in fields.items():
        setattr(live, name, value)
    live.full_clean()
    live.save()
    live.organisers.set(organisers)
    _set_trainers(live, trainers)
    _set_questions(live, questions)
    record(
        "programme.updated",
        actor=actor,
        organisation=_first_organiser(live),
        target=live,
        summary=live.title,
        before=before,
        after=_plain(live),
    )
    return live


def publish_problems(programme: Programme, today: datetime.date | None = None) -> list[str]:
    """What stands between the programme and opening it for registration (empty: it can open)."""
    today = today or timezone.localdate()
    problems: list[str] = []
    if programme.registration_deadline < today:
        problems.append(_("The last day to register has passed. Choose a later day."))
    if not programme.contact_email:
        problems.append(
            _("Give a contact email: it is the organiser in participants' calendars, and their replies go there.")
        )
    modules = list(programme.modules.prefetch_related("sessions").order_by("position"))
    if not modules:
        problems.append(_("Add at least one module."))
    for module in modules:
        if module.kind == ModuleKind.SELF_PACED:
            if module.course is None or module.course.published_version_id is None:
                problems.append(_("%(module)s: link a published course.") % {"module": module.title})
            continue
        scheduled = [s for s in module.sessions.all() if s.status == SessionStatus.SCHEDULED]
        if not scheduled:
            problems.append(_("%(module)s: add at least one session.") % {"module": module.title})
        for session in scheduled:
            start_day = timezone.localtime(session.starts_at).date()
            if session.registration_deadline is None and programme.registration_deadline > start_day:
                problems.append(
                    _("%(module)s: the session on %(when)s starts before the last day to register.")
                    % {"module": module.title, "when": session}
                )
    return problems


@transaction.atomic
def change_status(actor: User, programme: Programme, status: str) -> Programme:
    """Open, close, reopen, finish or cancel. Cancelling cancels every session and tells everyone."""
    _check_may_organise(actor, programme)
    live = _lock(programme)
    if status not in TRANSITIONS.get(live.status, ()):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A programme that is “%(now)s” cannot become “%(then)s”.")
                    % {"now": live.get_status_display(), "then": ProgrammeStatus(status).label},
                    code="transition",
                )
            }
        )
    if status == ProgrammeStatus.OPEN:
        problems = publish_problems(live)
        if problems:
            raise ValidationError({"status": [ValidationError(p, code="incomplete") for p in problems]})
    before = live.status
    if status == ProgrammeStatus.CANCELLED:
        for session in Session.objects.filter(module__programme=live, status=SessionStatus.SCHEDULED).order_by("pk"):
            organiser.cancel_session(actor, session)
        Registration.objects.filter(programme=live).exclude(status=RegistrationStatus.CANCELLED).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
        )
    live.status = status
    live.save(update_fields=["status"])
    record(
        "programme.status_changed",
        actor=actor,
        organisation=_first_organiser(live),
        target=live,
        summary=f"{live.title}: {before} → {status}",
        before={"status": before},
        after={"status": status},
    )
    return live


# --- Modules ------------------------------------------------------------------------------


def _check_module(kind: str, course: Course | None, has_sessions: bool) -> None:
    if kind == ModuleKind.SELF_PACED and course is None:
        raise ValidationError(
            {"course": ValidationError(_("A self-paced module links a published course."), code="required")}
        )
    if kind == ModuleKind.SELF_PACED and has_sessions:
        raise ValidationError(
            {"kind": ValidationError(_("A module with sessions cannot become a self-paced course."), code="sessions")}
        )


@transaction.atomic
def add_module(
    actor: User,
    programme: Programme,
    *,
    title: str,
    kind: str,
    required: bool = True,
    description: str = "",
    course: Course | None = None,
) -> ProgrammeModule:
    _check_may_organise(actor, programme)
    live = _lock(programme)
    _check_module(kind, course, has_sessions=False)
    last = live.modules.aggregate(n=Max("position"))["n"] or 0
    module = ProgrammeModule.objects.create(
        programme=live,
        position=last + 1,
        title=title.strip(),
        kind=kind,
        required=required,
        description=description.strip(),
        course=course if kind == ModuleKind.SELF_PACED else None,
    )
    record(
        "programme.module_added",
        actor=actor,
        organisation=_first_organiser(live),
        target=module,
        summary=f"{live.title}: {module.title}",
        after={"title": module.title, "kind": kind, "required": required},
    )
    return module


@transaction.atomic
def update_module(
    actor: User,
    module: ProgrammeModule,
    *,
    title: str,
    kind: str,
    required: bool,
    description: str = "",
    course: Course | None = None,
) -> ProgrammeModule:
    _check_may_organise(actor, module.programme)
    _lock(module.programme)
    live = ProgrammeModule.objects.select_related("programme").get(pk=module.pk)
    _check_module(kind, course, has_sessions=live.sessions.exists())
    before = {"title": live.title, "kind": live.kind, "required": live.required}
    live.title, live.kind, live.required, live.description = title.strip(), kind, required, description.strip()
    live.course = course if kind == ModuleKind.SELF_PACED else None
    live.save()
    record(
        "programme.module_changed",
        actor=actor,
        organisation=_first_organiser(live.programme),
        target=live,
        summary=f"{live.programme.title}: {live.title}",
        before=before,
        after={"title": live.title, "kind": live.kind, "required": live.required},
    )
    return live


def _renumber(modules: list[ProgrammeModule]) -> None:
    """Give ``modules`` the positions 1..n, past the unique (programme, position) constraint."""
    if not modules:
        return
    offset = max(m.position for m in modules) + len(modules) + 1
    for i, module in enumerate(modules):  # first out of the way, then into place
        ProgrammeModule.objects.filter(pk=module.pk).update(position=offset + i)
    for i, module in enumerate(modules, start=1):
        ProgrammeModule.objects.filter(pk=module.pk).update(position=i)
        module.position = i


@transaction.atomic
def move_module(actor: User, module: ProgrammeModule, direction: Direction) -> bool:
    """Swap with the neighbour above or below; False if it is already at that end."""
    _check_may_organise(actor, module.programme)
    programme = _lock(module.programme)
    siblings = list(programme.modules.order_by("position", "pk"))
    index = next(i for i, m in enumerate(siblings) if m.pk == module.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings)
    record(
        "programme.module_moved",
        actor=actor,
        organisation=_first_organiser(programme),
        target=module,
        summary=f"{programme.title}: {module.title} {direction}",
    )
    return True


@transaction.atomic
def remove_module(actor: User, module: ProgrammeModule) -> None:
    """Remove a module and its sessions, only while nobody has booked any of them."""
    _check_may_organise(actor, module.programme)
    programme = _lock(module.programme)
    if Booking.objects.filter(session__module=module).exists():
        raise ValidationError(
            _("People have booked sessions of this module. Cancel its sessions instead; everyone is told."),
            code="booked",
        )
    record(
        "programme.module_removed",
        actor=actor,
        organisation=_first_organiser(programme),
        target=module,
        summary=f"{programme.title}: {module.title}",
        before={"title": module.title, "sessions": module.sessions.count()},
    )
    module.delete()
    _renumber(list(programme.modules.order_by("position", "pk")))


# --- Sessions -----------------------------------------------------------------------------


@transaction.atomic
def add_session(actor: User, module: ProgrammeModule, **fields: Any) -> Session:
    """A new session (an alternative, if the module has others). Changes later go through ``organiser``."""
    _check_may_organise(actor, module.programme)
    _lock(module.programme)
    if module.kind == ModuleKind.SELF_PACED:
        raise ValidationError(_("A self-paced module has no sessions."), code="self_paced")
    unknown = set(fields) - set(organiser.CHANGEABLE)
    if unknown:
        raise ValueError(f"Not a session field: {sorted(unknown)}")
    session = Session(module=module, **fields)
    organiser.check_session(session)
    session.save()
    record(
        "programme.session_added",
        actor=actor,
        organisation=session.host_organisation,
        target=session,
        summary=f"{module.programme.title}: {module.title}, {session}",
        after={"capacity": session.capacity, "host": session.host_organisation_id},
    )
    return session
