"""Erasure of a person's account (GDPR Art. 17), the one path for it, the Django admin's too.

The ``User`` row is never deleted: completions, campaign counts, enrolments and diplomas point at
it, and statistics by kön and frozen campaign results are counted from them. Erasure instead
removes everything that identifies the person (email, name, password, sign-in identities,
sessions, tokens, their public id), deletes what is only theirs (knowledge-check answers,
reflections, registration answers, needs, network memberships, preferences) and keeps what the
catalogue says stays (``OnErasure``), now attached to a row that names no one.

A request needs a decision by a coordinator or an administrator when erasing would leave work
undone (the person coordinates an organisation, holds a platform role, or has a session still to
come); the request then waits with a due date a month ahead (Art. 12(3)).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import AuditEntry, record
from jamlik.campaigns.models import DigestSubscription, ReminderRecipient
from jamlik.courses.models import CheckAnswer, ReflectionAnswer
from jamlik.identity.scim.models import ScimUser
from jamlik.networks.models import Document, DocumentVersion, NetworkMember, Post
from jamlik.people.actions import end_membership
from jamlik.people.models import ApiToken, Invitation, Membership, MembershipRole, PlatformRole, User
from jamlik.programmes.models import LIVE_BOOKING, Answer, Booking, Needs
from jamlik.retention.catalogue import RuleKey
from jamlik.retention.catalogue import rule as catalogue_rule
from jamlik.retention.models import ErasureRequest, ErasureState

ERASED_DOMAIN = "erased.invalid"


def is_erased(person: User) -> bool:
    return person.email.endswith("@" + ERASED_DOMAIN)


def reasons_for_decision(person: User) -> list[str]:
    """Why erasing ``person`` now needs someone's decision; empty when they may erase at once."""
    reasons: list[str] = []
    coordinated = (
        Membership.objects.current()
        .filter(user=person, role=MembershipRole.COORDINATOR)
        .values_list("organisation__name", flat=True)
    )
    for name in coordinated:
        reasons.append(_("You coordinate %(organisation)s: someone must take over first.") % {"organisation": name})
    if person.platform_role != PlatformRole.NONE:
        reasons.append(_("You hold a role on the platform (%(role)s).") % {"role": person.get_platform_role_display()})
    upcoming = Booking.objects.filter(
        registration__user=person, status__in=LIVE_BOOKING, session__starts_at__gt=timezone.now()
    ).count()
    if upcoming:
        reasons.append(_("You are booked on %(count)d session(s) still to come.") % {"count": upcoming})
    return reasons


def may_decide(actor: User, person: User) -> bool:
    """Administrators, and coordinators of an organisation the person is a current member of."""
    if actor.is_administrator:
        return True
    theirs = Membership.objects.current().filter(user=person).values("organisation")
    return (
        Membership.objects.current()
        .filter(user=actor, role=MembershipRole.COORDINATOR, organisation__in=theirs)
        .exists()
    )


@dataclass(frozen=True)
class Erased:
    deleted: dict[str, int]


