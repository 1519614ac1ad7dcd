"""The scheduler closes campaigns whose last day is over, once, with the same action as the button."""

from __future__ import annotations

import datetime
import io

import time_machine
from django.core.management import call_command
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns.models import CampaignStatus, Participant, ParticipantStatus, Result, ResultRow
from jamlik.people.models import Organisation
from jamlik.schedule import JOBS
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import UserFactory


def _run() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("close_ended_campaigns", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_scheduler_runs_the_closing_job() -> None:
    assert "close_ended_campaigns" in [job.command for job in JOBS]


def test_a_running_campaign_is_left_open(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    _run()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    assert not Result.objects.filter(campaign=campaign).exists()


def test_a_campaign_is_closed_after_its_last_day_and_only_once(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    for _ in range(3):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    # The last day is today + 30 (Europe/Stockholm); one minute after its midnight the campaign is over.
    with time_machine.travel(campaign.end_at + datetime.timedelta(minutes=1)):
        out, err = _run()
        again_out, again_err = _run()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert f"{campaign.slug}: closed, 3 completions" in out
    assert (again_out, again_err, err) == ("", "", "")
    assert Result.objects.filter(campaign=campaign).count() == 1
    assert ResultRow.objects.get(result__campaign=campaign).completions == 3
    assert AuditEntry.objects.filter(action="campaign.closed").count() == 1


def test_the_last_day_itself_is_still_open(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    with time_machine.travel(campaign.end_at - datetime.timedelta(minutes=1)):
        _run()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED


def test_a_campaign_that_cannot_close_is_named_and_the_others_still_close(
    org_a: Organisation, org_b: Organisation
) -> None:
    blocked = make_campaign({org_a: 10}, slug="blockerad")
    fine = make_campaign({org_a: 10}, slug="klar")
    # An organisation approved without a declared headcount blocks closing (nothing can be frozen).
    Participant.objects.create(campaign=blocked, organisation=org_b, status=ParticipantStatus.APPROVED)
    with time_machine.travel(fine.end_at + datetime.timedelta(hours=1)):
        out, err = _run()
    assert "blockerad:" in err and org_b.name in err
    assert "klar: closed" in out
    blocked.refresh_from_db()
    fine.refresh_from_db()
    assert (blocked.status, fine.status) == (CampaignStatus.PUBLISHED, CampaignStatus.CLOSED)
    assert timezone.now() < fine.end_at  # the clock is back
