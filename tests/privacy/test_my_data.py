"""My data (Art. 15): everything held about me on one page, by purpose and organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.privacy.kit import fill

URL = "/min-sida/mina-uppgifter/"


@pytest.fixture
def everything(coordinator_a: User, org_a: Organisation, programme_manager: User, django_capture_on_commit_callbacks: Any) -> Any:
    return fill(coordinator_a, org_a, programme_manager, django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_the_page_lists_data_from_every_app_with_its_basis_viewers_and_retention(
    coordinator_a: User, everything: Any
) -> None:
    body = client_for(coordinator_a).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (
        "malin@sater.se",
        "Kalkylark",  # API token
        "lina.larande@sater.se",  # sign-in identity
        "192.0.2.10",  # sign-in session
        "Bemötande",  # enrolment, completion
        "Lektion 1",  # lesson progress
        everything.reflection,
        "Del 1",  # SCORM attempt
        "För att lära mig mer.",  # registration answer
        "Vegetarisk",
        "Attended",
        "The autumn contest",  # counted in the campaign
        "Nätverk strateger",
        "Vi använder **enkäter**.",
        "plan.pdf",
        "Uppföljning 2025",
        # The catalogue's words for each group
        "Task in the public interest",
        "Coordinators of the organisation it was recorded for",
        "12 months after the course was completed",
        "Recorded for Säters kommun",
    ):
        assert text in body, text
    open("/tmp/privacy-page.html", "w").write(body)
