"""The data catalogue: every kind of personal data Jämlik holds, declared once (docs/privacy.md).

One ``DataKind`` per kind of personal data: what it is, where it is kept (models), why
(``Purpose``), on what legal basis, which roles can see it, what happens to it when the person's
account is erased, and the key of the retention rule (``RuleKey``) that thins it out. One
``Rule`` per key gives the platform default and the bounds an administrator may set per
organisation (``models.RetentionRule``). The access page, the export, the privacy notice, the
records of processing and the retention job all read these declarations, so they cannot drift
apart.

Stable API: ``KINDS``, ``RULES``, ``kind(key)``, ``rule(key)``, ``kinds_for_rule(key)``,
``kinds_by_purpose()``, ``period_for(key, organisation)`` and the choices classes.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jamlik.people.models import Organisation


class Purpose(models.TextChoices):
    """Why data is processed: the groups of the access page and of the records of processing."""

    ACCOUNT = "account", _("Your account and signing in")
    LEARNING = "learning", _("Web courses")
    PROGRAMMES = "programmes", _("Programmes with sessions")
    CREDENTIALS = "credentials", _("Diplomas")
    CAMPAIGNS = "campaigns", _("Campaigns and statistics")
    NETWORKS = "networks", _("Networks")
    STRATEGIES = "strategies", _("Equality strategies and follow-ups")
    ACCOUNTABILITY = "accountability", _("Security and accountability")


class LegalBasis(models.TextChoices):
    """GDPR Art. 6(1). Organisations are public bodies: their training task is a public task."""

    PUBLIC_TASK = "public_task", _("Task in the public interest or exercise of official authority (GDPR Art. 6(1)(e))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR Art. 6(1)(c)), e.g. the archiving act")
    CONSENT = "consent", _("Consent (GDPR Art. 6(1)(a)), which you can withdraw")


class Viewer(models.TextChoices):
    """Who can see a kind of data (roles, not people)."""

    PERSON = "person", _("You")
    COORDINATOR = "coordinator", _("Coordinators of the organisation it was recorded for")
    PROGRAMME_MANAGER = "programme_manager", _("Programme managers of the organisation it was recorded for")
    SESSION_HOST = "session_host", _("The host of the session")
    NETWORK_MEMBERS = "network_members", _("Members of the network")
    VERIFIER = "verifier", _("Anyone you give the diploma's verification code")
    PUBLIC_AGGREGATE = "public_aggregate", _("Everyone, only as totals without names (small numbers hidden)")
    ADMINISTRATOR = "administrator", _("Platform administrators")


class OnErasure(models.TextChoices):
    """What becomes of a kind of data when the person's account is erased (Art. 17)."""

    DELETED = "deleted", _("Deleted")
    PSEUDONYMISED = "pseudonymised", _("Kept without your name or email address")
    KEPT = "kept", _("Kept as it is")


class Unit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


class RuleKey(models.TextChoices):
    """The retention rules. Each has a platform default (``RULES``) an administrator may override."""

    LESSON_PROGRESS = "lesson_progress", _("Lesson progress and knowledge-check answers")
    REFLECTIONS = "reflections", _("Reflections")
    REGISTRATION_ANSWERS = "registration_answers", _("Answers given when registering for a programme")
    SESSION_NEEDS = "session_needs", _("Dietary and accessibility needs")
    INACTIVE_ACCOUNTS = "inactive_accounts", _("Accounts without sign-in")
    AUDIT_ENTRIES = "audit_entries", _("Audit entries")
    SIGN_IN_SESSIONS = "sign_in_sessions", _("Sign-in sessions")
    API_TOKENS = "api_tokens", _("API tokens")
    RECORDS = "records", _("Records of what was achieved")


class Guard(models.TextChoices):
    """What a rule's period may never be shorter than, for the organisation it is set for."""

    RUNNING_CAMPAIGN = "running_campaign", _("a running campaign")
    UNEXPIRED_DIPLOMA = "unexpired_diploma", _("an unexpired diploma")


