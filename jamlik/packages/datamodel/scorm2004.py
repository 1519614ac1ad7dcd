"""The SCORM 2004 (4th edition) data model (RTE 4.2): every element, its access and its type.

The 2nd and 3rd editions use the same names with fewer elements; a package of theirs writes
nothing this table lacks. Names with an index are written with ``n`` in its place.
"""

from __future__ import annotations

from decimal import Decimal

from jamlik.packages.datamodel import types as t
from jamlik.packages.datamodel.elements import KEYWORD, Element, ro, rw, wo

COMPLETION_STATUSES = ("completed", "incomplete", "not attempted", "unknown")
SUCCESS_STATUSES = ("passed", "failed", "unknown")
INTERACTION_TYPES = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
)
SUSPEND_DATA_MAX = 64000

_scaled = t.real(Decimal(-1), Decimal(1))
_progress = t.real(Decimal(0), Decimal(1))
# A learner's response and a pattern are checked by their interaction's type (responses.py);
# the table checks only the length.
_response = t.characterstring(4000)

ELEMENTS: dict[str, Element] = {
    "cmi._version": KEYWORD,
    "cmi.comments_from_learner._children": KEYWORD,
    "cmi.comments_from_learner._count": KEYWORD,
    "cmi.comments_from_learner.n.comment": rw(t.localized(4000)),
    "cmi.comments_from_learner.n.location": rw(t.characterstring(250)),
    "cmi.comments_from_learner.n.timestamp": rw(t.timestamp),
    "cmi.comments_from_lms._children": KEYWORD,
    "cmi.comments_from_lms._count": KEYWORD,
    "cmi.comments_from_lms.n.comment": ro(),
    "cmi.comments_from_lms.n.location": ro(),
    "cmi.comments_from_lms.n.timestamp": ro(),
    "cmi.completion_status": rw(t.vocabulary(*COMPLETION_STATUSES)),
    "cmi.completion_threshold": ro(),
    "cmi.credit": ro(),
    "cmi.entry": ro(),
    "cmi.exit": wo(t.vocabulary("time-out", "suspend", "logout", "normal", "")),
    "cmi.interactions._children": KEYWORD,
    "cmi.interactions._count": KEYWORD,
    "cmi.interactions.n.id": rw(t.long_identifier),
    "cmi.interactions.n.type": rw(t.vocabulary(*INTERACTION_TYPES)),
    "cmi.interactions.n.objectives._count": KEYWORD,
    "cmi.interactions.n.objectives.n.id": rw(t.long_identifier),
    "cmi.interactions.n.timestamp": rw(t.timestamp),
    "cmi.interactions.n.correct_responses._count": KEYWORD,
    "cmi.interactions.n.correct_responses.n.pattern": rw(_response),
    "cmi.interactions.n.weighting": rw(t.real()),
    "cmi.interactions.n.learner_response": rw(_response),
    "cmi.interactions.n.result": rw(t.result_2004),
    "cmi.interactions.n.latency": rw(t.duration),
    "cmi.interactions.n.description": rw(t.localized(250)),
    "cmi.launch_data": ro(),
    "cmi.learner_id": ro(),
    "cmi.learner_name": ro(),
    "cmi.learner_preference._children": KEYWORD,
    "cmi.learner_preference.audio_level": rw(t.real(Decimal(0))),
    "cmi.learner_preference.language": rw(t.language),
    "cmi.learner_preference.delivery_speed": rw(t.real(Decimal(0))),
    "cmi.learner_preference.audio_captioning": rw(t.vocabulary("-1", "0", "1")),
    "cmi.location": rw(t.characterstring(1000)),
    "cmi.max_time_allowed": ro(),
    "cmi.mode": ro(),
    "cmi.objectives._children": KEYWORD,
    "cmi.objectives._count": KEYWORD,
    "cmi.objectives.n.id": rw(t.long_identifier),
    "cmi.objectives.n.score._children": KEYWORD,
    "cmi.objectives.n.score.scaled": rw(_scaled),
    "cmi.objectives.n.score.raw": rw(t.real()),
    "cmi.objectives.n.score.min": rw(t.real()),
    "cmi.objectives.n.score.max": rw(t.real()),
    "cmi.objectives.n.success_status": rw(t.vocabulary(*SUCCESS_STATUSES)),
    "cmi.objectives.n.completion_status": rw(t.vocabulary(*COMPLETION_STATUSES)),
    "cmi.objectives.n.progress_measure": rw(_progress),
    "cmi.objectives.n.description": rw(t.localized(250)),
    "cmi.progress_measure": rw(_progress),
    "cmi.scaled_passing_score": ro(),
    "cmi.score._children": KEYWORD,
    "cmi.score.scaled": rw(_scaled),
    "cmi.score.raw": rw(t.real()),
    "cmi.score.min": rw(t.real()),
    "cmi.score.max": rw(t.real()),
    "cmi.session_time": wo(t.duration),
    "cmi.success_status": rw(t.vocabulary(*SUCCESS_STATUSES)),
    "cmi.suspend_data": rw(t.characterstring(SUSPEND_DATA_MAX)),
    "cmi.time_limit_action": ro(),
    "cmi.total_time": ro(),
}

# Every other element of an objective or interaction needs its id set first (RTE 4.2.9, 408).
ID_FIRST = ("cmi.objectives.n.", "cmi.interactions.n.")
# A response needs its interaction's type first (408) and is read by that type.
TYPED_RESPONSES = ("cmi.interactions.n.learner_response", "cmi.interactions.n.correct_responses.n.pattern")
