"""Who sees and may take a course: public, all organisations, or chosen organisations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from jamlik.courses import actions
from jamlik.courses.access import visible_courses
from jamlik.courses.models import Audience, Enrolment
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.courses.factories import lessons_of, make_course
from tests.factories import UserFactory


@pytest.fixture
def three_courses(org_a: Organisation, org_b: Organisation) -> dict[str, object]:
    return {
        "public": make_course(slug="oppen", audience=Audience.PUBLIC),
        "all": make_course(slug="alla", audience=Audience.ALL_ORGANISATIONS),
        "b_only": make_course(slug="bara-b", audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_b]),
    }


@pytest.mark.django_db
def test_the_catalogue_shows_each_person_the_courses_open_to_them(
    three_courses: dict[str, object], learner_a: User, coordinator_b: User, programme_manager: User
) -> None:
    def slugs(user: object) -> set[str]:
        return set(visible_courses(user).values_list("slug", flat=True))

    from django.contrib.auth.models import AnonymousUser

    assert slugs(AnonymousUser()) == {"oppen", "alla"}
    assert slugs(learner_a) == {"oppen", "alla"}
    assert slugs(coordinator_b) == {"oppen", "alla", "bara-b"}
    assert slugs(programme_manager) == {"oppen", "alla", "bara-b"}


@pytest.mark.django_db
def test_a_course_for_chosen_organisations_is_404_for_everyone_else(
    three_courses: dict[str, object], as_learner_a: Client, as_coordinator_b: Client, client: Client
) -> None:
    assert as_coordinator_b.get("/kurser/bara-b/").status_code == 200
    assert as_learner_a.get("/kurser/bara-b/").status_code == 404
    assert client.get("/kurser/bara-b/").status_code == 404
    assert as_learner_a.get("/kurser/finns-inte/").status_code == 404
    assert as_learner_a.post("/kurser/bara-b/anmal/").status_code == 404
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_a_course_for_all_organisations_needs_a_current_membership(three_courses: dict[str, object]) -> None:
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        actions.enrol(outsider, three_courses["all"])  # type: ignore[arg-type]
    response = client_for(outsider).post("/kurser/alla/anmal/")
    assert response.status_code == 302
    assert not Enrolment.objects.exists()
    actions.enrol(outsider, three_courses["public"])  # type: ignore[arg-type]
    assert Enrolment.objects.count() == 1


@pytest.mark.django_db
def test_a_public_course_can_be_read_without_signing_in_but_nothing_is_saved(
    three_courses: dict[str, object], client: Client
) -> None:
    lesson = lessons_of(three_courses["public"])[0]  # type: ignore[arg-type]
    page = client.get(f"/kurser/oppen/lektion/{lesson.public_id}/")
    assert page.status_code == 200
    assert "/klar/" not in page.content.decode()
    other = lessons_of(three_courses["all"])[0]  # type: ignore[arg-type]
    assert client.get(f"/kurser/alla/lektion/{other.public_id}/").status_code == 302


@pytest.mark.django_db
def test_self_enrolment_starts_at_the_first_lesson_and_is_idempotent(
    three_courses: dict[str, object], as_learner_a: Client, learner_a: User
) -> None:
    first = lessons_of(three_courses["all"])[0]  # type: ignore[arg-type]
    response = as_learner_a.post("/kurser/alla/anmal/")
    assert response["Location"] == f"/kurser/alla/lektion/{first.public_id}/"
    as_learner_a.post("/kurser/alla/anmal/")
    assert Enrolment.objects.filter(user=learner_a).count() == 1