@dataclass(frozen=True)
class Rule:
    """A retention rule: delete (or pseudonymise) ``amount`` ``unit`` after ``starts``.

    ``amount`` is the platform default. ``adjustable`` rules can be set per organisation within
    ``minimum``..``maximum``; ``platform_wide`` rules apply to people rather than organisations
    (sessions, tokens) and are set once for the whole platform. ``automatic`` is false for rules
    no job applies (``RECORDS``: kept until the organisation thins them out after its archive
    export, or pseudonymised at erasure).
    """

    key: RuleKey
    amount: int
    unit: Unit
    starts: Promise
    minimum: int = 0
    maximum: int = 100
    adjustable: bool = True
    platform_wide: bool = False
    automatic: bool = True
    guards: tuple[Guard, ...] = ()
    warning_days: int = 0

    @property
    def label(self) -> str:
        return str(self.key.label)

    def before(self, moment: datetime.datetime, amount: int | None = None) -> datetime.datetime:
        """``moment`` less the period (calendar months and years; the 31st becomes the month's last day)."""
        value = self.amount if amount is None else amount
        if self.unit == Unit.DAYS:
            return moment - datetime.timedelta(days=value)
        months = value if self.unit == Unit.MONTHS else 12 * value
        index = moment.year * 12 + moment.month - 1 - months
        year, month = divmod(index, 12)
        day = min(moment.day, calendar.monthrange(year, month + 1)[1])
        return moment.replace(year=year, month=month + 1, day=day)

    def describe(self, amount: int | None = None) -> str:
        """ "12 months after the course was completed"."""
        if not self.automatic:
            return str(self.starts)
        value = self.amount if amount is None else amount
        return f"{value} {self.unit.label} {self.starts}"


RULES: dict[RuleKey, Rule] = {
    r.key: r
    for r in (
        Rule(RuleKey.LESSON_PROGRESS, 12, Unit.MONTHS, _("after the course was completed"), minimum=1, maximum=120),
        # A month's grace so the person can copy what they wrote once the course is done.
        Rule(RuleKey.REFLECTIONS, 30, Unit.DAYS, _("after the course was completed"), minimum=0, maximum=3650),
        Rule(
            RuleKey.REGISTRATION_ANSWERS, 3, Unit.MONTHS, _("after the programme's last session"), minimum=0, maximum=60
        ),
        # Set per programme by its organiser (Programme.needs_retention_days, purge_session_needs).
        Rule(
            RuleKey.SESSION_NEEDS,
            30,
            Unit.DAYS,
            _("after the session (each programme sets its own number of days)"),
            adjustable=False,
        ),
        Rule(
            RuleKey.INACTIVE_ACCOUNTS,
            3,
            Unit.YEARS,
            _("after the last sign-in (a warning email is sent a month before)"),
            minimum=1,
            maximum=20,
            guards=(Guard.RUNNING_CAMPAIGN, Guard.UNEXPIRED_DIPLOMA),
            warning_days=30,
        ),
        Rule(
            RuleKey.AUDIT_ENTRIES,
            5,
            Unit.YEARS,
            _("after the entry was written"),
            minimum=1,
            maximum=50,
            guards=(Guard.RUNNING_CAMPAIGN, Guard.UNEXPIRED_DIPLOMA),
        ),
        Rule(RuleKey.SIGN_IN_SESSIONS, 30, Unit.DAYS, _("after last use"), minimum=1, maximum=365, platform_wide=True),
        Rule(
            RuleKey.API_TOKENS,
            180,
            Unit.DAYS,
            _("after last use (or after being revoked)"),
            minimum=1,
            maximum=3650,
            platform_wide=True,
        ),
        Rule(
            RuleKey.RECORDS,
            0,
            Unit.YEARS,
            _("kept for the organisation's records; pseudonymised if the account is erased"),
            adjustable=False,
            automatic=False,
        ),
    )
}


