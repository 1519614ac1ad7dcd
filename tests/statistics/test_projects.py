"""Funded projects: a programme manager tags courses and downloads the project's participants."""

from __future__ import annotations

import datetime
import io

from django.test import Client
from openpyxl import load_workbook

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation
from jamlik.statistics.models import FundedProject
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory
from tests.statistics.factories import completed, people
from tests.statistics.kit import english, queries, two_organisations


def _post(client: Client, url: str, **changes: object) -> object:
    data = {
        "name": "Jämställd Dalarna",
        "funder": "ESF+",
        "project_number": "2026/00123",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        **changes,
    }
    return client.post(url, data)


def test_a_programme_manager_creates_a_project_tagging_a_course_and_exports_its_participants(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b, size=2)
    other = make_course(lessons=1)
    completed(people(org_a, 30, "kvinna"), other, org_a, datetime.date(2026, 3, 1))  # not in the project
    response = _post(as_programme_manager, "/statistik/projekt/nytt/", courses=[world.course.pk])
    project = FundedProject.objects.get()
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert list(project.courses.all()) == [world.course]
    assert AuditEntry.objects.filter(action="statistics.project_created").count() == 1
    export = as_programme_manager.get(f"/statistik/projekt/{project.public_id}/deltagare.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    sheet = book[next(s for s in book.sheetnames if s.endswith("completed-organisation"))]
    rows = list(sheet.iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == "Totalt")[5] == 41  # only the tagged course: 25 in Säter and 16 in Gagnef
    sater = next(r for r in rows if r[0] == "Säters kommun")
    assert sater[5] == 25
    assert sater[1] == 12 or isinstance(sater[1], str)  # 12 women, unless hidden as a second cell


def test_a_project_that_ends_before_it_starts_is_refused_and_nothing_is_saved(as_programme_manager: Client) -> None:
    response = _post(english(as_programme_manager), "/statistik/projekt/nytt/", ends_on="2025-01-01")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "The last day cannot be before the first day." in response.content.decode()  # type: ignore[attr-defined]
    assert not FundedProject.objects.exists()


def test_changing_a_project_is_audited_with_before_and_after(as_programme_manager: Client) -> None:
    _post(as_programme_manager, "/statistik/projekt/nytt/")
    project = FundedProject.objects.get()
    _post(as_programme_manager, f"/statistik/projekt/{project.public_id}/", name="Jämställt Dalarna 2")
    entry = AuditEntry.objects.get(action="statistics.project_saved")
    assert entry.before is not None and entry.before["name"] == "Jämställd Dalarna"
    assert entry.after is not None and entry.after["name"] == "Jämställt Dalarna 2"


def test_coordinators_cannot_see_or_manage_projects(as_coordinator_a: Client, as_programme_manager: Client) -> None:
    _post(as_programme_manager, "/statistik/projekt/nytt/")
    project = FundedProject.objects.get()
    for url in ["/statistik/projekt/", "/statistik/projekt/nytt/", f"/statistik/projekt/{project.public_id}/"]:
        assert as_coordinator_a.get(url).status_code == 404
    assert as_coordinator_a.get(f"/statistik/projekt/{project.public_id}/deltagare.xlsx").status_code == 404


def test_the_project_export_costs_the_same_number_of_queries_for_more_people(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    _post(as_programme_manager, "/statistik/projekt/nytt/", courses=[world.course.pk])
    url = f"/statistik/projekt/{FundedProject.objects.get().public_id}/deltagare.xlsx"
    as_programme_manager.get(url)
    before = queries(lambda: as_programme_manager.get(url))
    completed(people(org_b, 20, "man"), world.course, org_b, datetime.date(2026, 5, 1))
    assert queries(lambda: as_programme_manager.get(url)) == before


def test_the_project_share_divides_by_the_headcount_declared_for_its_period_and_says_which(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    """An ESF project of 2018-19: Säter had 50 employees then and 100 now. Its 25 completers are 50 %
    of the staff of the time, not 25 % of today's; the workbook names the declaration's date."""
    course = make_course(lessons=1)
    completed(people(org_a, 16, "kvinna") + people(org_a, 9, "man"), course, org_a, datetime.date(2018, 10, 1))
    HeadcountFactory(organisation=org_a, headcount=50, as_of=datetime.date(2018, 8, 31))
    HeadcountFactory(organisation=org_a, headcount=100, as_of=datetime.date(2026, 11, 1))
    _post(
        as_programme_manager,
        "/statistik/projekt/nytt/",
        courses=[course.pk],
        starts_on="2018-01-01",
        ends_on="2019-12-31",
    )
    project = FundedProject.objects.get()
    export = english(as_programme_manager).get(f"/statistik/projekt/{project.public_id}/deltagare.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    sheet = book[next(s for s in book.sheetnames if s.endswith("completed-organisation"))]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Organisation")
    sater = dict(zip(header, next(r for r in rows if r[0] == "Säters kommun"), strict=False))
    assert sater["Employees"] == 50
    assert sater["Employees as of"] is not None
    assert str(sater["Employees as of"])[:10] == "2018-08-31"
    assert sater["Share (%)"] == 50.0
    intro = [r[0] for r in book["Jämlik"].iter_rows(values_only=True)]
    assert any("headcount valid for the period" in (line or "") for line in intro)
