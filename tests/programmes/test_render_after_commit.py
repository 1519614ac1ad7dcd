"""Every action that holds seat locks renders its emails and calendar files only after commit.

Rendering (templates, calendar files) under the session locks would make everyone else who
registers for those sessions wait for it (docs/locking.md rule 1). Each test runs the action,
checks that nothing was rendered before its transaction committed, then runs the commit
callbacks and checks that the emails went out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.test.signals import template_rendered

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


@pytest.fixture
def rendered() -> Iterator[list[str]]:
    names: list[str] = []

    def note(sender: object, template: Any, **kwargs: object) -> None:
        names.append(str(template.name))

    template_rendered.connect(note)
    yield names
    template_rendered.disconnect(note)


def _nothing_before_commit(
    action: Callable[[], object], rendered: list[str], capture: Any, expected_template: str
) -> None:
    mail.outbox.clear()
    rendered.clear()
    with capture(execute=False) as callbacks:
        action()
    assert rendered == []  # nothing rendered while the locks were held
    with capture(execute=True):
        for callback in callbacks:
            callback()
    assert f"email/{expected_template}.html" in rendered
    assert mail.outbox


@pytest.mark.django_db
def test_approving_renders_after_commit(
    org_a: Organisation,
    learner_a: User,
    programme_manager: User,
    rendered: list[str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    shape = make_programme(org_a, requires_approval=True)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    _nothing_before_commit(
        lambda: actions.approve_registration(programme_manager, registration),
        rendered,
        django_capture_on_commit_callbacks,
        "programme_registered",
    )


@pytest.mark.django_db
def test_cancelling_renders_after_commit_and_so_does_the_promotion_it_causes(
    org_a: Organisation, learner_a: User, rendered: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, seats=1)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    waiting = UserFactory()
    actions.register(waiting, shape.programme, [shape.stockholm.pk])
    _nothing_before_commit(
        lambda: actions.cancel_registration(learner_a, registration),
        rendered,
        django_capture_on_commit_callbacks,
        "programme_cancelled",
    )
    assert "email/programme_promoted.html" in rendered
    assert sorted(m.to[0] for m in mail.outbox) == sorted([learner_a.email, waiting.email])


@pytest.mark.django_db
def test_switching_renders_after_commit(
    org_a: Organisation, learner_a: User, rendered: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    _nothing_before_commit(
        lambda: actions.switch_session(learner_a, registration, shape.goteborg),
        rendered,
        django_capture_on_commit_callbacks,
        "programme_switched",
    )


@pytest.mark.django_db
def test_moving_and_cancelling_a_session_render_after_commit(
    org_a: Organisation,
    learner_a: User,
    programme_manager: User,
    rendered: list[str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    later = datetime.timedelta(days=1)
    _nothing_before_commit(
        lambda: organiser.change_session(
            programme_manager,
            shape.stockholm,
            starts_at=shape.stockholm.starts_at + later,
            ends_at=shape.stockholm.ends_at + later,
        ),
        rendered,
        django_capture_on_commit_callbacks,
        "programme_session_changed",
    )
    _nothing_before_commit(
        lambda: organiser.cancel_session(programme_manager, shape.webinar),
        rendered,
        django_capture_on_commit_callbacks,
        "programme_session_cancelled",
    )
