"""Everything the platform holds about one person, read in a bounded number of queries.

``collect(person)`` answers the person's page (Art. 15) and the export (Art. 20) alike: one
``Record`` per row, tagged with its kind (``kinds.py``) and the organisation it was recorded for
(the one a completion, a counted campaign result, an audit entry or a diploma belongs to; for
progress, answers and reflections the organisation their course was completed for; for a
programme's registrations the first organiser; ``None`` for what belongs to the person alone).

Each kind costs one query (the programmes' organisers one more), however many rows there are:
the page and the export assert it in their tests. ``limit`` caps the rows read per kind (the
page); the count of what was left out is then one more query for that kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.db.models import Model, Q, QuerySet

from jamlik.audit.models import AuditEntry
from jamlik.campaigns.models import CountedPerson
from jamlik.courses.models import CheckAnswer, Completion, Enrolment, LessonProgress, ReflectionAnswer
from jamlik.credentials.models import Diploma
from jamlik.evaluations.models import Participation
from jamlik.lrs.learning.statements import actor as xapi_actor
from jamlik.lrs.models import Statement
from jamlik.lrs.shapes import ifi_key
from jamlik.networks.models import DocumentVersion, NetworkMember, Post
from jamlik.packages.attempts import Attempt
from jamlik.people.models import ApiToken, Membership, Organisation, User
from jamlik.privacy.kinds import BY_KEY, KINDS, Kind
from jamlik.programmes.models import Answer, Booking, Needs, ProgrammeCompletion, Registration
from jamlik.strategies.models import Response

Value = str | int | float | bool | None | datetime.datetime | datetime.date | list[str]


@dataclass(frozen=True)
class Record:
    organisation: Organisation | None
    values: dict[str, Value]


@dataclass
class Section:
    kind: Kind
    records: list[Record] = field(default_factory=list)
    total: int = 0  # rows held, also those past ``limit``

    @property
    def left_out(self) -> int:
        return self.total - len(self.records)


@dataclass
class Inventory:
    person: User
    sections: dict[str, Section]

    def organisations(self) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for section in self.sections.values():
            for record in section.records:
                if record.organisation is not None:
                    seen.setdefault(record.organisation.pk, record.organisation)
        return sorted(seen.values(), key=lambda o: o.name)


class _Reader:
    def __init__(self, person: User, limit: int | None) -> None:
        self.person = person
        self.limit = limit
        self.sections = {kind.key: Section(kind) for kind in KINDS}

    def take(self, key: str, queryset: QuerySet[Any]) -> list[Any]:
        """The rows of one kind, at most ``limit``; counts them only when some were left out."""
        section = self.sections[key]
        if self.limit is None:
            rows = list(queryset)
            section.total = len(rows)
            return rows
        rows = list(queryset[: self.limit + 1])
        if len(rows) > self.limit:
            rows = rows[: self.limit]
            section.total = queryset.count()
        else:
            section.total = len(rows)
        return rows

    def add(self, key: str, owner: Organisation | None, /, **values: Value) -> None:
        unknown = set(values) - {f.key for f in BY_KEY[key].fields}
        if unknown:  # a field the table does not declare would slip past the schema and the page
            raise KeyError(f"{key}: {sorted(unknown)}")
        self.sections[key].records.append(Record(owner, values))


def _org_name(organisation: Organisation | None) -> str | None:
    return organisation.name if organisation is not None else None


def _display(instance: Model, name: str) -> str:
    value = getattr(instance, f"get_{name}_display")()
    return str(value)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def collect(person: User, *, limit: int | None = None) -> Inventory:
    read = _Reader(person, limit)
    _account(read, person)
    _courses(read, person)
    _programmes(read, person)
    _rest(read, person)
    return Inventory(person, read.sections)


def _account(read: _Reader, person: User) -> None:
    read.sections["people.account"].total = 1
    read.add(
        "people.account",
        None,
        email=person.email,
        name=person.name,
        kon=person.get_kon_display() if person.kon else None,
        preferred_language=person.get_preferred_language_display(),
        platform_role=person.get_platform_role_display() if person.platform_role else None,
        date_joined=person.date_joined,
        last_login=person.last_login,
    )
    memberships = Membership.objects.filter(user=person).select_related("organisation", "unit").order_by("valid_from")
    for m in read.take("people.membership", memberships):
        read.add(
            "people.membership",
            m.organisation,
            organisation=m.organisation.name,
            unit=m.unit.name if m.unit else None,
            role=_display(m, "role"),
            status=_display(m, "status"),
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            source=_display(m, "source"),
        )
    for address in read.take("account.email_address", EmailAddress.objects.filter(user=person).order_by("pk")):
        read.add("account.email_address", None, email=address.email, verified=address.verified, primary=address.primary)
    for social in read.take("identity.social_account", SocialAccount.objects.filter(user=person).order_by("pk")):
        read.add(
            "identity.social_account",
            None,
            provider=social.provider,
            uid=social.uid,
            date_joined=social.date_joined,
            last_login=social.last_login,
        )
    sessions = UserSession.objects.filter(user=person).order_by("-last_seen_at")
    for s in read.take("account.session", sessions):
        read.add(
            "account.session",
            None,
            ip=s.ip,
            user_agent=s.user_agent,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
        )
    for token in read.take("people.api_token", ApiToken.objects.filter(user=person).order_by("created_at")):
        read.add(
            "people.api_token",
            None,
            name=token.name,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


def _courses(read: _Reader, person: User) -> None:
    # Every enrolment (not capped: the others hang on it), with its completion's organisation.
    enrolments = list(
        Enrolment.objects.filter(user=person)
        .select_related("version", "completion__organisation")
        .order_by("created_at")
    )
    org_of: dict[int, Organisation | None] = {}
    title_of: dict[int, str] = {}
    for e in enrolments:
        completion = getattr(e, "completion", None)
        org_of[e.pk] = completion.organisation if completion is not None else None
        title_of[e.pk] = e.version.title
    section = read.sections["courses.enrolment"]
    section.total = len(enrolments)
    for e in enrolments[: read.limit]:
        read.add(
            "courses.enrolment",
            org_of[e.pk],
            course=title_of[e.pk],
            enrolled_at=e.created_at,
            source=_display(e, "source"),
            completed_at=e.completed_at,
            organisation=_org_name(org_of[e.pk]),
        )
    progress = LessonProgress.objects.filter(enrolment__user=person).select_related("lesson").order_by("completed_at")
    for p in read.take("courses.lesson_progress", progress):
        read.add(
            "courses.lesson_progress",
            org_of.get(p.enrolment_id),
            course=title_of.get(p.enrolment_id, ""),
            lesson=p.lesson.title,
            completed_at=p.completed_at,
        )
    answers = CheckAnswer.objects.filter(enrolment__user=person).order_by("answered_at")
    for a in read.take("courses.check_answer", answers):
        read.add(
            "courses.check_answer",
            org_of.get(a.enrolment_id),
            course=title_of.get(a.enrolment_id, ""),
            chosen=[str(c) for c in a.chosen],
            correct=a.correct,
            attempts=a.attempts,
            answered_at=a.answered_at,
        )
    reflections = ReflectionAnswer.objects.filter(enrolment__user=person).order_by("updated_at")
    for r in read.take("courses.reflection", reflections):
        read.add(
            "courses.reflection",
            org_of.get(r.enrolment_id),
            course=title_of.get(r.enrolment_id, ""),
            text=r.text,
            updated_at=r.updated_at,
        )
    participations = (
        Participation.objects.filter(user=person)
        .select_related("completion__course__published_version", "booking__session__module__programme")
        .order_by("pk")
    )
    for e in read.take("evaluations.participation", participations):
        if e.completion is not None:
            version = e.completion.course.published_version
            occasion = version.title if version is not None else e.completion.course.slug
            day = e.completion.completed_at
        elif e.booking is not None:
            module = e.booking.session.module
            occasion, day = f"{module.programme.title}: {module.title}", e.booking.session.starts_at
        else:
            continue
        read.add("evaluations.participation", None, occasion=occasion, day=day)
    attempts = Attempt.objects.filter(enrolment__user=person).select_related("item").order_by("started_at")
    for t in read.take("packages.attempt", attempts):
        read.add(
            "packages.attempt",
            org_of.get(t.enrolment_id),
            course=title_of.get(t.enrolment_id, ""),
            item=t.item.title,
            number=t.number,
            started_at=t.started_at,
            done_at=t.done_at,
            score=_number(t.score_scaled),
        )
    statements = Statement.objects.filter(actor_ifi=ifi_key(xapi_actor(person.public_id))).order_by("timestamp")
    for s in read.take("lrs.statement", statements.only("verb_id", "object_activity_id", "timestamp")):
        read.add("lrs.statement", None, verb=s.verb_id, object=s.object_activity_id, timestamp=s.timestamp)
    completions = (
        Completion.objects.filter(user=person)
        .select_related("version", "organisation", "unit")
        .order_by("completed_at")
    )
    for c in read.take("courses.completion", completions):
        read.add(
            "courses.completion",
            c.organisation,
            course=c.version.title,
            completed_at=c.completed_at,
            organisation=_org_name(c.organisation),
            unit=c.unit.name if c.unit else None,
            source=_display(c, "source"),
        )


def _programmes(read: _Reader, person: User) -> None:
    registrations = list(
        Registration.objects.filter(user=person)
        .select_related("programme")
        .prefetch_related("programme__organisers")
        .order_by("created_at")
    )
    org_of: dict[int, Organisation | None] = {}
    for r in registrations:
        organisers = sorted(r.programme.organisers.all(), key=lambda o: o.pk)
        org_of[r.programme_id] = organisers[0] if organisers else None
    read.sections["programmes.registration"].total = len(registrations)
    for r in registrations[: read.limit]:
        read.add(
            "programmes.registration",
            org_of[r.programme_id],
            programme=r.programme.title,
            status=_display(r, "status"),
            registered_at=r.created_at,
            cancelled_at=r.cancelled_at,
        )
    answers = Answer.objects.filter(registration__user=person).select_related("registration__programme", "question")
    for a in read.take("programmes.answer", answers.order_by("registration_id", "question__position")):
        programme = a.registration.programme
        read.add(
            "programmes.answer",
            org_of.get(programme.pk),
            programme=programme.title,
            question=a.question.text,
            answer=a.text,
        )
    bookings = Booking.objects.filter(registration__user=person).select_related("registration__programme", "session")
    for b in read.take("programmes.booking", bookings.order_by("queued_at")):
        programme = b.registration.programme
        read.add(
            "programmes.booking",
            org_of.get(programme.pk),
            programme=programme.title,
            session=str(b.session),
            status=_display(b, "status"),
            attendance=_display(b, "attendance"),
        )
    needs = Needs.objects.filter(booking__registration__user=person).select_related(
        "booking__registration__programme", "booking__session"
    )
    for n in read.take("programmes.needs", needs.order_by("pk")):
        programme = n.booking.registration.programme
        read.add(
            "programmes.needs",
            org_of.get(programme.pk),
            programme=programme.title,
            session=str(n.booking.session),
            dietary=n.dietary,
            accessibility=n.accessibility,
        )
    completions = ProgrammeCompletion.objects.filter(user=person).select_related("programme").order_by("completed_at")
    for c in read.take("programmes.completion", completions):
        read.add(
            "programmes.completion",
            org_of.get(c.programme_id),
            programme=c.programme.title,
            completed_at=c.completed_at,
        )


def _first(organisations: Iterable[Organisation]) -> Organisation | None:
    ordered = sorted(organisations, key=lambda o: o.pk)
    return ordered[0] if ordered else None


def _rest(read: _Reader, person: User) -> None:
    diplomas = Diploma.objects.filter(recipient=person).prefetch_related("issuers").order_by("issued_at", "pk")
    for d in read.take("credentials.diploma", diplomas):
        issuer = _first(d.issuers.all())
        read.add(
            "credentials.diploma",
            issuer,
            title=d.title,
            recipient_name=d.recipient_name,
            code=d.display_code,
            issued_at=d.issued_at,
            status=str(d.status().label),
            organisation=_org_name(issuer),
        )
    counted = CountedPerson.objects.filter(user=person).select_related("campaign", "participant__organisation", "unit")
    for c in read.take("campaigns.counted", counted.order_by("day")):
        organisation = c.participant.organisation
        read.add(
            "campaigns.counted",
            organisation,
            campaign=c.campaign.title,
            organisation=organisation.name,
            day=c.day,
            unit=c.unit.name if c.unit else None,
        )
    members = NetworkMember.objects.filter(user=person).select_related("network", "organisation").order_by("pk")
    for m in read.take("networks.membership", members):
        read.add(
            "networks.membership",
            m.organisation,
            network=m.network.name,
            role=_display(m, "role"),
            state=_display(m, "state"),
            organisation=_org_name(m.organisation),
        )
    posts = Post.objects.filter(author=person).select_related("thread__network").order_by("created_at", "pk")
    for p in read.take("networks.post", posts):
        read.add(
            "networks.post",
            None,
            network=p.thread.network.name,
            thread=p.thread.title,
            body=p.body,
            created_at=p.created_at,
        )
    versions = DocumentVersion.objects.filter(uploaded_by=person).select_related("document__network")
    for v in read.take("networks.document", versions.order_by("uploaded_at", "pk")):
        read.add(
            "networks.document",
            None,
            network=v.document.network.name,
            document=v.document.title,
            filename=v.filename,
            uploaded_at=v.uploaded_at,
        )
    about = Q(target_type=User._meta.label_lower, target_id=str(person.pk))
    responses = Response.objects.filter(submitted_by=person).select_related("round", "organisation")
    for r in read.take("strategies.response", responses.order_by("submitted_at", "pk")):
        read.add(
            "strategies.response",
            r.organisation,
            round=r.round.title,
            organisation=r.organisation.name,
            status=_display(r, "status"),
            submitted_at=r.submitted_at,
        )
    entries = AuditEntry.objects.filter(Q(actor=person) | about).select_related("organisation").order_by("-at", "-id")
    for e in read.take("audit.entry", entries):
        organisation = e.organisation
        read.add(
            "audit.entry",
            organisation,
            at=e.at,
            action=e.action,
            by_you=e.actor_id == person.pk,
            organisation=_org_name(organisation),
            summary=e.summary,
        )
