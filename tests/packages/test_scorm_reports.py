"""Attempts shown to coordinators (their own organisation only, with CSV and XLSX) and to the
learner (their own), with a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.packages.models import Package
from jamlik.packages.tracking import commit, open_attempt
from jamlik.people.models import MembershipRole, Organisation, User
from tests.conftest import client_for
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.packages.tracking_kit import enrol, make_package, scos_of

pytestmark = pytest.mark.django_db


def _played(user: User, package: Package, cmi: dict[str, object]) -> None:
    enrol(user, package)
    attempt = open_attempt(user, scos_of(package)[0])
    commit(user, attempt.public_id, seq=1, terminated=False, cmi=cmi)


def _member(organisation: Organisation, name: str, unit: str = "") -> User:
    person = UserFactory(name=name)
    unit_row = UnitFactory(organisation=organisation, name=unit) if unit else None
    MembershipFactory(user=person, organisation=organisation, unit=unit_row, role=MembershipRole.LEARNER)
    return person


def _page(client: Client, organisation: Organisation, package: Package) -> str:
    course = package.version.course
    answer = client.get(f"/organisationer/{organisation.slug}/kurser/{course.public_id}/forsok/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_coordinator_sees_status_and_score_of_their_own_people_only(
    coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    package = make_package()
    _played(
        _member(org_a, "Astrid Andersson", "Socialtjänsten"),
        package,
        {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "92", "cmi.core.score.max": "100"},
    )
    _played(_member(org_b, "Bertil Berg"), package, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "12"})
    page = _page(client_for(coordinator_a), org_a, package)
    assert "Astrid Andersson" in page
    assert "Socialtjänsten" in page
    assert "92 / 100" in page
    assert "Godkänd" in page or "Passed" in page
    assert "Bertil Berg" not in page
    assert page.count("<tr>") == 1 + 1  # the header and Astrid's attempt


def test_another_organisations_coordinator_gets_404(coordinator_b: User, org_a: Organisation) -> None:
    package = make_package()
    course = package.version.course
    client = client_for(coordinator_b)
    assert client.get(f"/organisationer/{org_a.slug}/kurser/{course.public_id}/forsok/").status_code == 404
    assert client.get(f"/organisationer/{org_a.slug}/kurser/{course.public_id}/forsok/export.csv").status_code == 404


def test_a_learner_is_not_a_coordinator(learner_a: User, org_a: Organisation) -> None:
    package = make_package()
    course = package.version.course
    answer = client_for(learner_a).get(f"/organisationer/{org_a.slug}/kurser/{course.public_id}/forsok/")
    assert answer.status_code == 404


def test_the_export_has_a_row_per_attempt_in_csv_and_xlsx(coordinator_a: User, org_a: Organisation) -> None:
    package = make_package()
    _played(
        _member(org_a, "Astrid Andersson"),
        package,
        {"cmi.core.lesson_status": "incomplete", "cmi.core.session_time": "00:12:00"},
    )
    _played(_member(org_a, "Cecilia Carlsson"), package, {"cmi.core.lesson_status": "completed"})
    course = package.version.course
    client = client_for(coordinator_a)
    csv = client.get(f"/organisationer/{org_a.slug}/kurser/{course.public_id}/forsok/export.csv")
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3
    assert "Astrid Andersson" in lines[1] and "0:12:00" in lines[1]
    assert "Cecilia Carlsson" in lines[2]
    xlsx = client.get(f"/organisationer/{org_a.slug}/kurser/{course.public_id}/forsok/export.xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/organisationer/{org_a.slug}/kurser/{course.public_id}/forsok/export.pdf").status_code == 404


def test_the_list_takes_the_same_queries_for_one_person_or_many(coordinator_a: User, org_a: Organisation) -> None:
    package = make_package(scos=2)
    client = client_for(coordinator_a)
    _played(_member(org_a, "Först", "Enhet 1"), package, {"cmi.core.lesson_status": "passed"})
    _page(client, org_a, package)
    with CaptureQueriesContext(connection) as one:
        _page(client, org_a, package)
    for n in range(6):
        _played(_member(org_a, f"Person {n}", f"Enhet {n + 2}"), package, {"cmi.core.lesson_status": "incomplete"})
    with CaptureQueriesContext(connection) as many:
        page = _page(client, org_a, package)
    assert page.count("<tr>") == 1 + 7
    assert len(many) == len(one)


def test_a_learner_sees_their_own_attempts(learner_a: User, org_a: Organisation) -> None:
    package = make_package()
    _played(learner_a, package, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "88"})
    colleague = _member(org_a, "Kollega Kollegasson")
    _played(colleague, package, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "3"})
    page = client_for(learner_a).get(f"/kurser/{package.version.course.slug}/forsok/").content.decode()
    assert "88" in page
    assert "Kollega" not in page
    assert ">3<" not in page


def test_the_learners_page_is_theirs_only_when_enrolled(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    slug = package.version.course.slug
    assert client_for(learner_a).get(f"/kurser/{slug}/forsok/").status_code == 200
    assert client_for(UserFactory()).get(f"/kurser/{slug}/forsok/").status_code == 404
    assert Client().get(f"/kurser/{slug}/forsok/").status_code == 302


def test_the_course_pages_link_to_the_attempts(learner_a: User, coordinator_a: User, org_a: Organisation) -> None:
    package = make_package()
    _played(learner_a, package, {"cmi.core.lesson_status": "incomplete"})
    course = package.version.course
    assert f"/kurser/{course.slug}/forsok/" in client_for(learner_a).get(f"/kurser/{course.slug}/").content.decode()
    coordinator_page = client_for(coordinator_a).get(f"/organisationer/{org_a.slug}/kurser/?kurs={course.public_id}")
    assert f"/kurser/{course.public_id}/forsok/" in coordinator_page.content.decode()
