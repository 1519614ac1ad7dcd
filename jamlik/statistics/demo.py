"""Demo data for Statistics: an ESF+ project funding the Dalarna campaign and its course. Idempotent."""

from __future__ import annotations

import datetime

from jamlik.campaigns.models import Campaign
from jamlik.courses.models import Course
from jamlik.people.models import User
from jamlik.statistics import actions
from jamlik.statistics.models import FundedProject

NAME = "Ett Dalarna för alla"
MANAGER = "programansvarig@lansstyrelsen.se"


def load() -> list[str]:
    manager = User.objects.filter(email=MANAGER).first()
    if manager is None or FundedProject.objects.filter(name=NAME).exists():
        return []
    project = actions.save_project(
        manager,
        None,
        courses=Course.objects.filter(slug="bemotande-och-diskriminering"),
        programmes=[],
        campaigns=Campaign.objects.filter(slug="ett-dalarna-for-alla-2018"),
        name=NAME,
        funder="ESF+",
        project_number="2018/00417",
        starts_on=datetime.date(2018, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    return [
        f"Demo statistics: /statistik/ and /statistik/oversikt/; funded project /statistik/projekt/{project.public_id}/"
    ]
