"""A cmi5 course run from launch to completion through the platform's pages, the fetch URL and the LRS."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.courses.models import Completion, ProgressSource
from jamlik.lrs.documents.actions import Where, get_document
from jamlik.lrs.documents.agents import agent_from_json
from jamlik.lrs.documents.models import DocumentKind
from jamlik.lrs.models import LrsClient, Statement
from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.cmi5.models import Registration, Session
from jamlik.people.models import Organisation, User
from tests.cmi5.kit import Au, aus, enrolled, launch, published
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _verbs(registration: str) -> list[str]:
    rows = Statement.objects.filter(registration=registration).order_by("seq")
    return [v.VERB_NAMES.get(row.verb_id, row.verb_id) for row in rows]


def _run(au: Au, *statements: dict[str, Any]) -> None:
    assert "auth-token" in au.fetch()
    for statement in statements:
        assert au.send(statement) == 200, statement["verb"]


def test_a_learner_completes_the_demo_course_and_it_counts(learner_a: User, org_a: Organisation) -> None:
    version = published()
    enrolled(learner_a, version)
    browser = client_for(learner_a)
    read, quiz = aus(version)

    first = launch(browser, read)
    assert first.url.startswith("http://localhost:")  # the content origin, never the platform's host
    _run(
        first,
        first.statement(v.INITIALIZED),
        first.statement(v.COMPLETED, result={"completion": True, "duration": "PT5S"}, move_on=True),
        first.statement(v.TERMINATED, result={"duration": "PT6S"}),
    )
    assert not Completion.objects.filter(user=learner_a).exists()

    second = launch(browser, quiz)
    _run(
        second,
        second.statement(v.INITIALIZED),
        second.statement(
            v.PASSED,
            result={"success": True, "duration": "PT9S", "score": {"scaled": 0.67, "raw": 2, "min": 0, "max": 3}},
            move_on=True,
            mastery=0.6,
        ),
        second.statement(v.TERMINATED, result={"duration": "PT10S"}),
    )
    completion = Completion.objects.get(user=learner_a)
    assert (completion.organisation, completion.source) == (org_a, ProgressSource.PACKAGE)
    registration = Registration.objects.get(user=learner_a)
    assert registration.organisation == org_a
    assert _verbs(str(registration.public_id)) == [
        "launched", "initialized", "completed", "terminated",
        "launched", "initialized", "passed", "satisfied", "satisfied", "terminated",
    ]  # fmt: skip
    satisfied = Statement.objects.filter(registration=registration.public_id, verb_id=v.SATISFIED).order_by("seq")
    types = [row.data["object"]["definition"]["type"] for row in satisfied]
    assert types == [v.ACTIVITY_BLOCK, v.ACTIVITY_COURSE]
    assert all(row.organisation == org_a for row in Statement.objects.filter(registration=registration.public_id))


def test_the_launch_writes_launch_data_and_the_launched_statement(learner_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    au = launch(client_for(learner_a), aus(version)[1])
    params = au.params
    assert set(params) >= {"endpoint", "fetch", "actor", "registration", "activityId"}
    assert params["endpoint"] == "http://testserver/xapi/"
    assert params["activityId"] != "https://jamlik.se/cmi5/demo/lika-villkor/testa"  # the LMS's own id
    actor = json.loads(params["actor"])
    assert actor == {
        "objectType": "Agent",
        "account": {"homePage": "http://testserver", "name": str(learner_a.public_id)},
    }
    session = Session.objects.get()
    where = Where(
        kind=DocumentKind.STATE,
        activity_id=params["activityId"],
        agent=agent_from_json(actor),
        registration=session.registration.public_id,
    )
    document = get_document(session.registration.organisation, where, v.LAUNCH_DATA)
    assert document is not None
    data = json.loads(bytes(document.content))
    assert data["launchMode"] == "Normal"
    assert data["moveOn"] == "Passed"
    assert data["masteryScore"] == 0.6
    assert data["returnURL"].endswith(f"/cmi5/kurs/{version.public_id}/")
    assert data["contextTemplate"]["extensions"][v.EXT_SESSION] == str(session.public_id)
    assert {"objectType": "Activity", "id": "https://jamlik.se/cmi5/demo/lika-villkor/testa"} in data[
        "contextTemplate"
    ]["contextActivities"]["grouping"]
    launched = Statement.objects.get(verb_id=v.LAUNCHED)
    extensions = launched.data["context"]["extensions"]
    assert extensions[v.EXT_SESSION] == str(session.public_id)
    assert extensions[v.EXT_MASTERY] == 0.6
    assert extensions[v.EXT_LAUNCH_MODE] == "Normal"


def test_the_fetch_url_hands_out_its_token_once(learner_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    au = launch(client_for(learner_a), aus(version)[0])
    fetch_path = au.params["fetch"].replace("http://testserver", "")
    assert Client().get(fetch_path).status_code == 405
    first = au.fetch()
    assert set(first) == {"auth-token"}
    again = Client().post(fetch_path).json()
    assert again["error-code"] == "1" and "auth-token" not in again
    forged = Client().post(fetch_path[:-3] + "abc").json()
    assert forged["error-code"] == "3"
    assert LrsClient.objects.filter(kind="cmi5-session").count() == 1


def test_statements_breaking_cmi5_rules_are_refused_with_403_and_nothing_is_stored(learner_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    au = launch(client_for(learner_a), aus(version)[0])
    au.fetch()
    before = Statement.objects.count()
    early = au.statement(v.COMPLETED, result={"completion": True, "duration": "PT1S"}, move_on=True)
    assert au.send(early) == 403  # before initialized
    assert au.send(au.statement(v.INITIALIZED), au.statement(v.INITIALIZED)) == 403  # the batch is all or nothing
    assert Statement.objects.count() == before


def test_a_new_launch_abandons_the_session_left_open(learner_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    browser = client_for(learner_a)
    first = launch(browser, aus(version)[0])
    _run(first, first.statement(v.INITIALIZED))
    launch(browser, aus(version)[0])
    assert Session.objects.filter(abandoned_at__isnull=False).count() == 1
    assert first.send(first.statement("http://adlnet.gov/expapi/verbs/experienced")) == 401  # its credential is revoked
    registration = str(Registration.objects.get().public_id)
    assert _verbs(registration) == ["launched", "initialized", "abandoned", "launched"]


def test_a_session_credential_reaches_only_its_own_session(learner_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    au = launch(client_for(learner_a), aus(version)[0])
    au.fetch()
    assert au.client.get("/xapi/statements", **au.headers()).status_code == 403


def test_another_learner_cannot_launch_or_see_the_course(learner_a: User, coordinator_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    other = client_for(coordinator_a)
    assert other.post(f"/cmi5/starta/{aus(version)[0].public_id}/").status_code == 404
    assert other.get(f"/cmi5/kurs/{version.public_id}/").status_code == 404
    assert client_for(learner_a).get(f"/cmi5/kurs/{version.public_id}/").status_code == 200


def test_the_course_page_sends_an_enrolled_learner_to_the_cmi5_player(learner_a: User) -> None:
    version = published()
    enrolled(learner_a, version)
    page = client_for(learner_a).get(f"/kurser/{version.course.slug}/")
    assert f"/cmi5/kurs/{version.public_id}/" in page.content.decode()


def test_a_session_credential_cannot_write_or_read_for_another_organisations_learner(
    learner_a: User, org_b: Organisation
) -> None:
    """Learner A's AU, holding its session credential, tries to act for a learner of another
    organisation in that learner's own registration: refused, nothing stored, nothing read."""
    from tests.factories import MembershipFactory, UserFactory

    other = UserFactory(email="gustav@gagnef.se", name="Gustav")
    MembershipFactory(user=other, organisation=org_b)
    version = published()
    enrolled(learner_a, version)
    enrolled(other, version)
    mine = launch(client_for(learner_a), aus(version)[0])
    theirs = launch(client_for(other), aus(version)[0])
    mine.fetch()
    before = Statement.objects.count()
    forged = theirs.statement(v.INITIALIZED)  # their actor, registration and session
    assert mine.send(forged) == 403
    assert Statement.objects.count() == before
    state = mine.client.get(
        "/xapi/activities/state",
        {
            "activityId": theirs.params["activityId"],
            "agent": theirs.params["actor"],
            "registration": theirs.params["registration"],
            "stateId": "LMS.LaunchData",
        },
        **mine.headers(),
    )
    assert state.status_code == 403


