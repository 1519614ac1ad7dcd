"""Pages of Statistics that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from tests.browser.check import Check
from tests.statistics.page_setups import figures, submit_bad_period, submit_empty_project

PAGES: list[Check] = [
    Check("statistics-dashboard", "/statistik/", viewer="programme_manager", setup=figures),
    Check(
        "statistics-dashboard-organisations",
        "/statistik/?dimension=organisation",
        viewer="programme_manager",
        setup=figures,
    ),
    Check("statistics-dashboard-errors", "/statistik/", viewer="programme_manager", then=submit_bad_period),
    Check("statistics-organisation", "/statistik/organisationer/sater/", viewer="coordinator_a", setup=figures),
    Check(
        "statistics-organisation-items",
        "/statistik/organisationer/sater/?dimension=item",
        viewer="coordinator_a",
        setup=figures,
    ),
    Check("statistics-public", "/statistik/oversikt/", setup=figures),
    Check("statistics-public-empty", "/statistik/oversikt/"),
    Check("statistics-report", "/statistik/rapport/", viewer="programme_manager"),
    Check("statistics-projects", "/statistik/projekt/", viewer="programme_manager", setup=figures),
    Check(
        "statistics-project-new-errors",
        "/statistik/projekt/nytt/",
        viewer="programme_manager",
        then=submit_empty_project,
    ),
    Check(
        "statistics-project",
        lambda cast: f"/statistik/projekt/{cast.extra['project']}/",
        viewer="programme_manager",
        setup=figures,
    ),
]
