"""The cast calling the campaigns API: each person with a personal token, the anonymous caller
with none, and the campaigns in the states the write operations care about."""

from __future__ import annotations

import datetime
import json
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone

from jamlik.campaigns import closing
from jamlik.campaigns.models import Campaign
from jamlik.people.models import Organisation
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import UserFactory

ROLES = ["learner_a", "coordinator_a", "coordinator_b", "programme_manager", "administrator", "anonymous"]
MANAGERS = {"programme_manager", "administrator"}


class Caller:
    """One role's calls: JSON bodies, the role's token (none for ``anonymous``), English answers."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.headers = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the problems' titles in English
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get(path, **self.headers, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        data = json.dumps(body if body is not None else {})
        return self.client.post(path, data, content_type="application/json", **self.headers, **extra)

    def patch(self, path: str, body: Any, **extra: Any) -> Any:
        return self.client.patch(path, json.dumps(body), content_type="application/json", **self.headers, **extra)


def ended_campaign(headcounts: dict[Organisation, int]) -> Campaign:
    """A published campaign that ran from 30 days ago until yesterday, set up before it started."""
    first = timezone.localdate() - datetime.timedelta(days=30)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        return make_campaign(headcounts, first=first, last=timezone.localdate() + datetime.timedelta(days=39))


def closed_campaign(org_a: Organisation, org_b: Organisation) -> Campaign:
    campaign = ended_campaign({org_a: 10, org_b: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day() + datetime.timedelta(days=1)))
    closing.close_campaign(None, campaign)
    return campaign


def path(campaign: Campaign, rest: str = "") -> str:
    return f"/api/v1/campaigns/{campaign.public_id}{rest}"
