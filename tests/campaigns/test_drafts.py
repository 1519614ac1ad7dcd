"""Draft campaigns: the programme manager finds them on the list and can open their page from
the manage page; everyone else still gets 404 (issue 19: drafts vanished)."""

from __future__ import annotations

from django.test import Client

from jamlik.campaigns import actions
from jamlik.campaigns.models import Campaign
from jamlik.people.models import User
from tests.campaigns.factories import first_day, last_day, make_course


def _draft() -> Campaign:
    return actions.create_campaign(
        None,
        slug="utkast-till-kampanj",
        title_sv="Vårens utkast",
        title_en="The spring draft",
        courses=[make_course(lessons=1)],
        first_day=first_day(),
        last_day=last_day(),
        counts_earlier=False,
        headcount_freeze_on=first_day(),
    )


def test_a_programme_manager_finds_a_draft_on_the_campaign_list(as_programme_manager: Client) -> None:
    draft = _draft()
    as_programme_manager.cookies["django_language"] = "en"  # a signed-in person's own language wins otherwise
    html = as_programme_manager.get("/kampanjer/").content.decode()
    assert "Drafts" in html
    assert f"/kampanjer/{draft.slug}/hantera/" in html


def test_the_manage_pages_link_to_the_draft_opens_for_the_programme_manager(as_programme_manager: Client) -> None:
    draft = _draft()
    as_programme_manager.cookies["django_language"] = "en"
    manage = as_programme_manager.get(f"/kampanjer/{draft.slug}/hantera/").content.decode()
    assert f'href="/kampanjer/{draft.slug}/"' in manage
    page = as_programme_manager.get(f"/kampanjer/{draft.slug}/")
    assert page.status_code == 200
    assert "draft" in page.content.decode().lower()


def test_a_draft_stays_hidden_from_everyone_else(client: Client, as_coordinator_a: Client, learner_a: User) -> None:
    draft = _draft()
    assert "utkast" not in client.get("/kampanjer/").content.decode()
    assert "utkast" not in as_coordinator_a.get("/kampanjer/").content.decode()
    assert client.get(f"/kampanjer/{draft.slug}/").status_code == 404
    assert as_coordinator_a.get(f"/kampanjer/{draft.slug}/").status_code == 404
    assert client.get(f"/kampanjer/{draft.slug}/inbaddning/").status_code == 404
