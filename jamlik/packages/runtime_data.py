"""Which data-model elements live in an attempt's columns, and the values the runtime starts
from (read-only ones from the platform, the rest as the attempt holds them)."""

from __future__ import annotations

from decimal import Decimal

from jamlik.packages import rules
from jamlik.packages.attempts import Attempt
from jamlik.packages.datamodel import Version
from jamlik.packages.datamodel.timing import format_duration, format_timespan
from jamlik.packages.models import PackageItem

COLUMNS: dict[Version, dict[str, str]] = {
    Version.SCORM_12: {
        "cmi.core.lesson_status": "lesson_status",
        "cmi.core.score.raw": "score_raw",
        "cmi.core.score.min": "score_min",
        "cmi.core.score.max": "score_max",
        "cmi.core.session_time": "session_time",
        "cmi.core.lesson_location": "location",
        "cmi.suspend_data": "suspend_data",
        "cmi.core.exit": "exit",
    },
    Version.SCORM_2004: {
        "cmi.completion_status": "completion_status",
        "cmi.success_status": "success_status",
        "cmi.score.scaled": "score_scaled",
        "cmi.score.raw": "score_raw",
        "cmi.score.min": "score_min",
        "cmi.score.max": "score_max",
        "cmi.progress_measure": "progress_measure",
        "cmi.session_time": "session_time",
        "cmi.location": "location",
        "cmi.suspend_data": "suspend_data",
        "cmi.exit": "exit",
    },
}


def number(value: Decimal | None) -> str:
    """A stored decimal as the data model writes it (``85``, ``0.5``), empty when unset."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def initial_cmi(attempt: Attempt, item: PackageItem, version: Version) -> dict[str, str]:
    """The data model's values for the runtime to start from. The learner is named by the
    enrolment's opaque id and the name they gave (never the email address): third-party
    content learns no more about them than it needs."""
    enrolment = attempt.enrolment
    learner_id, learner_name = str(enrolment.public_id), enrolment.user.name
    scores = {"raw": number(attempt.score_raw), "min": number(attempt.score_min), "max": number(attempt.score_max)}
    if version is Version.SCORM_12:
        values = {
            "cmi.core.student_id": learner_id,
            "cmi.core.student_name": learner_name,
            "cmi.core.lesson_location": attempt.location,
            "cmi.core.credit": "credit",
            "cmi.core.lesson_status": attempt.lesson_status or "not attempted",
            "cmi.core.entry": attempt.entry,
            **{f"cmi.core.score.{name}": value for name, value in scores.items()},
            "cmi.core.total_time": format_timespan(attempt.total_centiseconds),
            "cmi.core.lesson_mode": "normal",
            "cmi.suspend_data": attempt.suspend_data,
            "cmi.launch_data": item.data_from_lms,
            "cmi.student_data.mastery_score": number(item.mastery_score),
            "cmi.student_data.max_time_allowed": item.max_time_allowed,
            "cmi.student_data.time_limit_action": item.time_limit_action,
        }
    else:
        values = {
            "cmi.learner_id": learner_id,
            "cmi.learner_name": learner_name,
            "cmi.location": attempt.location,
            "cmi.credit": "credit",
            "cmi.mode": "normal",
            "cmi.entry": attempt.entry,
            "cmi.completion_status": attempt.completion_status,
            "cmi.success_status": attempt.success_status,
            "cmi.total_time": format_duration(attempt.total_centiseconds),
            "cmi.suspend_data": attempt.suspend_data,
            "cmi.launch_data": item.data_from_lms,
            "cmi.max_time_allowed": item.max_time_allowed,
            "cmi.time_limit_action": item.time_limit_action,
        }
        optional = {
            **{f"cmi.score.{name}": value for name, value in scores.items()},
            "cmi.score.scaled": number(attempt.score_scaled),
            "cmi.progress_measure": number(attempt.progress_measure),
            "cmi.completion_threshold": number(item.completion_threshold),
            "cmi.scaled_passing_score": number(rules.passing_score(item)),
        }
        values.update({name: value for name, value in optional.items() if value != ""})
    return {**values, **attempt.data}
