"""The retention job: applies the rules in force (catalogue defaults, RetentionRule overrides).

Every deletion happens in a batch of at most ``BATCH`` rows, in one transaction together with the
deletion log's count for it; a run that stops midway is resumed by the next call with the same
``as_of``, so nothing is deleted twice, nothing due is left, and the log adds up. Inactive
accounts are warned by email first and erased (``erasure.erase_person``, pseudonymised) only once
the warning is ``warning_days`` old and the person has not signed in since.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.courses.models import CheckAnswer, LessonProgress, ReflectionAnswer
from jamlik.lib.mail import send_email
from jamlik.packages.attempts import Attempt
from jamlik.packages.cmi5.models import Progress as AuProgress
from jamlik.people.models import ApiToken, Membership, Organisation, PlatformRole, User
from jamlik.programmes.models import Answer
from jamlik.retention.catalogue import RULES, Rule, RuleKey
from jamlik.retention.erasure import ERASED_DOMAIN, erase_person
from jamlik.retention.models import DeletionLogEntry, InactivityWarning, RetentionRule, RetentionRun, RunState

log = logging.getLogger(__name__)

BATCH = 500


class Periods:
    """The amounts in force, read once a run: per organisation, the platform's, the defaults."""

    def __init__(self) -> None:
        self.own: dict[RuleKey, dict[int, int]] = {k: {} for k in RuleKey}
        self.platform: dict[RuleKey, int] = {k: r.amount for k, r in RULES.items()}
        for row in RetentionRule.objects.all():
            key = RuleKey(row.key)
            if not RULES[key].adjustable:
                continue
            if row.organisation_id is None:
                self.platform[key] = row.amount
            elif not RULES[key].platform_wide:
                self.own[key][row.organisation_id] = row.amount

    def amount(self, key: RuleKey, organisation_id: int | None) -> int:
        if organisation_id is not None and organisation_id in self.own[key]:
            return self.own[key][organisation_id]
        return self.platform[key]

    def due(self, key: RuleKey, time_field: str, org_field: str | None, as_of: datetime.datetime) -> Q:
        rule = RULES[key]
        rest = Q(**{f"{time_field}__lt": rule.before(as_of, self.platform[key])})
        if org_field is None or not self.own[key]:
            return rest
        q = rest & ~Q(**{f"{org_field}__in": list(self.own[key])})
        for org_id, amount in self.own[key].items():
            q |= Q(**{org_field: org_id, f"{time_field}__lt": rule.before(as_of, amount)})
        return q


@dataclass(frozen=True)
class Target:
    kind: str
    model: type[models.Model]
    rule: RuleKey
    time_field: str
    org_field: str | None
    prepare: Callable[[QuerySet[models.Model]], QuerySet[models.Model]] = lambda qs: qs
    also: Callable[[list[int]], int] | None = None  # rows to delete with each batch (same transaction)
    # Fields to empty instead of deleting the row (``prepare`` must then leave out rows already empty).
    clear: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return f"{self.model._meta.app_label}.{self.model.__name__}"


def _sessions_of(user_session_ids: list[int]) -> int:
    keys = UserSession.objects.filter(pk__in=user_session_ids).values_list("session_key", flat=True)
    return Session.objects.filter(session_key__in=list(keys)).delete()[0]


TARGETS: tuple[Target, ...] = (
    Target(
        "lesson_progress",
        LessonProgress,
        RuleKey.LESSON_PROGRESS,
        "enrolment__completion__completed_at",
        "enrolment__completion__organisation_id",
    ),
    Target(
        "lesson_progress",
        CheckAnswer,
        RuleKey.LESSON_PROGRESS,
        "enrolment__completion__completed_at",
        "enrolment__completion__organisation_id",
    ),
    # A cmi5 course's progress per AU (what was completed, passed, failed, waived and when).
    Target(
        "lesson_progress",
        AuProgress,
        RuleKey.LESSON_PROGRESS,
        "registration__enrolment__completion__completed_at",
        "registration__enrolment__completion__organisation_id",
    ),
    # A SCORM package's saved state in its attempt (where the learner was, its suspend data,
    # interactions and answers); the attempt's outcome stays with the enrolment.
    Target(
        "lesson_progress",
        Attempt,
        RuleKey.LESSON_PROGRESS,
        "enrolment__completion__completed_at",
        "enrolment__completion__organisation_id",
        prepare=lambda qs: qs.exclude(suspend_data="", location="", data={}),
        clear={"suspend_data": "", "location": "", "data": {}},
    ),
    Target(
        "reflections",
        ReflectionAnswer,
        RuleKey.REFLECTIONS,
        "enrolment__completion__completed_at",
        "enrolment__completion__organisation_id",
    ),
    Target(
        "registration_answers",
        Answer,
        RuleKey.REGISTRATION_ANSWERS,
        "programme_ended",
        None,
        prepare=lambda qs: qs.annotate(programme_ended=Max("registration__programme__modules__sessions__ends_at")),
    ),
    Target("audit_entries", AuditEntry, RuleKey.AUDIT_ENTRIES, "at", "organisation_id"),
    Target("sign_in_sessions", UserSession, RuleKey.SIGN_IN_SESSIONS, "last_seen_at", None, also=_sessions_of),
    Target(
        "api_tokens",
        ApiToken,
        RuleKey.API_TOKENS,
        "last_use",
        None,
        prepare=lambda qs: qs.annotate(last_use=Coalesce("revoked_at", "last_used_at", "created_at")),
    ),
)


