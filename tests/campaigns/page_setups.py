"""Rows the browser tests need for the campaign pages (listed in ``tests/browser/pages.py``)."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.utils import timezone

from jamlik.campaigns import closing
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import OrganisationFactory, UnitFactory, UserFactory


def a_running_campaign(cast: Any) -> None:
    """Organisation A and two others in a running campaign, with completions over several days."""
    others = [OrganisationFactory(name="Gagnefs kommun"), OrganisationFactory(name="Hedemora kommun")]
    campaign = make_campaign({cast.org_a: 40, others[0]: 30, others[1]: 60}, slug="hosttavlingen")
    unit = UnitFactory(organisation=cast.org_a, name="Kultur och fritid")
    course = first_course(campaign)
    for n in range(12):
        organisation = [cast.org_a, *others][n % 3]
        complete(
            UserFactory(),
            course,
            organisation,
            local(first_day() + datetime.timedelta(days=2 * n)),
            unit=unit if organisation == cast.org_a else None,
        )
    cast.extra["campaign"] = campaign.slug


def a_closed_campaign(cast: Any) -> None:
    a_running_campaign(cast)
    from jamlik.campaigns.models import Campaign

    campaign = Campaign.objects.get(slug=cast.extra["campaign"])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        closing.close_campaign(cast.programme_manager, campaign)
    from jamlik.campaigns.models import ResultRow

    row = ResultRow.objects.get(result__campaign=campaign, organisation_name="Hedemora kommun")
    closing.amend_result(cast.programme_manager, row, completions=9, headcount=60, reason="Fem slutföranden saknades")
    title, body = closing.draft_summary(campaign, "sv")
    closing.save_news(cast.programme_manager, campaign, title_sv=title, body_sv=body, publish=True)


def a_campaign_of_many(cast: Any) -> None:
    """Fourteen organisations, so the chart shows the top ten and offers the rest in its form; one is picked."""
    organisations = [OrganisationFactory(name=f"Kommun {n:02d}") for n in range(1, 15)]
    campaign = make_campaign(dict.fromkeys(organisations, 50), slug="manga-deltagare")
    course = first_course(campaign)
    for n, organisation in enumerate(organisations, start=1):
        for day in range(n % 4 + 1):
            complete(UserFactory(), course, organisation, local(first_day() + datetime.timedelta(days=day)))
    cast.extra["campaign"] = campaign.slug
    cast.extra["picked"] = organisations[0].slug
