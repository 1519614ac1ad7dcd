"""The public verification page and its JSON twin: valid, revoked, expired, replaced, unknown, malformed, rate-limited."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone

from jamlik.credentials import actions
from jamlik.credentials.ratelimit import VERIFY_LIMIT
from jamlik.people.models import Organisation, User
from tests.credentials.kit import complete, diploma_course, diploma_of


def issue(learner: User, capture: Any, owner: Organisation | None = None) -> Any:
    complete(capture, learner, diploma_course(owner=owner, title="Bemötande i offentlig verksamhet"))
    return diploma_of(learner)


def test_anyone_can_check_a_valid_diploma_without_signing_in(
    client: Client, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = issue(learner_a, django_capture_on_commit_callbacks, owner=org_a)
    response = client.get(f"/verify/{diploma.display_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Valid." in page
    assert "Lina Lärande" in page and "Bemötande i offentlig verksamhet" in page
    assert "Säters kommun" in page and diploma.display_code in page
    assert client.get(f"/verifiera/{diploma.display_code}/").status_code == 200


def test_a_code_typed_in_small_letters_with_spaces_still_finds_the_diploma(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = issue(learner_a, django_capture_on_commit_callbacks)
    typed = " ".join(diploma.display_code.lower().split("-"))
    assert client.get(f"/verify/{typed}/").status_code == 200
    response = client.get("/verifiera/", {"kod": typed})
    assert response.status_code == 302 and response["Location"].endswith(f"/{diploma.display_code}/")


def test_a_revoked_diploma_says_when_and_why(
    client: Client, learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = actions.revoke_diploma(programme_manager, issue(learner_a, django_capture_on_commit_callbacks), "Fusk")
    page = client.get(f"/verify/{diploma.display_code}/").content.decode()
    assert "Revoked." in page and "Fusk" in page and f"{diploma.revoked_at:%Y}" in page
    assert "Valid." not in page


def test_an_expired_diploma_says_so(
    client: Client, learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = issue(learner_a, django_capture_on_commit_callbacks)
    actions.set_expiry(programme_manager, diploma, timezone.now() - datetime.timedelta(days=1))
    assert "Expired." in client.get(f"/verify/{diploma.display_code}/").content.decode()


def test_a_replaced_diploma_points_to_the_newer_one(
    client: Client, learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    old = issue(learner_a, django_capture_on_commit_callbacks)
    new = actions.reissue_diploma(programme_manager, old, recipient_name="Lina Lärande-Berg")
    page = client.get(f"/verify/{old.display_code}/").content.decode()
    assert "Replaced." in page and f"/verifiera/{new.display_code}/" in page


def test_an_unknown_code_answers_404_and_a_malformed_one_400(client: Client, db: None) -> None:
    unknown = client.get("/verify/K7Q2-M9XD-4HPT-AB3C/")
    assert unknown.status_code == 404 and "No diploma has this code." in unknown.content.decode()
    malformed = client.get("/verify/not-a-code/")
    assert malformed.status_code == 400 and "This is not a verification code." in malformed.content.decode()
    assert client.get("/verifiera/", {"kod": "nonsense"}).status_code == 400


# The limit counts per fixed one-minute window; the clock stands still mid-window so a slow run
# on a busy machine cannot cross into the next window and start counting afresh.
@time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, 30, tzinfo=datetime.UTC), tick=False)
def test_checking_too_many_codes_from_one_address_answers_429(client: Client, any_cache: None) -> None:
    for _ in range(VERIFY_LIMIT):
        assert client.get("/verify/K7Q2-M9XD-4HPT-AB3C/").status_code == 404
    response = client.get("/verify/K7Q2-M9XD-4HPT-AB3C/")
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many checks" in response.content.decode()
    assert client.get("/api/v1/credentials/verify/K7Q2-M9XD-4HPT-AB3C").status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.get("/verify/K7Q2-M9XD-4HPT-AB3C/").status_code == 404


def test_the_api_answers_the_same_as_json(
    client: Client,
    learner_a: User,
    programme_manager: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    diploma = issue(learner_a, django_capture_on_commit_callbacks, owner=org_a)
    body = client.get(f"/api/v1/credentials/verify/{diploma.code.lower()}").json()
    assert body["status"] == "valid" and body["valid"] is True
    assert body["recipient_name"] == "Lina Lärande" and body["title"] == "Bemötande i offentlig verksamhet"
    assert body["issued_by"] == ["Säters kommun"] and body["code"] == diploma.display_code
    actions.revoke_diploma(programme_manager, diploma, "Fel person")
    body = client.get(f"/api/v1/credentials/verify/{diploma.display_code}").json()
    assert body["status"] == "revoked" and body["valid"] is False and body["revocation_reason"] == "Fel person"


def test_the_api_answers_unknown_and_malformed_codes_with_problem_details(client: Client, db: None) -> None:
    unknown = client.get("/api/v1/credentials/verify/K7Q2-M9XD-4HPT-AB3C")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"
    malformed = client.get("/api/v1/credentials/verify/xyz")
    assert malformed.status_code == 400 and malformed.json()["title"] == "This is not a verification code."
