"""Closing: the standings frozen into an immutable result; ties share a rank; amendments are logged."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import closing, standings
from jamlik.campaigns.models import Campaign, CampaignStatus, Result, ResultRow
from jamlik.campaigns.models.results import Frozen
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, last_day, local, make_campaign
from tests.factories import OrganisationFactory, UserFactory


def _after_the_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=40)


def _closed(headcounts: dict[Organisation, int], completions: dict[Organisation, int]) -> Campaign:
    campaign = make_campaign(headcounts)
    for organisation, n in completions.items():
        for _ in range(n):
            complete(UserFactory(), first_course(campaign), organisation, local(first_day()))
    with time_machine.travel(_after_the_end()):
        closing.close_campaign(None, campaign)
    return campaign


def test_equal_rates_share_a_rank_and_the_next_rank_is_skipped(org_a: Organisation, org_b: Organisation) -> None:
    org_c, org_d = OrganisationFactory(name="Mora kommun"), OrganisationFactory(name="Falu kommun")
    campaign = _closed({org_a: 10, org_b: 20, org_c: 10, org_d: 10}, {org_a: 5, org_b: 10, org_c: 2, org_d: 1})
    ranks = {r.organisation_name: (r.rank, r.medal) for r in ResultRow.objects.filter(result__campaign=campaign)}
    assert ranks == {
        "Säters kommun": (1, "gold"),
        "Gagnefs kommun": (1, "gold"),
        "Mora kommun": (3, "bronze"),
        "Falu kommun": (4, ""),
    }


def test_a_campaign_cannot_close_before_it_ends(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    with translation.override("en"), pytest.raises(ValidationError, match="close it after"):
        closing.close_campaign(None, campaign)


def test_the_frozen_result_cannot_be_edited_or_deleted(org_a: Organisation) -> None:
    campaign = _closed({org_a: 10}, {org_a: 3})
    row = ResultRow.objects.get(result__campaign=campaign)
    row.completions = 9
    with pytest.raises(Frozen):
        row.save()
    with pytest.raises(Frozen):
        ResultRow.objects.filter(pk=row.pk).update(completions=9)
    with pytest.raises(Frozen):
        Result.objects.filter(campaign=campaign).delete()
    assert ResultRow.objects.get(pk=row.pk).completions == 3
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CLOSED


def test_an_amendment_changes_the_shown_result_and_is_logged(
    org_a: Organisation, org_b: Organisation, programme_manager: User
) -> None:
    campaign = _closed({org_a: 10, org_b: 10}, {org_a: 3, org_b: 5})
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_a)
    closing.amend_result(programme_manager, row, completions=7, headcount=10, reason="Ett importfel rättat")
    final = standings.for_campaign(campaign, with_series=False)
    assert [(r.name, r.completions, r.rank, r.amended) for r in final.rows] == [
        ("Säters kommun", 7, 1, True),
        ("Gagnefs kommun", 5, 2, False),
    ]
    assert ResultRow.objects.get(pk=row.pk).completions == 3  # the frozen row is untouched
    entry = AuditEntry.objects.get(action="campaign.result_amended")
    assert entry.actor == programme_manager and entry.after["reason"] == "Ett importfel rättat"


def test_an_amendment_needs_a_reason(org_a: Organisation) -> None:
    campaign = _closed({org_a: 10}, {org_a: 3})
    with pytest.raises(ValidationError):
        closing.amend_result(
            None, ResultRow.objects.get(result__campaign=campaign), completions=4, headcount=10, reason=" "
        )


def test_the_summary_names_the_winner_the_runners_up_and_the_totals(org_a: Organisation, org_b: Organisation) -> None:
    org_c = OrganisationFactory(name="Hedemora kommun")
    campaign = _closed({org_a: 100, org_b: 100, org_c: 1000}, {org_a: 64, org_b: 41, org_c: 250})
    _title_sv, body_sv = closing.draft_summary(campaign, "sv")
    title_en, body_en = closing.draft_summary(campaign, "en")
    assert "Säters kommun" in title_en and "64 percent" in body_en
    assert "Silver: Gagnefs kommun, with 41 percent" in body_en
    assert "Bronze: Hedemora kommun, with 25 percent" in body_en
    assert "3 organisations" in body_en and "355 people" in body_en
    assert "Säters kommun" in body_sv and "64" in body_sv


def test_the_published_news_appears_on_the_campaign_page(
    client: object, org_a: Organisation, programme_manager: User
) -> None:
    campaign = _closed({org_a: 10}, {org_a: 3})
    title, body = closing.draft_summary(campaign, "sv")
    closing.save_news(programme_manager, campaign, title_sv=title, body_sv=body, publish=True)
    html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()  # type: ignore[attr-defined]
    assert title in html


def test_last_day_is_inclusive(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    assert campaign.last_day == last_day()