@dataclass(frozen=True)
class DataKind:
    """One kind of personal data held about a person."""

    key: str
    name: Promise
    description: Promise
    models: tuple[str, ...]  # app_label.ModelName
    purpose: Purpose
    legal_basis: LegalBasis
    visible_to: tuple[Viewer, ...]
    rule: RuleKey
    on_erasure: OnErasure
    why_kept: Promise | None = None  # for PSEUDONYMISED and KEPT: the reason, shown on the erasure page
    per_organisation: bool = True  # recorded for one organisation (grouped by it on the access page)

    @property
    def retention(self) -> Rule:
        return RULES[self.rule]


_ORG = (Viewer.PERSON, Viewer.COORDINATOR)

KINDS: tuple[DataKind, ...] = (
    # Account
    DataKind(
        "account",
        _("Account"),
        _(
            "Your email address, name, sex, preferred language, when you joined and last signed in; requests to "
            "erase the account and warnings sent before an inactive account is erased."
        ),
        ("people.User", "retention.ErasureRequest", "retention.InactivityWarning"),
        Purpose.ACCOUNT,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.COORDINATOR, Viewer.ADMINISTRATOR),
        RuleKey.INACTIVE_ACCOUNTS,
        OnErasure.PSEUDONYMISED,
        _(
            "Your sex and the row itself stay, without name or email address, so that totals by sex and "
            "frozen campaign results do not change."
        ),
        per_organisation=False,
    ),
    DataKind(
        "memberships",
        _("Memberships"),
        _("Which organisations and units you belong to, your role and the period."),
        ("people.Membership",),
        Purpose.ACCOUNT,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.COORDINATOR, Viewer.ADMINISTRATOR),
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _("Completions and campaign counts were counted for the organisation and unit of that time."),
    ),
    DataKind(
        "sign_in_identities",
        _("Sign-in identities"),
        _("Verified email addresses and the accounts at your organisation's identity provider you sign in with."),
        ("account.EmailAddress", "socialaccount.SocialAccount", "identity.ScimUser"),
        Purpose.ACCOUNT,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.ADMINISTRATOR),
        RuleKey.INACTIVE_ACCOUNTS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    DataKind(
        "sign_in_sessions",
        _("Sign-in sessions"),
        _("The browsers you are signed in on: address, browser and last use."),
        ("usersessions.UserSession", "sessions.Session"),
        Purpose.ACCOUNT,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON,),
        RuleKey.SIGN_IN_SESSIONS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    DataKind(
        "api_tokens",
        _("API tokens"),
        _("Tokens you created for the API: name, first characters and last use (never the token itself)."),
        ("people.ApiToken",),
        Purpose.ACCOUNT,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON,),
        RuleKey.API_TOKENS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    # Learning
    DataKind(
        "enrolments",
        _("Enrolments"),
        _("The courses you are enrolled in, when, and by whom."),
        ("courses.Enrolment", "packages.Attempt", "packages.Registration"),
        Purpose.LEARNING,
        LegalBasis.PUBLIC_TASK,
        _ORG,
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _("Enrolments are counted in the statistics of who enrolled: they stay without your identity."),
        per_organisation=False,
    ),
    DataKind(
        "lesson_progress",
        _("Lesson progress and answers"),
        _("Which lessons you have done, your answers to knowledge checks, and course packages' saved state."),
        ("courses.LessonProgress", "courses.CheckAnswer", "packages.Progress"),
        Purpose.LEARNING,
        LegalBasis.PUBLIC_TASK,
        _ORG,
        RuleKey.LESSON_PROGRESS,
        OnErasure.PSEUDONYMISED,
        _(
            "Which lessons were done is counted in the statistics of activity: it stays without your identity "
            "until its own retention rule removes it. Your answers to knowledge checks are deleted."
        ),
        per_organisation=False,
    ),
    DataKind(
        "evaluation_participation",
        _("Evaluations answered"),
        _(
            "Which course completions and programme sessions you have answered the evaluation of, so that you "
            "answer once. Not what you answered: answers are kept without your name and cannot be traced to you."
        ),
        ("evaluations.Participation",),
        Purpose.LEARNING,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON,),
        # The same fact as the audit entry "evaluations.answered", kept as long (docs/evaluations.md).
        RuleKey.AUDIT_ENTRIES,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    DataKind(
        "reflections",
        _("Reflections"),
        _("What you wrote in a course's reflection exercises. Only you can read it."),
        ("courses.ReflectionAnswer",),
        Purpose.LEARNING,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON,),
        RuleKey.REFLECTIONS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    DataKind(
        "completions",
        _("Completions"),
        _("The courses and programmes you completed, when, and for which organisation and unit."),
        ("courses.Completion", "programmes.ProgrammeCompletion"),
        Purpose.LEARNING,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.COORDINATOR, Viewer.PUBLIC_AGGREGATE),
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _(
            "A completion is counted in statistics and campaign results; it stays without your identity so "
            "that published totals and closed campaign results do not change."
        ),
    ),
    DataKind(
        "learning_statements",
        _("Learning records (xAPI)"),
        _("Statements about your learning kept in the learning record store, under a number rather than your name."),
        ("lrs.Statement",),
        Purpose.LEARNING,
        LegalBasis.PUBLIC_TASK,
        _ORG,
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _("The statements name you only by a number that nothing links to you once the account is erased."),
        per_organisation=False,
    ),
    # Programmes
    DataKind(
        "registrations",
        _("Programme registrations and attendance"),
        _("The programmes you registered for, the sessions you booked and whether you attended."),
        ("programmes.Registration", "programmes.Booking"),
        Purpose.PROGRAMMES,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.PROGRAMME_MANAGER, Viewer.SESSION_HOST),
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _(
            "Registrations and attendance are counted in the programme's statistics and its completions: "
            "they stay without your identity."
        ),
        per_organisation=False,
    ),
    DataKind(
        "registration_answers",
        _("Answers given when registering"),
        _("Your answers to a programme's registration questions."),
        ("programmes.Answer",),
        Purpose.PROGRAMMES,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.PROGRAMME_MANAGER),
        RuleKey.REGISTRATION_ANSWERS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    DataKind(
        "session_needs",
        _("Dietary and accessibility needs"),
        _("What you told a session's host about food and accessibility."),
        ("programmes.Needs",),
        Purpose.PROGRAMMES,
        LegalBasis.CONSENT,
        (Viewer.PERSON, Viewer.SESSION_HOST),
        RuleKey.SESSION_NEEDS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    # Diplomas
    DataKind(
        "diplomas",
        _("Diplomas"),
        _("Diplomas issued to you: name on the diploma, achievement, dates and verification code."),
        ("credentials.Diploma",),
        Purpose.CREDENTIALS,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.COORDINATOR, Viewer.VERIFIER),
        RuleKey.RECORDS,
        OnErasure.KEPT,
        _(
            "An issued diploma can be checked by anyone you gave it to: its verification page keeps answering "
            "(valid, expired or revoked), with the name it was issued to, until it expires."
        ),
    ),
    # Campaigns
    DataKind(
        "campaign_counting",
        _("Campaign counting"),
        _("That you were counted once for your organisation in a campaign, on which day and for which unit."),
        ("campaigns.CountedPerson", "campaigns.ReminderRecipient", "campaigns.DigestSubscription"),
        Purpose.CAMPAIGNS,
        LegalBasis.PUBLIC_TASK,
        (Viewer.COORDINATOR, Viewer.PUBLIC_AGGREGATE),
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _("Closed campaign results are frozen and published: the count stays, without your identity."),
    ),
    # Networks
    DataKind(
        "network_memberships",
        _("Network memberships"),
        _("The networks you belong to, your role and email choices."),
        ("networks.NetworkMember",),
        Purpose.NETWORKS,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.NETWORK_MEMBERS),
        RuleKey.RECORDS,
        OnErasure.DELETED,
        per_organisation=False,
    ),
    DataKind(
        "network_posts",
        _("Network posts and documents"),
        _("What you wrote in a network's threads and the documents you shared there."),
        ("networks.Post", "networks.Document", "networks.DocumentVersion"),
        Purpose.NETWORKS,
        LegalBasis.PUBLIC_TASK,
        (Viewer.PERSON, Viewer.NETWORK_MEMBERS),
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _(
            "Posts and documents belong to the network's shared conversation: they stay, shown as written by "
            "a former member. Delete a post yourself before erasure if it should go."
        ),
        per_organisation=False,
    ),
    # Strategies
    DataKind(
        "strategy_work",
        _("Strategy follow-up answers"),
        _("Follow-up answers and evidence you submitted for your organisation."),
        ("strategies.Response", "strategies.Answer", "strategies.Evidence"),
        Purpose.STRATEGIES,
        LegalBasis.LEGAL_OBLIGATION,
        (Viewer.COORDINATOR, Viewer.ADMINISTRATOR),
        RuleKey.RECORDS,
        OnErasure.PSEUDONYMISED,
        _("A follow-up is the organisation's record, not yours: it stays, without your name."),
    ),
    # Accountability
    DataKind(
        "audit_entries",
        _("Audit entries"),
        _("What you changed, and what others changed about you, with the time."),
        ("audit.AuditEntry",),
        Purpose.ACCOUNTABILITY,
        LegalBasis.LEGAL_OBLIGATION,
        (Viewer.PERSON, Viewer.COORDINATOR, Viewer.ADMINISTRATOR),
        RuleKey.AUDIT_ENTRIES,
        OnErasure.PSEUDONYMISED,
        _("Audit entries show who changed what; they stay, naming no one, until their own retention ends."),
    ),
)


