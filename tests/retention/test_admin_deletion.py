"""Deleting a person in the Django admin goes through erasure: a closed campaign's frozen result,
its recomputed standings and the statistics do not change (issue #18: three differences before)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jamlik.campaigns import closing
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign, CountedPerson, ResultRow
from jamlik.courses.models import Completion
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _closed_with(organisation: Organisation, people: list[User]) -> Campaign:
    campaign = make_campaign({organisation: 10})
    for person in people:
        complete(person, first_course(campaign), organisation, local(first_day()))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        closing.close_campaign(None, campaign)
    return campaign


def _frozen(campaign: Campaign) -> list[tuple[str, int, int]]:
    return list(
        ResultRow.objects.filter(result__campaign=campaign).values_list("organisation_name", "completions", "rank")
    )


def test_admin_deletion_keeps_a_closed_campaign_whole(org_a: Organisation, administrator: User) -> None:
    people = [UserFactory() for _ in range(3)]
    campaign = _closed_with(org_a, people)
    frozen = _frozen(campaign)
    admin = Client()
    admin.force_login(administrator)

    for person in people:
        response = admin.post(f"/admin/people/user/{person.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302

    assert recompute(campaign, fix=False) == []  # three differences before the fix
    call_command("recompute_standings")  # raises CommandError on any difference
    assert _frozen(campaign) == frozen
    assert Completion.objects.filter(user__in=people).count() == 3
    assert CountedPerson.objects.filter(campaign=campaign).count() == 3
    for person in people:
        person.refresh_from_db()
        assert not person.is_active and person.name == "" and person.email.endswith("@erased.invalid")


def test_bulk_admin_deletion_goes_through_erasure_too(org_a: Organisation, administrator: User) -> None:
    people = [UserFactory() for _ in range(2)]
    campaign = _closed_with(org_a, people)
    admin = Client()
    admin.force_login(administrator)
    response = admin.post(
        "/admin/people/user/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in people], "post": "yes"},
    )
    assert response.status_code == 302
    assert recompute(campaign, fix=False) == []
    assert User.objects.filter(pk__in=[p.pk for p in people], is_active=False).count() == 2
