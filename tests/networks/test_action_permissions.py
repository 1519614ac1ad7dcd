"""Network actions check their actor themselves (docs/architecture.md, "Who may make a change"):
a network's moderators answer requests, invite, set roles and moderate its space; leaving and
email choices are the member's own; a space action acts through the actor's own membership, on
things of that network. Each case calls one action as someone who may not and expects
``PermissionDenied`` with nothing written."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jamlik.networks import actions, space
from jamlik.networks.models import (
    Document,
    DocumentVersion,
    Meeting,
    MemberRole,
    Network,
    NetworkInvitation,
    NetworkMember,
    Notify,
    Post,
    PostReport,
    Thread,
)
from jamlik.people.models import User
from tests.networks.factories import make_document, make_network, make_thread, pdf_upload, place_of
from tests.refusals import assert_refused


@dataclass
class Shared:
    """A closed network the programme manager moderates, with coordinator A as a plain member, a
    request waiting, a thread with a reported post, a meeting and a document; and another network."""

    network: Network
    other: Network
    moderator: NetworkMember
    member: NetworkMember
    request: NetworkMember
    thread: Thread
    post: Post
    report: PostReport
    meeting: Meeting
    document: Document


def _times() -> space.MeetingFields:
    start = timezone.now() + datetime.timedelta(days=7)
    return space.MeetingFields(title="Träff", starts_at=start, ends_at=start + datetime.timedelta(hours=1))


@pytest.fixture
def shared(programme_manager: User, coordinator_a: User, learner_a: User, coordinator_b: User) -> Shared:
    network = make_network(programme_manager, coordinator_a)
    other = make_network(programme_manager, coordinator_b, slug="annat")
    request = actions.request_to_join(learner_a, network)
    thread = make_thread(network, programme_manager)
    post = space.reply(coordinator_a, place_of(coordinator_a, network), thread, "Så här gör vi.")
    report = space.report_post(programme_manager, place_of(programme_manager, network), post, "Fel länk")
    meeting = space.add_meeting(programme_manager, place_of(programme_manager, network), _times())
    return Shared(
        network,
        other,
        NetworkMember.objects.get(network=network, user=programme_manager),
        NetworkMember.objects.get(network=network, user=coordinator_a),
        request,
        thread,
        post,
        report,
        meeting,
        make_document(network, programme_manager),
    )


def _as(u: User, s: Shared) -> space.Place:
    return place_of(u, s.network)


# Moderating: a plain member (coordinator A) is refused.
NOT_A_MODERATOR: dict[str, Callable[[Shared, User], object]] = {
    "approve_request": lambda s, u: actions.approve_request(u, s.request),
    "decline_request": lambda s, u: actions.decline_request(u, s.request),
    "invite": lambda s, u: actions.invite(u, s.network, "ny@sater.se"),
    "set_role": lambda s, u: actions.set_role(u, s.member, MemberRole.MODERATOR),
    "hide_post": lambda s, u: space.hide_post(u, _as(u, s), s.post, "Reklam"),
    "unhide_post": lambda s, u: space.unhide_post(u, _as(u, s), s.post),
    "dismiss_report": lambda s, u: space.dismiss_report(u, _as(u, s), s.report),
    "add_meeting": lambda s, u: space.add_meeting(u, _as(u, s), _times()),
    "change_meeting": lambda s, u: space.change_meeting(u, _as(u, s), s.meeting, _times()),
}
# Someone else's membership, or another person's place: coordinator B (a member of the other network) is refused.
NOT_THEIRS: dict[str, Callable[[Shared, User], object]] = {
    "leave": lambda s, u: actions.leave(u, s.member),
    "set_notify": lambda s, u: actions.set_notify(u, s.member, Notify.EACH_POST),
    "start_thread": lambda s, u: space.start_thread(u, _as(s.member.user, s), title="Min tråd", body="Text"),
    "reply": lambda s, u: space.reply(u, _as(s.member.user, s), s.thread, "Svar"),
    "report_post": lambda s, u: space.report_post(u, _as(s.member.user, s), s.post, "Fel"),
    "add_document": lambda s, u: space.add_document(
        u, _as(s.member.user, s), title="Plan", description="", upload=pdf_upload()
    ),
    "add_version": lambda s, u: space.add_version(u, _as(s.member.user, s), s.document, pdf_upload()),
    # their own place, but in the other network: what they act on is not there
    "reply (other network)": lambda s, u: space.reply(u, place_of(u, s.other), s.thread, "Svar"),
    "report_post (other network)": lambda s, u: space.report_post(u, place_of(u, s.other), s.post, "Fel"),
}
WATCHED = (NetworkMember, NetworkInvitation, Thread, Post, PostReport, Meeting, Document, DocumentVersion)


def _states() -> list[tuple[object, ...]]:
    return list(NetworkMember.objects.order_by("pk").values_list("state", "role", "notify"))


@pytest.mark.parametrize("action", sorted(NOT_A_MODERATOR))
def test_a_member_who_is_not_a_moderator_is_refused(shared: Shared, coordinator_a: User, action: str) -> None:
    before = _states()
    assert_refused(lambda: NOT_A_MODERATOR[action](shared, coordinator_a), *WATCHED)
    assert _states() == before


@pytest.mark.parametrize("action", sorted(NOT_THEIRS))
def test_someone_elses_membership_or_place_is_refused(shared: Shared, coordinator_b: User, action: str) -> None:
    before = _states()
    assert_refused(lambda: NOT_THEIRS[action](shared, coordinator_b), *WATCHED)
    assert _states() == before


def test_a_moderator_of_the_other_network_cannot_hide_a_post_here(shared: Shared, programme_manager: User) -> None:
    assert_refused(
        lambda: space.hide_post(programme_manager, place_of(programme_manager, shared.other), shared.post, "Reklam")
    )
    shared.post.refresh_from_db()
    assert not shared.post.is_hidden


def test_moderators_and_the_member_themselves_may(shared: Shared, programme_manager: User, coordinator_a: User) -> None:
    """The same checks let through whom the pages let through."""
    actions.approve_request(programme_manager, shared.request)
    actions.set_notify(coordinator_a, shared.member, Notify.EACH_POST)
    space.hide_post(programme_manager, place_of(programme_manager, shared.network), shared.post, "Reklam")
    shared.request.refresh_from_db()
    shared.member.refresh_from_db()
    shared.post.refresh_from_db()
    assert shared.request.is_active and shared.member.notify == Notify.EACH_POST and shared.post.is_hidden
