"""Rows the browser tests need for the programme pages (listed in ``tests/browser/pages.py``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page

from jamlik.programmes import actions
from jamlik.programmes.models import Booking, Session
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


def a_registration_during_the_session(cast: Any) -> None:
    """``a_registration`` with the Stockholm day under way, so the roster offers attendance buttons."""
    a_registration(cast)
    now = timezone.now()
    Session.objects.filter(public_id=cast.extra["stockholm"]).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=5)
    )


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


def a_draft_programme(cast: Any) -> None:
    """A draft organised by organisation A: two modules, one without sessions (so it cannot open yet)."""
    from jamlik.programmes.models import ModuleKind, ProgrammeStatus
    from tests.programmes.factories import ModuleFactory, ProgrammeFactory, SessionFactory

    programme = ProgrammeFactory(status=ProgrammeStatus.DRAFT)
    programme.organisers.add(cast.org_a)
    webinar = ModuleFactory(programme=programme, position=1, title="Webbinarium 1", kind=ModuleKind.WEBINAR)
    ModuleFactory(programme=programme, position=2, title="Fysisk träff", kind=ModuleKind.IN_PERSON)
    SessionFactory(module=webinar, host_organisation=cast.org_a)
    cast.extra["draft"] = str(programme.public_id)
    cast.extra["webinar_module"] = str(webinar.pk)


def a_switch_request(cast: Any) -> None:
    """Learner A holds a seat in Stockholm and waits for one in the full Göteborg day."""
    a_registration(cast)
    from jamlik.programmes.models import Programme, Registration

    programme = Programme.objects.get(slug=cast.extra["programme"])
    goteborg = programme.modules.get(position=2).sessions.get(city="Göteborg")
    registration = Registration.objects.get(user=cast.learner_a, programme=programme)
    actions.switch_session(cast.learner_a, registration, goteborg, wait=True)


def submit_the_form(page: Page) -> None:
    """Send the page's last stacked form as it is."""
    page.locator("main form.stacked button[type=submit]").last.click()
    page.wait_for_load_state()


def open_for_registration(page: Page) -> None:
    page.locator("main button[name=status][value=open]").click()
    page.wait_for_load_state()
