"""The SCORM 1.2 data model (RTE 3.4): every element, its access and its type.

Names with an index are written with ``n`` in its place (``cmi.interactions.n.id``).
"""

from __future__ import annotations

from decimal import Decimal

from jamlik.packages.datamodel import types as t
from jamlik.packages.datamodel.elements import KEYWORD, Element, ro, rw, wo

LESSON_STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
INTERACTION_TYPES = ("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric")
SUSPEND_DATA_MAX = 4096

_score = t.real(Decimal(0), Decimal(100), allow_empty=True)

ELEMENTS: dict[str, Element] = {
    "cmi._version": KEYWORD,
    "cmi.core._children": KEYWORD,
    "cmi.core.student_id": ro(),
    "cmi.core.student_name": ro(),
    "cmi.core.lesson_location": rw(t.characterstring(255)),
    "cmi.core.credit": ro(),
    # "not attempted" is the runtime's starting value, a SCO cannot set it (RTE 3.4.4).
    "cmi.core.lesson_status": rw(t.vocabulary(*LESSON_STATUSES[:-1])),
    "cmi.core.entry": ro(),
    "cmi.core.score._children": KEYWORD,
    "cmi.core.score.raw": rw(_score),
    "cmi.core.score.min": rw(_score),
    "cmi.core.score.max": rw(_score),
    "cmi.core.total_time": ro(),
    "cmi.core.lesson_mode": ro(),
    "cmi.core.exit": wo(t.vocabulary("time-out", "suspend", "logout", "")),
    "cmi.core.session_time": wo(t.timespan_12),
    "cmi.suspend_data": rw(t.characterstring(SUSPEND_DATA_MAX)),
    "cmi.launch_data": ro(),
    "cmi.comments": rw(t.characterstring(4096)),
    "cmi.comments_from_lms": ro(),
    "cmi.objectives._children": KEYWORD,
    "cmi.objectives._count": KEYWORD,
    "cmi.objectives.n.id": rw(t.identifier_12),
    "cmi.objectives.n.score._children": KEYWORD,
    "cmi.objectives.n.score.raw": rw(_score),
    "cmi.objectives.n.score.min": rw(_score),
    "cmi.objectives.n.score.max": rw(_score),
    "cmi.objectives.n.status": rw(t.vocabulary(*LESSON_STATUSES)),
    "cmi.student_data._children": KEYWORD,
    "cmi.student_data.mastery_score": ro(),
    "cmi.student_data.max_time_allowed": ro(),
    "cmi.student_data.time_limit_action": ro(),
    "cmi.student_preference._children": KEYWORD,
    "cmi.student_preference.audio": rw(t.integer(-1, 100)),
    "cmi.student_preference.language": rw(t.characterstring(255)),
    "cmi.student_preference.speed": rw(t.integer(-100, 100)),
    "cmi.student_preference.text": rw(t.integer(-1, 1)),
    "cmi.interactions._children": KEYWORD,
    "cmi.interactions._count": KEYWORD,
    "cmi.interactions.n.id": wo(t.identifier_12),
    "cmi.interactions.n.objectives._count": KEYWORD,
    "cmi.interactions.n.objectives.n.id": wo(t.identifier_12),
    "cmi.interactions.n.time": wo(t.time_12),
    "cmi.interactions.n.type": wo(t.vocabulary(*INTERACTION_TYPES)),
    "cmi.interactions.n.correct_responses._count": KEYWORD,
    "cmi.interactions.n.correct_responses.n.pattern": wo(t.characterstring(t.FEEDBACK_MAX)),
    "cmi.interactions.n.weighting": wo(t.real()),
    "cmi.interactions.n.student_response": wo(t.characterstring(t.FEEDBACK_MAX)),
    "cmi.interactions.n.result": wo(t.result_12),
    "cmi.interactions.n.latency": wo(t.timespan_12),
}

ID_FIRST: tuple[str, ...] = ()  # SCORM 1.2 sets no order inside a collection

# Response values are read by their interaction's type when it has one.
TYPED_RESPONSES: tuple[str, ...] = ()
