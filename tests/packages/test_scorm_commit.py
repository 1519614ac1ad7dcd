"""The runtime's commit endpoint: stored values, ordering by seq, idempotent retries, the SCORM
error codes for refused values, and nobody else's attempt (docs/scorm.md, "Track")."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.packages.attempts import Attempt
from jamlik.packages.models import Standard
from jamlik.packages.tracking import open_attempt
from jamlik.people.models import User
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.packages.tracking_kit import enrol, make_package, post_commit, scos_of

pytestmark = pytest.mark.django_db


def _attempt(user: User, standard: str = Standard.SCORM_12) -> Attempt:
    package = make_package(standard)
    enrol(user, package)
    return open_attempt(user, scos_of(package)[0])


def test_a_commit_stores_the_runtimes_values(learner_a: User) -> None:
    attempt = _attempt(learner_a)
    answer = post_commit(
        client_for(learner_a),
        attempt,
        1,
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": "sida-3",
            "cmi.suspend_data": "A1B2" * 10,
            "cmi.core.session_time": "00:02:03.50",
            "cmi.core.score.raw": "40",
            "cmi.core.exit": "suspend",
            "cmi.interactions.0.id": "fraga-1",
            "cmi.interactions.0.type": "choice",
            "cmi.interactions.0.student_response": "b",
            "cmi.objectives.0.id": "mal-1",
            "cmi.objectives.0.status": "incomplete",
            "cmi.core.student_id": "ignored: read only",
        },
    )
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "seq": 1, "completed": False}
    attempt.refresh_from_db()
    assert (attempt.lesson_status, attempt.location, attempt.exit) == ("incomplete", "sida-3", "suspend")
    assert attempt.suspend_data == "A1B2" * 10
    assert attempt.session_time == 12350
    assert attempt.score_raw == Decimal(40)
    assert attempt.data == {
        "cmi.interactions.0.id": "fraga-1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "b",
        "cmi.objectives.0.id": "mal-1",
        "cmi.objectives.0.status": "incomplete",
    }
    assert attempt.seq == 1


def test_the_same_commit_again_is_answered_from_what_is_stored(learner_a: User) -> None:
    attempt = _attempt(learner_a)
    client = client_for(learner_a)
    cmi = {"cmi.core.lesson_location": "sida-1"}
    assert post_commit(client, attempt, 1, cmi).status_code == 200
    post_commit(client, attempt, 2, {"cmi.core.lesson_location": "sida-2"})
    again = post_commit(client, attempt, 2, {"cmi.core.lesson_location": "sida-2"})
    assert again.status_code == 200
    assert again.json() == {"ok": True, "seq": 2, "completed": False}
    attempt.refresh_from_db()
    assert (attempt.seq, attempt.location) == (2, "sida-2")


@pytest.mark.parametrize(("seq", "location"), [(1, "late"), (2, "other tab, same number")])
def test_an_older_or_clashing_commit_is_stale_and_changes_nothing(learner_a: User, seq: int, location: str) -> None:
    attempt = _attempt(learner_a)
    client = client_for(learner_a)
    post_commit(client, attempt, 1, {"cmi.core.lesson_location": "one"})
    post_commit(client, attempt, 2, {"cmi.core.lesson_location": "two"})
    stale = post_commit(client, attempt, seq, {"cmi.core.lesson_location": location})
    assert stale.status_code == 409
    assert stale.json() == {"ok": False, "stale": True, "seq": 2, "completed": False}
    attempt.refresh_from_db()
    assert attempt.location == "two"


@pytest.mark.parametrize(
    ("standard", "cmi", "code", "element"),
    [
        (Standard.SCORM_12, {"cmi.core.lesson_status": "finished"}, 405, "cmi.core.lesson_status"),
        (Standard.SCORM_12, {"cmi.core.score.raw": "120"}, 407, "cmi.core.score.raw"),
        (Standard.SCORM_12, {"cmi.suspend_data": "x" * 4097}, 405, "cmi.suspend_data"),
        (Standard.SCORM_12, {"cmi.core.session_time": "2 minutes"}, 405, "cmi.core.session_time"),
        (Standard.SCORM_12, {"cmi.core.nonsense": "1"}, 401, "cmi.core.nonsense"),
        (Standard.SCORM_12, {"cmi.interactions.3.id": "q"}, 201, "cmi.interactions.3.id"),
        (Standard.SCORM_12, {"cmi.core.lesson_location": 12.5}, 0, ""),  # a number is taken as its text
        (Standard.SCORM_2004_4, {"cmi.success_status": "completed"}, 406, "cmi.success_status"),
        (Standard.SCORM_2004_4, {"cmi.score.scaled": "2"}, 407, "cmi.score.scaled"),
        (Standard.SCORM_2004_4, {"cmi.score.raw": "1" * 15}, 407, "cmi.score.raw"),
        (Standard.SCORM_2004_4, {"cmi.suspend_data": "x" * 64001}, 406, "cmi.suspend_data"),
        (Standard.SCORM_2004_4, {"cmi.objectives.0.success_status": "passed"}, 408, "cmi.objectives.0.success_status"),
        (Standard.SCORM_2004_4, {"cmi.core.lesson_status": "passed"}, 401, "cmi.core.lesson_status"),
        (Standard.SCORM_2004_4, {"cmi.location": ["a"]}, 406, "cmi.location"),
    ],
)
def test_a_value_the_data_model_refuses_answers_422_with_its_code_and_stores_nothing(
    learner_a: User, standard: str, cmi: dict[str, object], code: int, element: str
) -> None:
    attempt = _attempt(learner_a, standard)
    answer = post_commit(client_for(learner_a), attempt, 1, {"cmi.suspend_data": "kept?", **cmi})
    attempt.refresh_from_db()
    if code == 0:
        assert answer.status_code == 200
        return
    assert answer.status_code == 422
    body = answer.json()
    assert (body["ok"], body["error"], body["element"]) == (False, code, element)
    assert body["message"]
    assert (attempt.seq, attempt.suspend_data, attempt.data) == (0, "", {})


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"seq": 0, "cmi": {}}',
        b'{"seq": "1", "cmi": {}}',
        b'{"seq": true, "cmi": {}}',
        b'{"seq": 1, "terminated": "yes", "cmi": {}}',
        b'{"seq": 1, "cmi": []}',
        b'{"seq": 99999999999, "cmi": {}}',
        b'{"seq": 1, "cmi": {"a": {"b": {"c": {"d": 1}}}}}',
    ],
)
def test_a_body_that_is_not_a_commit_is_a_bad_request(learner_a: User, body: bytes) -> None:
    attempt = _attempt(learner_a)
    answer = client_for(learner_a).post(
        f"/kurser/paket/forsok/{attempt.public_id}/commit", data=body, content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["ok"] is False
    attempt.refresh_from_db()
    assert attempt.seq == 0


def test_a_commit_too_large_is_refused(learner_a: User) -> None:
    attempt = _attempt(learner_a)
    big = json.dumps({"seq": 1, "cmi": {"cmi.comments": "x" * (1024 * 1024)}})
    answer = client_for(learner_a).post(
        f"/kurser/paket/forsok/{attempt.public_id}/commit", data=big, content_type="application/json"
    )
    assert answer.status_code == 400


def test_another_persons_attempt_is_not_found(learner_a: User, org_a: object) -> None:
    attempt = _attempt(learner_a)
    colleague = UserFactory()
    answer = post_commit(client_for(colleague), attempt, 1, {"cmi.core.lesson_status": "passed"})
    assert answer.status_code == 404
    missing = post_commit(client_for(learner_a), Attempt(public_id="00000000-0000-4000-8000-000000000000"), 1, {})
    assert missing.status_code == 404
    attempt.refresh_from_db()
    assert (attempt.seq, attempt.lesson_status) == (0, "")


def test_a_signed_out_commit_is_refused_with_json(learner_a: User) -> None:
    attempt = _attempt(learner_a)
    answer = post_commit(Client(), attempt, 1, {"cmi.core.lesson_status": "passed"})
    assert answer.status_code == 403
    assert answer.json()["ok"] is False


def test_a_commit_needs_the_csrf_header(learner_a: User) -> None:
    attempt = _attempt(learner_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner_a)
    client.get("/")  # sets the CSRF cookie
    body = json.dumps({"seq": 1, "cmi": {"cmi.core.lesson_location": "x"}})
    url = f"/kurser/paket/forsok/{attempt.public_id}/commit"
    assert client.post(url, data=body, content_type="application/json").status_code == 403
    token = client.cookies["csrftoken"].value
    answer = client.post(url, data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 200


def test_a_commit_is_only_a_post(learner_a: User) -> None:
    attempt = _attempt(learner_a)
    assert client_for(learner_a).get(f"/kurser/paket/forsok/{attempt.public_id}/commit").status_code == 405


def test_a_commit_takes_the_same_few_queries_however_much_it_carries(learner_a: User) -> None:
    attempt = _attempt(learner_a, Standard.SCORM_2004_4)
    client = client_for(learner_a)
    post_commit(client, attempt, 1, {"cmi.completion_status": "incomplete"})
    counts = []
    for seq, interactions in [(2, 1), (3, 20)]:
        cmi: dict[str, object] = {"cmi.location": f"p{seq}", "cmi.session_time": f"PT{seq}S"}
        for n in range(interactions):
            cmi |= {f"cmi.interactions.{n}.id": f"q{n}", f"cmi.interactions.{n}.type": "true-false"}
            cmi[f"cmi.interactions.{n}.learner_response"] = "true"
        with CaptureQueriesContext(connection) as queries:
            assert post_commit(client, attempt, seq, cmi).status_code == 200
        counts.append(len(queries))
    # The session, the person, the attempt locked, the attempt saved; savepoints aside.
    assert counts[0] == counts[1]
    assert counts[0] <= 6, counts
