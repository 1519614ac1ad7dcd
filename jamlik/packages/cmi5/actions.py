"""cmi5 state changes: launching an AU, the one-time fetch, waiving an AU, abandoning a session.

**Launch** (cmi5 section 8): the learner's registration (one per enrolment) is made on first
launch; any session of the registration left open is abandoned first (the LMS's abandoned
statement); a new session gets a one-time fetch URL; what NotApplicable AUs satisfy is settled; the
``LMS.LaunchData`` state document is written and then the launched statement; the launch URL is the
AU's URL (a package file on the content origin, or the external URL) with ``endpoint``, ``fetch``,
``actor``, ``registration`` and ``activityId``.

**Fetch** (8.2): a POST to the fetch URL, once, within ``FETCH_WINDOW`` of the launch, hands out the
session credential as ``auth-token``: a new ``lrs.LrsClient`` of the session kind, in the
registration's organisation, expiring after ``SESSION_LIFETIME`` and revoked when the session ends.
Any other use answers the error JSON of 8.2.3 (error-code 1 already used, 2 expired, 3 not valid).
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.actions import membership_at_completion
from jamlik.courses.models import Delivery, Enrolment
from jamlik.lrs.documents.actions import Where, put_document
from jamlik.lrs.documents.agents import agent_from_json
from jamlik.lrs.documents.models import DocumentKind
from jamlik.lrs.models import ClientKind, LrsClient
from jamlik.lrs.store import store_statements
from jamlik.packages.cmi5 import statements as lms
from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.cmi5.models import LaunchMode, Progress, Registration, Session
from jamlik.packages.cmi5.tracking import settle
from jamlik.packages.content import content_url
from jamlik.packages.models import ItemKind, PackageItem
from jamlik.people.models import User, hash_token

FETCH_WINDOW = timedelta(hours=1)
SESSION_LIFETIME = timedelta(hours=12)
WAIVE_REASONS = ("Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative")


@dataclass(frozen=True)
class Launch:
    session: Session
    url: str


def endpoint() -> str:
    return lms.site() + "/xapi/"


def _fetch_url(session: Session, secret: str) -> str:
    return lms.site() + reverse("packages:cmi5-fetch", args=[session.public_id, secret])


def _au_url(item: PackageItem) -> str:
    url = str(item.extra.get("url") or item.href)
    if "://" in url.split("?", 1)[0]:
        return url
    path, _sep, query = url.partition("?")
    return content_url(item.package, path, query)


def launch_url(item: PackageItem, *, fetch: str, actor: dict[str, Any], registration: uuid.UUID) -> str:
    base = _au_url(item)
    params = urlencode(
        {
            "endpoint": endpoint(),
            "fetch": fetch,
            "actor": json.dumps(actor, separators=(",", ":")),
            "registration": str(registration),
            "activityId": lms.item_activity_id(item),
        }
    )
    return f"{base}{'&' if '?' in base else '?'}{params}"


def _registration(enrolment: Enrolment) -> Registration:
    registration = Registration.objects.select_for_update().filter(enrolment=enrolment).first()
    if registration is not None:
        return registration
    membership = membership_at_completion(enrolment.user, enrolment.version)
    registration = Registration.objects.create(
        enrolment=enrolment,
        package=enrolment.version.package,
        user=enrolment.user,
        organisation=membership.organisation if membership else None,
    )
    return Registration.objects.select_for_update().get(pk=registration.pk)


def _abandon(session: Session, *, at: Any) -> None:
    registration = session.registration
    session.abandoned_at = at
    session.save(update_fields=["abandoned_at"])
    if session.credential_id is not None:
        LrsClient.objects.filter(pk=session.credential_id).update(revoked_at=at)
    statement = lms.ended(
        v.ABANDONED,
        session.item,
        actor=lms.actor_of(registration.user.public_id),
        registration=registration.public_id,
        session_id=session.public_id,
        at=at,
        seconds=(at - session.launched_at).total_seconds(),
    )
    store_statements(None, [statement], organisation=registration.organisation)


def launch(
    user: User,
    item: PackageItem,
    *,
    launch_mode: str = LaunchMode.NORMAL,
    return_url: str = "",
) -> Launch:
    """Launch ``item`` (an AU of a cmi5 version ``user`` is enrolled in) for ``user``."""
    if item.kind != ItemKind.AU or item.package.version.delivery != Delivery.CMI5:
        raise ValidationError(_("Only an AU of a cmi5 course can be launched."), code="not_au")
    if launch_mode not in LaunchMode.values:
        raise ValidationError(_("Unknown launch mode."), code="launch_mode")
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_related("version__package", "user")
            .filter(user=user, version=item.package.version)
            .first()
        )
        if enrolment is None:
            raise PermissionDenied(_("Enrol in the course before launching it."))
        registration = _registration(enrolment)
        now = timezone.now()
        for open_session in registration.sessions.filter(
            terminated_at__isnull=True, abandoned_at__isnull=True
        ).select_related("item"):
            open_session.registration = registration
            _abandon(open_session, at=now)
        secret = secrets.token_urlsafe(32)
        session = Session(
            registration=registration,
            item=item,
            launch_mode=launch_mode,
            return_url=return_url[:2048],
            fetch_secret_hash=hash_token(secret),
            launched_at=now,
        )
        actor = lms.actor_of(user.public_id)
        session.launch_url = launch_url(
            item, fetch=_fetch_url(session, secret), actor=actor, registration=registration.public_id
        )
        session.save()
        settle(registration, session_id=session.public_id, at=now)
        agent = agent_from_json(actor)
        where = Where(
            kind=DocumentKind.STATE,
            activity_id=lms.item_activity_id(item),
            agent=agent,
            registration=registration.public_id,
        )
        data = lms.launch_data(item, session.public_id, launch_mode, return_url)
        put_document(
            registration.organisation,
            where,
            v.LAUNCH_DATA,
            json.dumps(data).encode("utf-8"),
            "application/json",
            put_needs_header=False,
        )
        launched = lms.launched(
            item,
            actor=actor,
            registration=registration.public_id,
            session_id=session.public_id,
            launch_mode=launch_mode,
            launch_url=_au_url(item),
            at=now,
        )
        store_statements(None, [launched], organisation=registration.organisation)
        record(
            "cmi5.launched",
            actor=user,
            organisation=registration.organisation,
            target=session,
            summary=f"{user.email}: {item.title}"[:300],
            after={"registration": str(registration.public_id), "session": str(session.public_id), "mode": launch_mode},
        )
    return Launch(session=session, url=session.launch_url)


def fetch_error(code: int, text: str) -> dict[str, str]:
    return {"error-code": str(code), "error-text": text}


def fetch(session_public_id: uuid.UUID, secret: str) -> dict[str, str]:
    """The fetch URL's answer: the session credential once, the error JSON of 8.2.3 after that."""
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("registration__user", "registration__organisation", "item")
            .filter(public_id=session_public_id)
            .first()
        )
        if session is None or not hmac.compare_digest(session.fetch_secret_hash, hash_token(secret)):
            return fetch_error(3, "This fetch URL is not valid.")
        if session.fetched_at is not None:
            return fetch_error(1, "This fetch URL has already been used.")
        now = timezone.now()
        if not session.is_open or now - session.launched_at > FETCH_WINDOW:
            return fetch_error(2, "This fetch URL has expired.")
        registration = session.registration
        key = "cmi5-" + uuid.uuid4().hex
        token_secret = secrets.token_urlsafe(32)
        client = LrsClient.objects.create(
            organisation=registration.organisation,
            name=f"cmi5 session {session.public_id}"[:100],
            key=key,
            secret_hash=hash_token(token_secret),
            kind=ClientKind.CMI5_SESSION,
            expires_at=now + SESSION_LIFETIME,
        )
        session.fetched_at = now
        session.credential = client
        session.save(update_fields=["fetched_at", "credential"])
        record(
            "cmi5.fetched",
            actor=registration.user,
            organisation=registration.organisation,
            target=session,
            summary=f"session {session.public_id}",
            after={"session": str(session.public_id), "credential": key},
        )
    token = base64.b64encode(f"{key}:{token_secret}".encode()).decode("ascii")
    return {"auth-token": token}


