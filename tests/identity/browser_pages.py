"""Staff list pages the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from typing import Any

from tests.browser.check import Check


def _job(cast: Any, rows: str, *, apply: bool = False) -> None:
    from jamlik.identity.models import RosterImport
    from jamlik.identity.roster.actions import apply_roster, check_roster, confirm_roster_import

    job = RosterImport.objects.create(
        organisation=cast.org_a,
        created_by=cast.coordinator_a,
        filename="personal.csv",
        content=("E-postadress;Förnamn;Efternamn;Enhet\r\n" + rows).encode("cp1252"),
    )
    check_roster.call(job.pk)
    if apply:
        confirm_roster_import(cast.coordinator_a, RosterImport.objects.get(pk=job.pk))
        apply_roster.call(job.pk)
    cast.extra["roster"] = str(job.public_id)


def a_roster_preview(cast: Any) -> None:
    _job(cast, "anna@sater.se;Anna;Andersson;Kultur\r\nlina@sater.se;Lina;Lärande;Skola\r\n")


def an_applied_roster(cast: Any) -> None:
    _job(cast, "anna@sater.se;Anna;Andersson;Kultur\r\n", apply=True)


def a_rejected_roster(cast: Any) -> None:
    _job(cast, "inte-en-adress;A;B;\r\nanna@sater.se;Anna;A;\r\nanna@sater.se;Anna;A;\r\n")


def a_roster_being_checked(cast: Any) -> None:
    from jamlik.identity.models import RosterImport, RosterState

    job = RosterImport.objects.create(
        organisation=cast.org_a,
        created_by=cast.coordinator_a,
        filename="personal.csv",
        content=b"email\r\nanna@sater.se\r\n",
        state=RosterState.CHECKING,
        total_rows=20_000,
        checked_rows=6_000,
    )
    cast.extra["roster"] = str(job.public_id)


def _job_path(cast: Any) -> str:
    return f"/organisationer/{cast.org_a.slug}/personallista/{cast.extra['roster']}/"


PAGES: list[Check] = [
    Check("roster-upload", lambda cast: f"/organisationer/{cast.org_a.slug}/personallista/", viewer="coordinator_a"),
    Check("roster-preview", _job_path, viewer="coordinator_a", setup=a_roster_preview),
    Check("roster-applied", _job_path, viewer="coordinator_a", setup=an_applied_roster),
    Check("roster-rejected", _job_path, viewer="coordinator_a", setup=a_rejected_roster),
    Check("roster-checking", _job_path, viewer="coordinator_a", setup=a_roster_being_checked),
]

# Sign-in through the organisation keeps its checks beside its own tests.
from tests.identity.oidc_browser_pages import PAGES as OIDC_PAGES  # noqa: E402

PAGES += OIDC_PAGES
