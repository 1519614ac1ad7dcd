"""Rows the browser tests need for the statistics pages (listed in ``tests/statistics/browser_pages.py``)."""

from __future__ import annotations

import datetime
from typing import Any

from playwright.sync_api import Page

from jamlik.people.models import Unit
from jamlik.statistics import actions
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory, OrganisationFactory
from tests.statistics.factories import completed, people

DAY = datetime.date(2026, 3, 10)


def figures(cast: Any) -> None:
    """Completions by kön in organisation A (two units) and a second organisation, some cells small."""
    org_b = OrganisationFactory(name="Gagnefs kommun", slug="gagnef")
    # The cast's organisation already has this unit (tests/browser/pages.py, populate).
    unit, _ = Unit.objects.get_or_create(organisation=cast.org_a, parent=None, name="Socialförvaltningen")
    course = make_course(lessons=1, slug="bemotande-statistik")
    HeadcountFactory(organisation=cast.org_a, headcount=120, as_of=datetime.date(2026, 1, 1))
    completed(people(cast.org_a, 9, "kvinna", unit), course, cast.org_a, DAY, unit=unit)
    completed(people(cast.org_a, 6, "man") + people(cast.org_a, 2, "annat"), course, cast.org_a, DAY)
    completed(people(org_b, 7, "kvinna") + people(org_b, 3), course, org_b, DAY)
    project = actions.save_project(
        cast.programme_manager,
        None,
        courses=[course],
        programmes=[],
        campaigns=[],
        name="Jämställd Dalarna",
        funder="ESF+",
        project_number="2026/00123",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    cast.extra["project"] = str(project.public_id)


def submit_bad_period(page: Page) -> None:
    page.fill("#id_date_from", "2026-05-01")
    page.fill("#id_date_to", "2026-04-01")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()


def submit_empty_project(page: Page) -> None:
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