def _log(
    run: RetentionRun, kind: str, model: str, rule: Rule, period: str, org_id: int | None, n: int, action: str
) -> None:
    entry, _ = DeletionLogEntry.objects.get_or_create(
        run=run,
        model=model,
        rule=rule.key,
        organisation=Organisation(pk=org_id) if org_id is not None else None,
        action=action,
        defaults={"kind": kind, "period": period},
    )
    DeletionLogEntry.objects.filter(pk=entry.pk).update(count=F("count") + n)


def _apply(run: RetentionRun, target: Target, periods: Periods) -> int:
    rule = RULES[target.rule]
    due = periods.due(target.rule, target.time_field, target.org_field, run.as_of)
    total = 0
    while True:
        with transaction.atomic():
            qs = target.prepare(target.model._default_manager.all()).filter(due).order_by("pk")
            if target.org_field is None:
                rows = [(pk, None) for pk in qs.values_list("pk", flat=True)[:BATCH]]
            else:
                rows = list(qs.values_list("pk", target.org_field)[:BATCH])
            if not rows:
                return total
            ids = [pk for pk, _org in rows]
            extra = target.also(ids) if target.also else 0
            if target.clear is None:
                target.model._default_manager.filter(pk__in=ids).delete()
            else:
                target.model._default_manager.filter(pk__in=ids).update(**target.clear)
            action = "deleted" if target.clear is None else "cleared"
            for org_id, n in Counter(org for _pk, org in rows).items():
                period = rule.describe(periods.amount(target.rule, org_id))
                _log(run, target.kind, target.label, rule, period, org_id, n, action)
            if extra:
                _log(
                    run,
                    target.kind,
                    "sessions.Session",
                    rule,
                    rule.describe(periods.amount(target.rule, None)),
                    None,
                    extra,
                    "deleted",
                )
            total += len(ids)


def _inactive_accounts(run: RetentionRun, periods: Periods) -> None:
    rule = RULES[RuleKey.INACTIVE_ACCOUNTS]
    shortest = min([periods.platform[rule.key], *periods.own[rule.key].values()])
    warn_until = run.as_of + datetime.timedelta(days=rule.warning_days)
    candidates = (
        User.objects.filter(is_active=True, is_superuser=False)
        .exclude(platform_role=PlatformRole.ADMINISTRATOR)
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .annotate(last=Coalesce("last_login", "date_joined"))
        .filter(last__lt=rule.before(warn_until, shortest))
        .order_by("pk")
    )
    for person in candidates.iterator(chunk_size=BATCH):
        orgs = list(Membership.objects.current().filter(user=person).values_list("organisation_id", flat=True))
        # The longest period of the person's organisations: no organisation loses data it still keeps.
        org_id, amount = max(
            ((o, periods.amount(rule.key, o)) for o in orgs),
            key=lambda p: p[1],
            default=(None, periods.platform[rule.key]),
        )
        last: datetime.datetime = person.last
        if last >= rule.before(warn_until, amount):
            continue
        period = rule.describe(amount)
        warning = InactivityWarning.objects.filter(user=person, last_login=person.last_login).first()
        with transaction.atomic():
            if warning is None:
                InactivityWarning.objects.create(user=person, last_login=person.last_login, sent_at=run.as_of)
                erase_on = max(rule.before(last, -amount), run.as_of + datetime.timedelta(days=rule.warning_days))
                with translation.override(person.preferred_language or "sv"):
                    send_email(
                        person.email,
                        "retention_inactive_warning",
                        {"name": person.display_name(), "erase_on": erase_on, "last": last},
                        person.preferred_language or "sv",
                    )
                _log(run, "account", "people.User", rule, period, org_id, 1, "warned")
            elif last < rule.before(run.as_of, amount) and warning.sent_at <= run.as_of - datetime.timedelta(
                days=rule.warning_days
            ):
                erase_person(None, person, via="retention")
                _log(run, "account", "people.User", rule, period, org_id, 1, "pseudonymised")


def run_retention() -> RetentionRun:
    """Resume the unfinished run, or start one as of now; apply every rule; return the run."""
    run = RetentionRun.objects.exclude(state=RunState.DONE).order_by("pk").first()
    if run is None:
        run = RetentionRun.objects.create(as_of=timezone.now())
    elif run.state == RunState.FAILED:
        RetentionRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING, error="")
    periods = Periods()
    try:
        for target in TARGETS:
            _apply(run, target, periods)
        _inactive_accounts(run, periods)
    except Exception as exc:
        RetentionRun.objects.filter(pk=run.pk).update(state=RunState.FAILED, error=repr(exc)[:500])
        log.exception("retention run %s stopped; the next run resumes it", run.pk)
        raise
    RetentionRun.objects.filter(pk=run.pk).update(state=RunState.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run