@transaction.atomic
def erase_person(actor: User | None, person: User, *, via: str = "request") -> Erased:
    """Erase ``person`` now. ``actor``: the person themselves, an administrator, a coordinator
    allowed to decide (``may_decide``), or None for the platform (the retention job)."""
    if actor is not None and actor.pk != person.pk and not may_decide(actor, person):
        raise PermissionDenied(_("You may not erase another person's account."))
    person = User.objects.select_for_update().get(pk=person.pk)
    if is_erased(person):
        raise ValidationError(_("This account has already been erased."))
    email = person.email
    deleted: dict[str, int] = {}

    def count(label: str, n: int) -> None:
        if n:
            deleted[label] = deleted.get(label, 0) + n

    # Memberships end (never deleted: completions were counted for the organisation of the time).
    for membership in Membership.objects.filter(user=person, valid_to__isnull=True).select_related(
        "organisation", "user"
    ):
        end_membership(None, membership)
    # What is only the person's.
    count("courses.CheckAnswer", CheckAnswer.objects.filter(enrolment__user=person).delete()[0])
    count("courses.ReflectionAnswer", ReflectionAnswer.objects.filter(enrolment__user=person).delete()[0])
    count("programmes.Answer", Answer.objects.filter(registration__user=person).delete()[0])
    count("programmes.Needs", Needs.objects.filter(booking__registration__user=person).delete()[0])
    count("networks.NetworkMember", NetworkMember.objects.filter(user=person).delete()[0])
    count("campaigns.DigestSubscription", DigestSubscription.objects.filter(user=person).delete()[0])
    count("campaigns.ReminderRecipient", ReminderRecipient.objects.filter(user=person).delete()[0])
    # Sign-in: identities, sessions, tokens, invitations to the address.
    keys = list(UserSession.objects.filter(user=person).values_list("session_key", flat=True))
    count("sessions.Session", Session.objects.filter(session_key__in=keys).delete()[0])
    count("usersessions.UserSession", UserSession.objects.filter(user=person).delete()[0])
    count("account.EmailAddress", EmailAddress.objects.filter(user=person).delete()[0])
    count("socialaccount.SocialAccount", SocialAccount.objects.filter(user=person).delete()[0])
    count("identity.ScimUser", ScimUser.objects.filter(user=person).delete()[0])
    count("people.ApiToken", ApiToken.objects.filter(user=person).delete()[0])
    count("people.Invitation", Invitation.objects.filter(email__iexact=email).delete()[0])
    # Shared writing stays, written by a former member.
    Post.objects.filter(author=person).update(author=None)
    Document.objects.filter(created_by=person).update(created_by=None)
    DocumentVersion.objects.filter(uploaded_by=person).update(uploaded_by=None)
    # Audit entries keep what happened, not the address it happened to.
    AuditEntry.objects.filter(summary__contains=email).update(summary=Replace("summary", Value(email), Value("…")))
    # The row itself: nothing that identifies anyone. kön stays for statistics by kön.
    person.email = f"erased-{uuid.uuid4().hex}@{ERASED_DOMAIN}"
    person.name = ""
    person.public_id = uuid.uuid4()  # learning records (xAPI) named the old one: nothing links them now
    person.set_unusable_password()
    person.is_active = False
    person.is_superuser = False
    person.platform_role = PlatformRole.NONE
    person.last_login = None
    person.save()
    now = timezone.now()
    ErasureRequest.objects.filter(person=person, state=ErasureState.AWAITING_DECISION).update(
        state=ErasureState.DONE, decided_by=actor, decided_at=now
    )
    if not ErasureRequest.objects.filter(person=person, state=ErasureState.DONE).exists():
        ErasureRequest.objects.create(
            person=person,
            requested_by=actor,
            state=ErasureState.DONE,
            requested_at=now,
            due_at=now,
            decided_by=actor,
            decided_at=now,
        )
    record(
        "person.erased",
        actor=actor if actor is not None and actor.pk != person.pk else None,
        target=person,
        summary=f"erased ({via})",
        after={"deleted": deleted, "via": via},
    )
    return Erased(deleted)


def _month_after(moment: datetime.datetime) -> datetime.datetime:
    return catalogue_rule(RuleKey.LESSON_PROGRESS).before(moment, -1)


@transaction.atomic
def request_erasure(actor: User, person: User) -> ErasureRequest | Erased:
    """The person asks to erase their account: erased at once, or a request awaiting a decision."""
    if actor.pk != person.pk:
        raise PermissionDenied(_("You may only ask to erase your own account."))
    reasons = reasons_for_decision(person)
    if not reasons:
        return erase_person(actor, person, via="self")
    if ErasureRequest.objects.filter(person=person, state=ErasureState.AWAITING_DECISION).exists():
        raise ValidationError(_("You have already asked; the request is waiting for a decision."))
    now = timezone.now()
    request = ErasureRequest.objects.create(
        person=person,
        requested_by=actor,
        state=ErasureState.AWAITING_DECISION,
        reasons=reasons,
        requested_at=now,
        due_at=_month_after(now),
    )
    record("person.erasure_requested", actor=actor, target=request, after={"due_at": request.due_at.isoformat()})
    return request


@transaction.atomic
def decide_erasure(actor: User, request: ErasureRequest, *, approve: bool, reason: str = "") -> ErasureRequest:
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    person = User.objects.get(pk=request.person_id)
    if not may_decide(actor, person):
        raise PermissionDenied(_("You may not decide on this request."))
    if request.state != ErasureState.AWAITING_DECISION:
        raise ValidationError(_("This request has already been decided."))
    if approve:
        erase_person(actor, person, via="decision")
        request.refresh_from_db()
        return request
    if not reason.strip():
        raise ValidationError(_("Say why the request is refused: the person is told."))
    request.state = ErasureState.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.refusal_reason = reason.strip()[:500]
    request.save(update_fields=["state", "decided_by", "decided_at", "refusal_reason"])
    record("person.erasure_refused", actor=actor, target=request, after={"reason": request.refusal_reason})
    return request
