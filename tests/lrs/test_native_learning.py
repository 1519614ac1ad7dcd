"""Jämlik's own learning as xAPI statements: written with the change, in the learner's organisation."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import settings

from jamlik.courses import actions
from jamlik.courses.blocks import BlockKind
from jamlik.lrs.models import Statement
from jamlik.people.models import Organisation, User
from tests.courses.factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def statements_of(organisation: Organisation | None) -> list[dict[str, Any]]:
    return [row.data for row in Statement.objects.filter(organisation=organisation).order_by("seq")]


def verbs(rows: list[dict[str, Any]]) -> list[str]:
    return [row["verb"]["id"].rsplit("/", 1)[1] for row in rows]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what each action leaves for after its commit (the listeners), as a commit would."""

    def run(action: Any, *args: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    return run


def test_a_course_taken_is_told_in_statements(learner_a: User, org_a: Organisation, committed: Any) -> None:
    course = make_course(lessons=2, checks_per_lesson=1, reflection=True)
    first, second = lessons_of(course)
    committed(actions.enrol, learner_a, course)
    check = first.blocks.get(kind=BlockKind.KNOWLEDGE_CHECK)
    committed(actions.answer_check, learner_a, check, ["b"])
    committed(actions.answer_check, learner_a, check, ["a"])
    reflection = first.blocks.get(kind=BlockKind.REFLECTION)
    committed(actions.save_reflection, learner_a, reflection, "Min privata tanke om kön och arbete")
    committed(actions.record_progress, learner_a, first)
    for block in second.blocks.filter(kind=BlockKind.KNOWLEDGE_CHECK):
        committed(actions.answer_check, learner_a, block, ["a"])
    committed(actions.record_progress, learner_a, second)

    rows = statements_of(org_a)
    assert verbs(rows) == ["registered", "answered", "answered", "completed", "answered", "completed", "completed"]
    site = settings.SITE_URL.rstrip("/")
    course_iri = f"{site}/xapi/activities/course/{course.public_id}"
    assert rows[0]["object"]["id"] == course_iri
    assert rows[-1]["object"]["id"] == course_iri  # the course completed
    assert rows[3]["object"]["id"] == f"{site}/xapi/activities/lesson/{first.key}"
    assert rows[1]["result"] == {"success": False, "response": "b"}
    assert rows[2]["result"] == {"success": True, "response": "a"}
    assert rows[1]["id"] != rows[2]["id"]
    enrolment = learner_a.enrolments.get()
    for row in rows:
        assert row["actor"] == {"objectType": "Agent", "account": {"homePage": site, "name": str(learner_a.public_id)}}
        assert row["context"]["registration"] == str(enrolment.public_id)
    text = json.dumps(rows, ensure_ascii=False)
    assert "Min privata tanke" not in text  # a reflection never leaves
    assert learner_a.email not in text and learner_a.name not in text
    assert "kon" not in text.replace("konto", "") and "kön" not in text
    assert statements_of(None) == []  # nothing outside the organisation


def test_the_same_event_twice_is_one_statement(learner_a: User, org_a: Organisation, committed: Any) -> None:
    from jamlik.lrs.learning.listeners import write

    course = make_course(lessons=1)
    enrolment = committed(actions.enrol, learner_a, course)
    committed(actions.enrol, learner_a, course)
    committed(actions.record_progress, learner_a, lessons_of(course)[0])
    committed(actions.record_progress, learner_a, lessons_of(course)[0])
    write.call("enrolled", {"enrolment_id": enrolment.pk})  # a task run twice (a worker's retry)
    assert verbs(statements_of(org_a)) == ["registered", "completed", "completed"]


def test_a_statement_the_store_refuses_never_fails_the_learner(
    learner_a: User, org_a: Organisation, settings: Any, committed: Any
) -> None:
    course = make_course(lessons=1)
    settings.SITE_URL = "not an address"  # the actor's homePage is then no IRL: the store refuses it
    enrolment = committed(actions.enrol, learner_a, course)
    assert enrolment.pk and not Statement.objects.exists()


def test_nothing_is_written_before_the_change_commits(learner_a: User, org_a: Organisation) -> None:
    actions.enrol(learner_a, make_course(lessons=1))  # the test's transaction never commits
    assert not Statement.objects.exists()


def test_the_backfill_adds_what_the_queue_lost_and_nothing_else(
    learner_a: User, org_a: Organisation, committed: Any
) -> None:
    """A process that died between the learner's commit and the queueing lost those statements;
    the daily backfill writes them from the rows, and a second run changes nothing."""
    from django.core.management import call_command

    course = make_course(lessons=1, checks_per_lesson=1)
    (lesson,) = lessons_of(course)
    committed(actions.enrol, learner_a, course)
    # Lost: the answer and the progress are committed but their listeners never ran.
    actions.answer_check(learner_a, lesson.blocks.get(kind=BlockKind.KNOWLEDGE_CHECK), ["a"])
    actions.record_progress(learner_a, lesson)
    assert verbs(statements_of(org_a)) == ["registered"]

    call_command("xapi_backfill", stdout=io.StringIO())
    after = statements_of(org_a)
    assert sorted(verbs(after)) == ["answered", "completed", "completed", "registered"]
    call_command("xapi_backfill", "--days", "1", stdout=io.StringIO())
    assert statements_of(org_a) == after


def test_imported_completions_are_told_in_bulk_once_each(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    """An import's completions are written when the import announces them, a batch at a time,
    and not a second time through each one's own ``course_completed``."""
    from tests.credentials.kit import diploma_course
    from tests.credentials.test_imported_diplomas import announce, imported, members

    course = diploma_course(owner=org_a)
    ids = imported(org_a, course, members(org_a, 4, "imp"))
    announce(django_capture_on_commit_callbacks, ids)
    rows = statements_of(org_a)
    assert verbs(rows).count("completed") == 4  # beside the diplomas issued for them
    completed = [row for row in rows if row["verb"]["id"].endswith("/completed")]
    assert len({row["id"] for row in completed}) == 4