def abandon(actor: User | None, session_public_id: uuid.UUID) -> Session:
    """The LMS decides a session is over without the AU's terminated (an administrator, a sweep)."""
    if actor is not None and not actor.is_administrator:
        raise PermissionDenied(_("Only an administrator can abandon a session."))
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("registration__user", "item")
            .get(public_id=session_public_id)
        )
        if session.is_open:
            _abandon(session, at=timezone.now())
            record(
                "cmi5.abandoned",
                actor=actor,
                organisation=session.registration.organisation,
                target=session,
                summary=f"session {session.public_id}",
            )
    return session


def waive(actor: User | None, registration_public_id: uuid.UUID, item: PackageItem, reason: str) -> Registration:
    """Waive an AU for a registration (cmi5 9.3.8): it counts as satisfied; the LMS says so."""
    if actor is not None and not actor.is_administrator:
        raise PermissionDenied(_("Only an administrator can waive an AU."))
    if reason not in WAIVE_REASONS:
        raise ValidationError(_("Unknown reason for waiving."), code="reason")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("user", "package")
            .get(public_id=registration_public_id)
        )
        if item.package_id != registration.package_id or item.kind != ItemKind.AU:
            raise ValidationError(_("That AU is not part of this registration's course."), code="not_au")
        row, _created = Progress.objects.get_or_create(registration=registration, item=item)
        if row.waived_at is not None or row.satisfied_at is not None:
            return registration
        now = timezone.now()
        row.waived_at = now
        row.waive_reason = reason
        row.save()
        session_id = uuid.uuid4()
        statement = lms.waived(
            item,
            actor=lms.actor_of(registration.user.public_id),
            registration=registration.public_id,
            session_id=session_id,
            reason=reason,
            at=now,
        )
        store_statements(None, [statement], organisation=registration.organisation)
        settle(registration, session_id=session_id, at=now)
        record(
            "cmi5.waived",
            actor=actor,
            organisation=registration.organisation,
            target=registration,
            summary=f"{item.title}: {reason}"[:300],
            after={"item": str(item.public_id), "reason": reason},
        )
    return registration
