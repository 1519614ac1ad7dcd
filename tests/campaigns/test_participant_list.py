"""The manage page's organisations (issue 19): searched, filtered and paged on the server, a
constant number of queries; withdrawing is a danger link to a confirmation."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.campaigns import actions
from jamlik.campaigns.models import ParticipantStatus
from jamlik.campaigns.views.manage import PARTICIPANTS_PER_PAGE
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import make_campaign, participant
from tests.confirming import asks_first
from tests.factories import OrganisationFactory


def _page(client: Client, slug: str, **params: str) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(f"/kampanjer/{slug}/hantera/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_many_invited_organisations_are_paged_and_searchable(as_programme_manager: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 4})
    for n in range(PARTICIPANTS_PER_PAGE + 5):
        actions.invite(None, campaign, OrganisationFactory(name=f"Kommun {n:03}"))
    first = _page(as_programme_manager, campaign.slug)
    assert "Kommun 000" in first and "Kommun 054" not in first and "sida=2" in first
    assert "Kommun 054" in _page(as_programme_manager, campaign.slug, sida="2")
    found = _page(as_programme_manager, campaign.slug, q="kommun 05")
    assert "Kommun 050" in found and "Kommun 000" not in found
    taking_part = _page(as_programme_manager, campaign.slug, status=ParticipantStatus.APPROVED)
    assert "Säters kommun" in taking_part and "Kommun 000" not in taking_part
    assert "No organisation matches" in _page(as_programme_manager, campaign.slug, q="ingenstans")


def test_the_manage_page_makes_the_same_queries_with_more_organisations(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    campaign = make_campaign({org_a: 4})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(as_programme_manager, campaign.slug)
        return len(queries)

    count()
    few = count()
    for _ in range(70):
        actions.invite(None, campaign, OrganisationFactory())
    assert count() == few


def test_withdrawing_asks_first(as_programme_manager: Client, org_a: Organisation, learner_a: User) -> None:
    campaign = make_campaign({org_a: 4})
    row = participant(campaign, org_a)
    url = f"/kampanjer/{campaign.slug}/hantera/deltagare/{row.pk}/withdraw/"
    page = _page(as_programme_manager, campaign.slug)
    assert asks_first(page, url, "Withdraw Säters kommun")
    assert as_programme_manager.get(url).status_code == 405
    assert as_programme_manager.post(url).status_code == 302
    row.refresh_from_db()
    assert row.status == ParticipantStatus.WITHDRAWN
