"""The statements Jämlik writes about its own learning, built from the rows an action wrote.

**The actor** is an ``account`` on the site: ``homePage`` is ``SITE_URL`` and ``name`` the
person's ``public_id``. Not the email address: an address is personal data that would then be
copied into every statement, every external LRS an organisation forwards to and every export,
and it changes (a new job, a new name) while the learning stays the person's. The public id is
stable, says nothing by itself, and is already the person's id in our API, so a reader who may
know who it is (the organisation, through Jämlik) can, and nobody else learns anything. No name
is sent either, and **kön never is**: nothing about the person but the id.

**Activity ids** are IRIs under the site's address that never change:
``<SITE_URL>/xapi/activities/course/<course public_id>``, ``…/lesson/<lesson key>`` and
``…/question/<block key>`` (a lesson's and a block's ``key`` stays the same through a course's
versions), ``…/session/<session public_id>``, ``…/diploma/<diploma public_id>``.

**Statement ids** are derived (UUID 5) from what happened (the row and, for a re-answered
question, the attempt), so writing one twice stores it once.

**A knowledge check's answer** carries its result (``success``, the chosen option ids as a
``choice`` response); a reflection's text is never written as a statement at all.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings

from jamlik.courses.models import Block, CheckAnswer, Completion, Enrolment, LessonProgress
from jamlik.credentials.models import Diploma
from jamlik.programmes.models import Booking

NAMESPACE = uuid.UUID("2f0c7a52-3b7e-4c55-9a61-4f1d0c0e5a10")  # ours, for the statement ids

VERBS = {
    "registered": ("http://adlnet.gov/expapi/verbs/registered", "registered", "anmälde sig till"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "completed", "slutförde"),
    "answered": ("http://adlnet.gov/expapi/verbs/answered", "answered", "besvarade"),
    "attended": ("http://adlnet.gov/expapi/verbs/attended", "attended", "deltog i"),
    "earned": ("http://id.tincanapi.com/verb/earned", "earned", "fick"),
}
TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "session": "http://adlnet.gov/expapi/activities/meeting",
    "diploma": "http://id.tincanapi.com/activitytype/certificate",
    "programme": "http://adlnet.gov/expapi/activities/course",
}


def site() -> str:
    return str(settings.SITE_URL).rstrip("/")


def actor(public_id: uuid.UUID) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": site(), "name": str(public_id)}}


def activity(kind: str, ident: uuid.UUID, title: str, **definition: Any) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{site()}/xapi/activities/{kind}/{ident}",
        "definition": {"type": TYPES[kind], "name": {"sv-SE": title}, **definition},
    }


def verb(name: str) -> dict[str, Any]:
    iri, english, swedish = VERBS[name]
    return {"id": iri, "display": {"en-US": english, "sv-SE": swedish}}


def statement_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _statement(ident: str, who: uuid.UUID, name: str, obj: dict[str, Any], at: datetime, **more: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "actor": actor(who),
        "verb": verb(name),
        "object": obj,
        "timestamp": at.isoformat(),
        **more,
    }


def _course(enrolment: Enrolment) -> dict[str, Any]:
    return activity("course", enrolment.course.public_id, enrolment.version.title)


def _context(enrolment: Enrolment, **activities: Any) -> dict[str, Any]:
    return {
        "registration": str(enrolment.public_id),
        "platform": "Jämlik",
        **({"contextActivities": activities} if activities else {}),
    }


def enrolled(enrolment: Enrolment) -> dict[str, Any]:
    return _statement(
        statement_id("enrolled", enrolment.public_id),
        enrolment.user.public_id,
        "registered",
        _course(enrolment),
        enrolment.created_at,
        context=_context(enrolment),
    )


def lesson_done(progress: LessonProgress) -> dict[str, Any]:
    enrolment, lesson = progress.enrolment, progress.lesson
    return _statement(
        statement_id("lesson", progress.pk, enrolment.public_id, lesson.key),
        enrolment.user.public_id,
        "completed",
        activity("lesson", lesson.key, lesson.title),
        progress.completed_at,
        result={"completion": True},
        context=_context(enrolment, parent=[_course(enrolment)]),
    )


def check_answered(answer: CheckAnswer, block: Block, attempt: int) -> dict[str, Any]:
    enrolment = answer.enrolment
    lesson = block.lesson
    question = activity(
        "question",
        block.key,
        f"{lesson.title}: {block.position + 1}",
        interactionType="choice",
    )
    return _statement(
        statement_id("answer", answer.pk, attempt),
        enrolment.user.public_id,
        "answered",
        question,
        answer.answered_at,
        result={"success": answer.correct, "response": "[,]".join(answer.chosen)},
        context=_context(
            enrolment, parent=[activity("lesson", lesson.key, lesson.title)], grouping=[_course(enrolment)]
        ),
    )


def course_completed(completion: Completion) -> dict[str, Any]:
    enrolment = completion.enrolment
    return _statement(
        statement_id("completion", completion.public_id),
        completion.user.public_id,
        "completed",
        _course(enrolment),
        completion.completed_at,
        result={"completion": True},
        context=_context(enrolment),
    )


def session_attended(booking: Booking) -> dict[str, Any]:
    session = booking.session
    programme = session.module.programme
    title = f"{programme.title}: {session.module.title}"
    return _statement(
        statement_id("attended", booking.public_id),
        booking.registration.user.public_id,
        "attended",
        activity("session", session.public_id, title),
        booking.attendance_marked_at or session.ends_at,
        context={
            "registration": str(booking.registration.public_id),
            "platform": "Jämlik",
            "contextActivities": {"parent": [activity("programme", programme.public_id, programme.title)]},
        },
    )


def diploma_issued(diploma: Diploma) -> dict[str, Any]:
    title = str((diploma.achievement or {}).get("name") or diploma.achievement_key)
    return _statement(
        statement_id("diploma", diploma.public_id),
        diploma.recipient.public_id,
        "earned",
        activity("diploma", diploma.public_id, title),
        diploma.issued_at,
        context={"platform": "Jämlik"},
    )
