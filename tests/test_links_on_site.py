"""Links a person takes away (a check-in code, an invite link) point at SITE_URL, never at the host
the request happened to use: behind a proxy or under an internal name that host is not the site."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.attendance import checkin_token
from jamlik.programmes.models import BookingStatus
from jamlik.programmes.views.participant import _qr_svg
from tests.programmes.factories import make_programme

INTERNAL_HOST = "localhost"  # allowed in the test settings, and not SITE_URL's host


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False)  # one signing time
def test_the_check_in_code_encodes_the_site_url_whatever_host_was_asked(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    assert INTERNAL_HOST not in settings.SITE_URL
    shape = make_programme(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    booking = registration.bookings.get(session=shape.goteborg, status=BookingStatus.CONFIRMED)
    path = reverse("programmes:checkin", args=[checkin_token(booking)])

    page = as_learner_a.get(f"/program/{shape.programme.slug}/min-anmalan/", HTTP_HOST=INTERNAL_HOST).content.decode()

    assert _qr_svg(f"{settings.SITE_URL}{path}") in page
    assert _qr_svg(f"http://{INTERNAL_HOST}{path}") not in page


@pytest.mark.django_db
def test_a_new_invite_link_is_on_the_site_url_whatever_host_was_asked(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    response = as_coordinator_a.post(
        f"/organisationer/{org_a.slug}/inbjudningar/lank/", {"link-days": "30"}, HTTP_HOST=INTERNAL_HOST, follow=True
    )
    page = response.content.decode()
    assert f"{settings.SITE_URL}/ga-med/" in page
    assert f"http://{INTERNAL_HOST}/ga-med/" not in page
