"""Rows the browser tests need for the programme pages (listed in ``tests/browser/pages.py``)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from jamlik.programmes import actions
from jamlik.programmes.models import Booking
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


def a_programme(cast: Any) -> None:
    """The seed's programme, hosted in Stockholm by organisation A, with a full Göteborg day."""
    shape = make_programme(cast.org_a, seats=2)
    for _ in range(3):
        actions.register(UserFactory(), shape.programme, [shape.goteborg.pk], dietary="Vegetarisk")
    cast.extra["programme"] = shape.programme.slug
    cast.extra["stockholm"] = str(shape.stockholm.public_id)


def a_registration(cast: Any) -> None:
    """Learner A registered for the Stockholm day, whose roster organisation A's coordinator hosts."""
    a_programme(cast)
    from jamlik.programmes.models import Programme

    programme = Programme.objects.get(slug=cast.extra["programme"])
    stockholm = programme.modules.get(position=2).sessions.get(city="Stockholm")
    actions.register(cast.learner_a, programme, [stockholm.pk], accessibility="Hörslinga")
    booking = Booking.objects.get(registration__user=cast.learner_a, session=stockholm)
    from jamlik.programmes.attendance import checkin_token

    cast.extra["checkin"] = checkin_token(booking)


def register_without_choosing(page: Page) -> None:
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_load_state()


def a_pending_registration(cast: Any) -> None:
    """A programme with approval on: learner A waits for the Stockholm day, hosted by organisation A."""
    from jamlik.programmes.models import Question

    shape = make_programme(cast.org_a, seats=2, requires_approval=True)
    question = Question.objects.create(programme=shape.programme, text="Titel", position=1)
    actions.register(cast.learner_a, shape.programme, [shape.stockholm.pk], answers={question.pk: "Utvecklingsledare"})
    cast.extra["programme"] = shape.programme.slug
