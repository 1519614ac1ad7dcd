"""The demo programme loads twice without creating anything twice, with a full session and a waiting list."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jamlik.people import demo as people_demo
from jamlik.programmes import demo
from jamlik.programmes.models import Booking, BookingStatus, Programme, Registration, Session


@pytest.mark.django_db
def test_the_demo_programme_is_idempotent_in_the_future_and_has_a_waiting_list() -> None:
    people_demo.load()
    demo.load()
    demo.load()
    programme = Programme.objects.get()
    assert programme.registration_deadline > timezone.localdate()
    assert list(programme.modules.values_list("kind", flat=True)) == ["webinar", "in_person", "webinar"]
    goteborg = Session.objects.get(city="Göteborg")
    assert goteborg.host_organisation.slug == "lansstyrelsen-vastra-gotaland"
    assert Session.objects.get(city="Stockholm").host_organisation.slug == "lansstyrelsen-stockholm"
    assert Booking.objects.filter(session=goteborg, status=BookingStatus.CONFIRMED).count() == goteborg.capacity
    waiting = list(Booking.objects.select_related("replaces__session").filter(session=goteborg, status="waitlisted"))
    assert len(waiting) == 2  # one on the waiting list, one waiting to change from Stockholm
    (request,) = [b for b in waiting if b.is_switch_request]
    assert request.replaces is not None and request.replaces.session.city == "Stockholm"
    assert request.replaces.status == BookingStatus.CONFIRMED
    assert Registration.objects.count() == len(demo.REGISTRATIONS)
    assert all(s.starts_at > timezone.now() for s in Session.objects.all())