def test_a_session_keeps_one_failed_statement_and_a_new_session_may_fail_again(learner_a: User) -> None:
    # CATAPULT 005-2 (9.3.0.0-2): a second failed statement in one session was kept.
    version = published()
    enrolled(learner_a, version)
    client = client_for(learner_a)
    au = launch(client, aus(version)[0])

    def failed(at: Au) -> dict[str, Any]:
        return at.statement(
            v.FAILED, result={"success": False, "duration": "PT1S", "score": {"scaled": 0.1}}, move_on=True
        )

    _run(au, au.statement(v.INITIALIZED), failed(au))
    assert au.send(failed(au)) == 403
    again = launch(client, aus(version)[0])
    _run(again, again.statement(v.INITIALIZED), failed(again))
    assert Statement.objects.filter(verb_id=v.FAILED).count() == 2


def test_an_au_asks_for_the_learner_preferences_before_it_sends_initialized(learner_a: User) -> None:
    # CATAPULT 005-1 (11.0.0.0-3): initialized sent before reading cmi5LearnerPreferences was kept.
    version = published()
    enrolled(learner_a, version)
    au = launch(client_for(learner_a), aus(version)[0])
    assert "auth-token" in au.fetch(preferences=False)
    assert au.send(au.statement(v.INITIALIZED)) == 403
    assert au.read_preferences() == 404  # none set yet: asking is what counts
    assert au.send(au.statement(v.INITIALIZED)) == 200