_BY_KEY = {k.key: k for k in KINDS}


def kind(key: str) -> DataKind:
    return _BY_KEY[key]


def rule(key: RuleKey | str) -> Rule:
    return RULES[RuleKey(key)]


def kinds_for_rule(key: RuleKey | str) -> list[DataKind]:
    return [k for k in KINDS if k.rule == key]


def kinds_by_purpose() -> dict[Purpose, list[DataKind]]:
    grouped: dict[Purpose, list[DataKind]] = {p: [] for p in Purpose}
    for k in KINDS:
        grouped[k.purpose].append(k)
    return {p: ks for p, ks in grouped.items() if ks}


@dataclass(frozen=True)
class Period:
    """A rule as it applies: the amount in force and where it came from."""

    rule: Rule
    amount: int
    overridden: bool

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        """Data whose rule started before this instant is due."""
        return self.rule.before(now, self.amount)

    def describe(self) -> str:
        return self.rule.describe(self.amount)


def period_for(key: RuleKey | str, organisation: Organisation | int | None = None) -> Period:
    """The period in force for ``organisation`` (its own rule, else the platform's, else the default)."""
    return periods_for([key], organisation)[RuleKey(key)]


def periods_for(
    keys: Iterable[RuleKey | str] | None = None, organisation: Organisation | int | None = None
) -> dict[RuleKey, Period]:
    """Every rule in force for ``organisation``, in one query."""
    from jamlik.retention.models import RetentionRule

    wanted = [RuleKey(k) for k in (keys if keys is not None else RuleKey)]
    org_id = organisation if isinstance(organisation, int) or organisation is None else organisation.pk
    rows = RetentionRule.objects.filter(key__in=wanted)
    rows = (
        rows.filter(organisation__isnull=True)
        if org_id is None
        else rows.filter(models.Q(organisation_id=org_id) | models.Q(organisation__isnull=True))
    )
    own: dict[str, int] = {}
    platform: dict[str, int] = {}
    for row in rows:
        (platform if row.organisation_id is None else own)[row.key] = row.amount
    found: dict[RuleKey, Period] = {}
    for key in wanted:
        r = RULES[key]
        if not r.adjustable:
            found[key] = Period(r, r.amount, False)
        elif not r.platform_wide and key in own:
            found[key] = Period(r, own[key], True)
        elif key in platform:
            found[key] = Period(r, platform[key], True)
        else:
            found[key] = Period(r, r.amount, False)
    return found
