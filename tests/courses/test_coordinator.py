"""Coordinators see their own organisation's enrolments and completions, by unit, and export
them. Nobody else's."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from jamlik.courses import actions
from jamlik.courses.models import Course
from jamlik.people.models import Membership, Organisation, User
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UnitFactory, UserFactory


@pytest.fixture
def progress(learner_a: User, org_a: Organisation, org_b: Organisation) -> Course:
    """Lina (unit Social) completed; Omar (unit Skola) is half-way; Anna in B completed."""
    social, school = (
        UnitFactory(organisation=org_a, name="Socialförvaltningen"),
        UnitFactory(organisation=org_a, name="Skola"),
    )
    Membership.objects.filter(user=learner_a).update(unit=social)
    omar = UserFactory(email="omar@sater.se", name="Omar")
    MembershipFactory(user=omar, organisation=org_a, unit=school)
    anna = UserFactory(email="anna@gagnef.se", name="Anna")
    MembershipFactory(user=anna, organisation=org_b)
    course = make_course(lessons=2, slug="bemotande")
    first, second = lessons_of(course)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 30, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False):
        for person, lessons in ((learner_a, [first, second]), (omar, [first]), (anna, [first, second])):
            actions.enrol(person, course)
            for lesson in lessons:
                actions.record_progress(person, lesson)
    return course


@pytest.mark.django_db
def test_a_coordinator_sees_progress_and_completions_by_unit(
    progress: Course, as_coordinator_a: Client, org_a: Organisation
) -> None:
    body = as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/").content.decode()
    assert "lina@sater.se" in body and "omar@sater.se" in body
    assert "anna@gagnef.se" not in body
    assert "Socialförvaltningen" in body and "Skola" in body
    assert "2026-05-04" in body


@pytest.mark.django_db
def test_another_organisations_coordinator_gets_404_for_pages_exports_and_api(
    progress: Course, as_coordinator_b: Client, as_learner_a: Client, org_a: Organisation
) -> None:
    kurs = f"?kurs={progress.public_id}"
    for client in (as_coordinator_b, as_learner_a):
        assert client.get(f"/organisationer/{org_a.slug}/kurser/").status_code == 404
        assert client.get(f"/organisationer/{org_a.slug}/kurser/export.csv{kurs}").status_code == 404
        assert client.get(f"/organisationer/{org_a.slug}/kurser/export.xlsx{kurs}").status_code == 404
        assert client.get(f"/api/v1/courses/completions?organisation={org_a.slug}").status_code == 404
    assert as_coordinator_b.get("/organisationer/finns-inte/kurser/").status_code == 404


@pytest.mark.django_db
def test_coordinator_b_sees_only_b(progress: Course, as_coordinator_b: Client, org_b: Organisation) -> None:
    body = as_coordinator_b.get(f"/organisationer/{org_b.slug}/kurser/").content.decode()
    assert "anna@gagnef.se" in body
    assert "lina@sater.se" not in body and "omar@sater.se" not in body


@pytest.mark.django_db
def test_the_csv_export_lists_each_person_with_unit_progress_and_completion(
    progress: Course, as_coordinator_a: Client, org_a: Organisation
) -> None:
    response = as_coordinator_a.get(
        f"/organisationer/{org_a.slug}/kurser/export.csv?kurs={progress.public_id}&dialect=plain"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 8
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"lina@sater.se", "omar@sater.se"}
    assert by_email["lina@sater.se"][2:] == [
        "Socialförvaltningen",
        "1",
        "2026-05-04 09:30",
        "2",
        "2",
        "2026-05-04 09:30",
    ]
    assert by_email["omar@sater.se"][2:] == ["Skola", "1", "2026-05-04 09:30", "1", "2", ""]


@pytest.mark.django_db
def test_the_xlsx_export_has_the_same_rows(progress: Course, as_coordinator_a: Client, org_a: Organisation) -> None:
    response = as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/export.xlsx?kurs={progress.public_id}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    lina = next(r for r in rows if r[1] == "lina@sater.se")
    assert lina[2] == "Socialförvaltningen"
    assert lina[7] == datetime.datetime(2026, 5, 4, 9, 30)


@pytest.mark.django_db
def test_exports_neutralise_spreadsheet_formulas(
    progress: Course, as_coordinator_a: Client, org_a: Organisation
) -> None:
    User.objects.filter(email="omar@sater.se").update(name='=HYPERLINK("http://evil")')
    response = as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/export.csv?kurs={progress.public_id}")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_a_completion_stays_with_the_organisation_after_the_person_leaves(
    progress: Course, as_coordinator_a: Client, org_a: Organisation, learner_a: User
) -> None:
    Membership.objects.filter(user=learner_a).update(valid_to=datetime.date(2026, 6, 1))
    body = as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/").content.decode()
    assert "lina@sater.se" in body
