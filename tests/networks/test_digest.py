"""The daily digest: new visible posts by others, once per member, whatever the number of runs."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from jamlik.networks import actions, space
from jamlik.networks.digest import send_digests
from jamlik.networks.models import NetworkMember, Notify
from jamlik.people.models import User
from tests.factories import UserFactory
from tests.networks.factories import add_member, make_network, make_thread, place_of


@pytest.fixture
def members(programme_manager: User, coordinator_a: User, coordinator_b: User) -> dict[str, User]:
    network = make_network(programme_manager, coordinator_a, coordinator_b, slug="stangt")
    member_b = NetworkMember.objects.get(user=coordinator_b)
    actions.set_notify(coordinator_b, member_b, Notify.EACH_POST)
    quiet = UserFactory(name="Tyst Medlem")
    actions.set_notify(quiet, add_member(network, programme_manager, quiet), Notify.NONE)
    return {"pm": programme_manager, "a": coordinator_a, "b": coordinator_b, "quiet": quiet}


@pytest.mark.django_db
def test_the_digest_sends_each_post_once_to_digest_readers_only(
    members: dict[str, User], django_capture_on_commit_callbacks: object
) -> None:
    network = NetworkMember.objects.get(user=members["a"]).network
    thread = make_thread(network, members["pm"], title="Rapporten", body="Första inlägget")
    space.reply(members["a"], place_of(members["a"], network), thread, "Mitt eget svar")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert send_digests() == (2, 2)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([members["pm"].email, members["a"].email])
    to_a = next(m for m in mail.outbox if m.to == [members["a"].email])
    assert "Första inlägget" in to_a.body and "Mitt eget svar" not in to_a.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert send_digests() == (0, 0)
    assert mail.outbox == []
    space.reply(members["pm"], place_of(members["pm"], network), thread, "Ett nytt svar")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        send_digests()
    to_a = [m for m in mail.outbox if m.to == [members["a"].email]]
    assert len(to_a) == 1 and "Ett nytt svar" in to_a[0].body and "Första inlägget" not in to_a[0].body


@pytest.mark.django_db
def test_hidden_posts_are_left_out_of_the_digest(
    members: dict[str, User], django_capture_on_commit_callbacks: object
) -> None:
    network = NetworkMember.objects.get(user=members["a"]).network
    thread = make_thread(network, members["pm"], body="Synligt")
    bad = space.reply(members["pm"], place_of(members["pm"], network), thread, "Dolt innehåll")
    space.hide_post(members["pm"], place_of(members["pm"], network), bad, "Fel")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        send_digests()
    to_a = next(m for m in mail.outbox if m.to == [members["a"].email])
    assert "Synligt" in to_a.body and "Dolt innehåll" not in to_a.body


@pytest.mark.django_db
def test_a_new_member_is_not_sent_what_was_posted_before_they_joined(
    members: dict[str, User], programme_manager: User, django_capture_on_commit_callbacks: object
) -> None:
    network = NetworkMember.objects.get(user=members["a"]).network
    make_thread(network, programme_manager, body="Gammalt inlägg")
    newcomer = UserFactory()
    add_member(network, programme_manager, newcomer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        send_digests()
    assert not [m for m in mail.outbox if m.to == [newcomer.email]]


@pytest.mark.django_db
def test_the_command_reports_what_it_sent(members: dict[str, User], capsys: pytest.CaptureFixture[str]) -> None:
    network = NetworkMember.objects.get(user=members["a"]).network
    make_thread(network, members["b"], body="Från Gagnef")
    call_command("send_network_digests")
    assert "2 digest(s) sent with 2 post(s)" in capsys.readouterr().out
    call_command("send_network_digests")
    assert "0 digest(s) sent with 0 post(s)" in capsys.readouterr().out
