"""The tables of a person's data: one per model the person's page and export read.

Each table names its fields (the export's keys and the page's columns, in order) and the
retention catalogue's kind it belongs to (``jamlik.retention.catalogue``). What the law and the
organisation say about it (purpose, legal basis, who may see it, how long it is kept) is read from
that kind, never written here: the person's page, the export and the privacy notice say what the
retention job does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jamlik.retention.catalogue import DataKind, kind


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise


@dataclass(frozen=True)
class Kind:
    key: str  # the export's ``table``
    data_kind: str  # the retention catalogue's kind
    title: Promise
    fields: tuple[Field, ...]


def _f(*pairs: tuple[str, Promise]) -> tuple[Field, ...]:
    return tuple(Field(key, label) for key, label in pairs)


WHEN = ("at", _("When"))
ORG = ("organisation", _("Organisation"))
COURSE = ("course", _("Course"))
PROGRAMME = ("programme", _("Programme"))

KINDS: tuple[Kind, ...] = (
    Kind(
        "people.account",
        "account",
        _("Account"),
        _f(
            ("email", _("Email address")),
            ("name", _("Name")),
            ("kon", _("Kön")),
            ("preferred_language", _("Language")),
            ("platform_role", _("Platform role")),
            ("date_joined", _("Account created")),
            ("last_login", _("Last signed in")),
        ),
    ),
    Kind(
        "people.membership",
        "memberships",
        _("Memberships of organisations"),
        _f(
            ORG,
            ("unit", _("Unit")),
            ("role", _("Role")),
            ("status", _("Status")),
            ("valid_from", _("From")),
            ("valid_to", _("Until")),
            ("source", _("Managed by")),
        ),
    ),
    Kind(
        "account.email_address",
        "sign_in_identities",
        _("Email addresses"),
        _f(("email", _("Email address")), ("verified", _("Verified")), ("primary", _("Primary"))),
    ),
    Kind(
        "identity.social_account",
        "sign_in_identities",
        _("Sign-in through your organisation"),
        _f(
            ("provider", _("Identity provider")),
            ("uid", _("Your identifier there")),
            ("date_joined", _("First used")),
            ("last_login", _("Last used")),
        ),
    ),
    Kind(
        "account.session",
        "sign_in_sessions",
        _("Signed-in sessions"),
        _f(
            ("ip", _("Network address")),
            ("user_agent", _("Browser")),
            ("created_at", _("Signed in")),
            ("last_seen_at", _("Last seen")),
        ),
    ),
    Kind(
        "people.api_token",
        "api_tokens",
        _("API tokens"),
        _f(
            ("name", _("Name")),
            ("created_at", _("Created")),
            ("last_used_at", _("Last used")),
            ("revoked_at", _("Revoked")),
        ),
    ),
    Kind(
        "courses.enrolment",
        "enrolments",
        _("Enrolments"),
        _f(
            COURSE,
            ("enrolled_at", _("Enrolled")),
            ("source", _("How")),
            ("completed_at", _("Completed")),
            ORG,
        ),
    ),
    Kind(
        "courses.lesson_progress",
        "lesson_progress",
        _("Lessons done"),
        _f(COURSE, ("lesson", _("Lesson")), ("completed_at", _("Done"))),
    ),
    Kind(
        "courses.check_answer",
        "lesson_progress",
        _("Knowledge-check answers"),
        _f(
            COURSE,
            ("chosen", _("Options chosen")),
            ("correct", _("Right")),
            ("attempts", _("Attempts")),
            ("answered_at", _("Answered")),
        ),
    ),
    Kind(
        "courses.reflection",
        "reflections",
        _("Reflections (only you can see them)"),
        _f(COURSE, ("text", _("Your text")), ("updated_at", _("Written"))),
    ),
    Kind(
        "evaluations.participation",
        "evaluation_participation",
        _("Evaluations answered (not the answers, which are kept without your name)"),
        _f(("occasion", _("Course or session")), ("day", _("Completed or attended"))),
    ),
    Kind(
        "packages.attempt",
        "enrolments",
        _("Attempts in packaged courses (SCORM)"),
        _f(
            COURSE,
            ("item", _("Part")),
            ("number", _("Attempt")),
            ("started_at", _("Started")),
            ("done_at", _("Done")),
            ("score", _("Score")),
        ),
    ),
    Kind(
        "lrs.statement",
        "learning_statements",
        _("Learning records (xAPI statements)"),
        _f(("verb", _("What")), ("object", _("Activity")), ("timestamp", _("When"))),
    ),
    Kind(
        "courses.completion",
        "completions",
        _("Completed courses"),
        _f(COURSE, ("completed_at", _("Completed")), ORG, ("unit", _("Unit")), ("source", _("How"))),
    ),
    Kind(
        "programmes.registration",
        "registrations",
        _("Registrations"),
        _f(PROGRAMME, ("status", _("Status")), ("registered_at", _("Registered")), ("cancelled_at", _("Cancelled"))),
    ),
    Kind(
        "programmes.answer",
        "registration_answers",
        _("Answers given when registering"),
        _f(PROGRAMME, ("question", _("Question")), ("answer", _("Answer"))),
    ),
    Kind(
        "programmes.booking",
        "registrations",
        _("Sessions booked and attendance"),
        _f(
            PROGRAMME,
            ("session", _("Session")),
            ("status", _("Status")),
            ("attendance", _("Attendance")),
        ),
    ),
    Kind(
        "programmes.needs",
        "session_needs",
        _("Dietary and accessibility needs"),
        _f(
            PROGRAMME, ("session", _("Session")), ("dietary", _("Dietary needs")), ("accessibility", _("Accessibility"))
        ),
    ),
    Kind(
        "programmes.completion",
        "completions",
        _("Completed programmes"),
        _f(PROGRAMME, ("completed_at", _("Completed"))),
    ),
    Kind(
        "credentials.diploma",
        "diplomas",
        _("Diplomas"),
        _f(
            ("title", _("Diploma")),
            ("recipient_name", _("Name on the diploma")),
            ("code", _("Verification code")),
            ("issued_at", _("Issued")),
            ("status", _("Status")),
            ORG,
        ),
    ),
    Kind(
        "campaigns.counted",
        "campaign_counting",
        _("Counted in campaigns"),
        _f(("campaign", _("Campaign")), ORG, ("day", _("Counted on")), ("unit", _("Unit"))),
    ),
    Kind(
        "networks.membership",
        "network_memberships",
        _("Network memberships"),
        _f(("network", _("Network")), ("role", _("Role")), ("state", _("State")), ORG),
    ),
    Kind(
        "networks.post",
        "network_posts",
        _("Posts you wrote"),
        _f(("network", _("Network")), ("thread", _("Thread")), ("body", _("Message")), ("created_at", _("Written"))),
    ),
    Kind(
        "networks.document",
        "network_posts",
        _("Documents you uploaded"),
        _f(
            ("network", _("Network")),
            ("document", _("Document")),
            ("filename", _("File")),
            ("uploaded_at", _("Uploaded")),
        ),
    ),
    Kind(
        "strategies.response",
        "strategy_work",
        _("Strategy follow-ups you submitted"),
        _f(("round", _("Follow-up")), ORG, ("status", _("Status")), ("submitted_at", _("Submitted"))),
    ),
    Kind(
        "audit.entry",
        "audit_entries",
        _("Changes you made, and changes made about you"),
        _f(WHEN, ("action", _("Action")), ("by_you", _("By you")), ORG, ("summary", _("Summary"))),
    ),
)

BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}


def data_kind(table: Kind) -> DataKind:
    return kind(table.data_kind)
