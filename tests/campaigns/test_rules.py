"""Bad input: each case has a rule or a clear error (docs/campaigns.md)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from jamlik.campaigns import actions
from jamlik.campaigns.models import HeadcountCorrection, Participant
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import make_campaign
from tests.courses.factories import make_course

TODAY = datetime.date(2026, 3, 1)


def _create(**overrides: object) -> object:
    values: dict[str, object] = {
        "slug": "kampanj",
        "title_sv": "Kampanj",
        "courses": [make_course(lessons=1)],
        "first_day": TODAY,
        "last_day": TODAY + datetime.timedelta(days=30),
    }
    values.update(overrides)
    return actions.create_campaign(None, **values)  # type: ignore[arg-type]


def test_a_period_that_ends_before_it_starts_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        _create(last_day=TODAY - datetime.timedelta(days=1))
    assert "last_day" in error.value.error_dict


def test_a_course_that_is_not_published_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        _create(courses=[make_course(lessons=1, publish=False)])
    assert "courses" in error.value.error_dict


def test_an_organisation_without_a_headcount_cannot_join_a_running_campaign(
    org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10})
    participant = actions.invite(None, campaign, org_b)
    with pytest.raises(ValidationError, match=org_b.name):
        actions.approve(None, participant)
    assert Participant.objects.get(pk=participant.pk).status == "invited"


def test_start_freezes_nothing_when_one_organisation_has_no_headcount(org_a: Organisation, org_b: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    Participant.objects.create(campaign=campaign, organisation=org_b, status="approved")
    Participant.objects.filter(campaign=campaign, organisation=org_a).update(frozen_headcount=None)
    with pytest.raises(ValidationError, match=org_b.name):
        actions.start(None, campaign)
    assert Participant.objects.get(campaign=campaign, organisation=org_a).frozen_headcount is None


def test_a_headcount_correction_is_logged_and_shown_until_the_freeze_date(
    client: Client, org_a: Organisation, programme_manager: User
) -> None:
    campaign = make_campaign({org_a: 10})
    participant = Participant.objects.get(campaign=campaign)
    actions.correct_headcount(programme_manager, participant, headcount=12, reason="Timanställda räknades inte")
    assert Participant.objects.get(pk=participant.pk).frozen_headcount == 12
    assert HeadcountCorrection.objects.get().before == 10
    assert "Timanställda räknades inte" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()


def test_a_headcount_correction_after_the_freeze_date_is_refused(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10}, freeze_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        actions.correct_headcount(None, Participant.objects.get(campaign=campaign), headcount=12, reason="Sent")


def test_only_programme_managers_manage_campaigns(
    as_coordinator_a: Client, as_programme_manager: Client, org_a: Organisation
) -> None:
    campaign = make_campaign({org_a: 10})
    assert as_coordinator_a.get(f"/kampanjer/{campaign.slug}/hantera/").status_code == 404
    assert as_coordinator_a.get("/kampanjer/ny/").status_code == 404
    assert as_programme_manager.get(f"/kampanjer/{campaign.slug}/hantera/").status_code == 200
    assert as_programme_manager.get("/kampanjer/ny/").status_code == 200


def test_a_programme_manager_creates_a_campaign_through_the_form(as_programme_manager: Client) -> None:
    course = make_course(lessons=1)
    response = as_programme_manager.post(
        "/kampanjer/ny/",
        {
            "slug": "varkampanjen",
            "title_sv": "Vårkampanjen",
            "courses": [course.pk],
            "first_day": "2026-03-01",
            "last_day": "2026-02-01",
        },
    )
    assert response.status_code == 200  # shown again with the error
    response = as_programme_manager.post(
        "/kampanjer/ny/",
        {
            "slug": "varkampanjen",
            "title_sv": "Vårkampanjen",
            "courses": [course.pk],
            "first_day": "2026-03-01",
            "last_day": "2026-05-31",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/kampanjer/varkampanjen/hantera/"
