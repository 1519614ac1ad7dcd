"""The name on a diploma is the person's own: a diploma waits for it, and a corrected name is a re-issue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.credentials import actions, bulk_jobs
from jamlik.credentials.models import Diploma, DiplomaStatus
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.courses.authoring_kit import in_english
from tests.credentials.kit import complete, diploma_course, diploma_of
from tests.credentials.test_programme_diplomas import attend_all
from tests.factories import MembershipFactory, UserFactory
from tests.programmes.factories import make_programme


@pytest.fixture
def eva(org_a: Organisation) -> User:
    """Signed up with a code and never gave a name."""
    person = UserFactory(email="eva@sater.se", name="")
    MembershipFactory(user=person, organisation=org_a)
    return person


def test_a_completion_without_a_name_issues_no_diploma_with_the_email_prefix(
    eva: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, eva, diploma_course(owner=org_a, title="Bemötande"))
    assert not Diploma.objects.exists()
    assert not Diploma.objects.filter(recipient_name="eva").exists()


def test_the_person_is_asked_for_their_name_and_giving_it_issues_the_waiting_diploma(
    eva: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(owner=org_a, title="Bemötande")
    complete(django_capture_on_commit_callbacks, eva, course)
    client = in_english(client_for(eva))
    page = client.get("/min-sida/diplom/").content.decode()
    assert "Your diplomas wait for your name" in page and "Bemötande" in page
    assert "Add your name" in client.get("/min-sida/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        empty = client.post("/min-sida/diplom/", {"name": "   "})
    assert empty.status_code == 200 and not Diploma.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/min-sida/diplom/", {"name": " Eva Ek "})
    assert response.status_code == 302
    diploma = diploma_of(eva)
    assert diploma.recipient_name == "Eva Ek" and diploma.title == "Bemötande"
    assert AuditEntry.objects.filter(action="credentials.diploma_issued", target_id=str(diploma.pk)).exists()
    assert "Your diplomas wait for your name" not in client.get("/min-sida/diplom/").content.decode()


def test_the_finish_page_says_the_diploma_waits_for_a_name(
    eva: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(owner=org_a)
    complete(django_capture_on_commit_callbacks, eva, course)
    page = in_english(client_for(eva)).get(f"/kurser/{course.slug}/klar/").content.decode()
    assert "Your diploma waits for your name" in page
    assert 'href="/min-sida/diplom/"' in page


def test_a_name_given_on_my_page_issues_the_waiting_programme_diploma_too(
    eva: User, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, org_a, title="Jämlikhet i praktiken")
    attend_all(eva, coordinator_a, shape, django_capture_on_commit_callbacks)
    assert not Diploma.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(eva).post("/min-sida/", {"name": "Eva Ek", "preferred_language": "sv", "kon": ""})
    assert diploma_of(eva).recipient_name == "Eva Ek"


def test_issuing_by_hand_to_someone_without_a_name_is_refused_clearly_and_bulk_issue_skips_them(
    eva: User, learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(issues_diploma=False)
    for person in (eva, learner_a):
        complete(django_capture_on_commit_callbacks, person, course)
    with pytest.raises(ValidationError, match=r"eva@sater\.se has not given their name yet"):
        actions.issue_for_course(programme_manager, eva, course)
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk_jobs.start_bulk_issue(programme_manager, course, language="sv")
    job.refresh_from_db()
    assert (job.issued, job.no_name) == (1, 1)
    assert [d.recipient for d in Diploma.objects.all()] == [learner_a]


def test_a_person_corrects_their_name_and_asks_for_their_diplomas_again(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a, title="Bemötande"))
    old = diploma_of(learner_a)
    client = in_english(client_for(learner_a))
    saved = client.post(
        "/min-sida/", {"name": "Lina Lärande-Ek", "preferred_language": "en", "kon": ""}, follow=True
    ).content.decode()
    assert "keep the old name" in saved
    assert diploma_of(learner_a) == old  # nothing changes until the person asks

    page = client.get("/min-sida/diplom/").content.decode()
    assert "Re-issue with the name Lina Lärande-Ek" in page and "Lina Lärande" in page
    response = client.post("/min-sida/diplom/nytt-namn/", follow=True)
    assert "1 diploma was re-issued with your name" in response.content.decode()
    new = diploma_of(learner_a)
    assert new != old and new.recipient_name == "Lina Lärande-Ek" and new.code != old.code
    old.refresh_from_db()
    assert old.status() == DiplomaStatus.SUPERSEDED and old.superseded_by == new
    entry = AuditEntry.objects.get(action="credentials.diploma_reissued")
    assert entry.actor == learner_a and entry.target_id == str(old.pk)
    # Nothing left to re-issue: the offer is gone.
    assert "Re-issue with the name" not in client.get("/min-sida/diplom/").content.decode()


def test_re_issuing_with_ones_name_leaves_revoked_diplomas_and_other_peoples_alone(
    learner_a: User, coordinator_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(title="Ett"))
    complete(django_capture_on_commit_callbacks, coordinator_a, diploma_course(title="Två"))
    actions.revoke_diploma(programme_manager, diploma_of(learner_a), "Fel kurs")
    learner_a.name = "Lina Ek"
    learner_a.save()
    client_for(learner_a).post("/min-sida/diplom/nytt-namn/")
    assert Diploma.objects.count() == 2
    assert not Diploma.objects.filter(recipient_name="Lina Ek").exists()


def test_re_issuing_needs_sign_in_and_a_post(client: Client, as_learner_a: Client) -> None:
    assert client.post("/min-sida/diplom/nytt-namn/").status_code == 302
    assert as_learner_a.get("/min-sida/diplom/nytt-namn/").status_code == 405
