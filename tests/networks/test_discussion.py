"""Discussions: threads and replies, email for each post, hiding and reporting posts, constant query counts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.audit.models import AuditEntry
from jamlik.networks import actions, space
from jamlik.networks.models import NetworkMember, Notify, Post, PostReport, Thread, Visibility
from jamlik.people.models import User
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.networks.factories import add_member, make_network, make_thread, place_of


@pytest.mark.django_db
def test_a_member_starts_a_thread_and_another_replies(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(coordinator_a)
    response = client.post("/natverk/stangt/diskussioner/ny/", {"title": "Mål och mått", "body": "Hur **mäter** ni?"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and str(thread.public_id) in response["Location"]
    reply = client_for(programme_manager).post(
        f"/natverk/stangt/diskussioner/{thread.public_id}/", {"body": "Med *indikatorer*."}
    )
    assert reply.status_code == 302
    page = client.get(f"/natverk/stangt/diskussioner/{thread.public_id}/").content.decode()
    assert "<strong>mäter</strong>" in page and "<em>indikatorer</em>" in page
    assert AuditEntry.objects.filter(action="networks.post.create").count() == 1


@pytest.mark.django_db
def test_an_empty_reply_is_refused_and_nothing_is_kept(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(network, coordinator_a)
    client = client_for(coordinator_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/natverk/stangt/diskussioner/{thread.public_id}/", {"body": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_a_new_thread_without_a_title_keeps_the_message(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(coordinator_a)
    response = client.post("/natverk/stangt/diskussioner/ny/", {"title": "", "body": "Mitt långa inlägg"})
    assert response.status_code == 400
    assert "Mitt långa inlägg" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_scripts_and_styles_in_posts_are_removed(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(
        network, coordinator_a, body='<script>alert("x")</script><img src=x onerror=alert(1)> [a](javascript:alert(2))'
    )
    page = client_for(coordinator_a).get(f"/natverk/stangt/diskussioner/{thread.public_id}/").content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'href="javascript' not in page


@pytest.mark.django_db
def test_members_who_chose_each_post_are_emailed_after_commit_but_not_the_author(
    programme_manager: User, coordinator_a: User, django_capture_on_commit_callbacks: object
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    for user in (programme_manager, coordinator_a):
        member = NetworkMember.objects.get(user=user)
        actions.set_notify(user, member, Notify.EACH_POST)
    digest_reader = UserFactory()
    add_member(network, programme_manager, digest_reader)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        thread = make_thread(network, coordinator_a, title="Nytt", body="Hej alla")
    assert [m.to for m in mail.outbox] == [[programme_manager.email]]
    assert "Hej alla" in mail.outbox[0].body and str(thread.public_id) in mail.outbox[0].body


@pytest.mark.django_db
def test_a_signed_in_person_reads_an_open_network_but_must_join_to_post(
    programme_manager: User, coordinator_a: User, coordinator_b: User
) -> None:
    network = make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="oppet")
    thread = make_thread(network, coordinator_a, title="Öppen fråga")
    client = client_for(coordinator_b)
    assert "Öppen fråga" in client.get("/natverk/oppet/diskussioner/").content.decode()
    assert client.post(f"/natverk/oppet/diskussioner/{thread.public_id}/", {"body": "Jag med"}).status_code == 404
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_a_moderator_hides_a_post_with_a_reason_and_shows_it_again(
    programme_manager: User, coordinator_a: User, as_programme_manager: Client
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(network, coordinator_a, body="Olämpligt innehåll")
    post = thread.posts.get()
    assert as_programme_manager.get(f"/natverk/stangt/inlagg/{post.public_id}/dolj/").status_code == 200
    assert (
        as_programme_manager.post(f"/natverk/stangt/inlagg/{post.public_id}/dolj/", {"reason": ""}).status_code == 400
    )
    post.refresh_from_db()
    assert not post.is_hidden
    as_programme_manager.post(f"/natverk/stangt/inlagg/{post.public_id}/dolj/", {"reason": "Namn på en brukare"})
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Namn på en brukare" and post.hidden_by == programme_manager
    member_view = client_for(coordinator_a).get(f"/natverk/stangt/diskussioner/{thread.public_id}/").content.decode()
    assert "Olämpligt innehåll" not in member_view and "Namn på en brukare" not in member_view
    moderator_view = as_programme_manager.get(f"/natverk/stangt/diskussioner/{thread.public_id}/").content.decode()
    assert "Namn på en brukare" in moderator_view
    as_programme_manager.post(f"/natverk/stangt/inlagg/{post.public_id}/visa/")
    post.refresh_from_db()
    assert not post.is_hidden
    actions_logged = list(AuditEntry.objects.filter(target_id=str(post.pk)).values_list("action", flat=True))
    assert set(actions_logged) >= {"networks.post.hide", "networks.post.unhide"}


@pytest.mark.django_db
def test_a_member_cannot_hide_posts(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    post = make_thread(network, programme_manager).posts.get()
    response = client_for(coordinator_a).post(f"/natverk/stangt/inlagg/{post.public_id}/dolj/", {"reason": "x"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert not post.is_hidden


@pytest.mark.django_db
def test_a_member_reports_a_post_once_and_moderators_see_and_settle_it(
    programme_manager: User, coordinator_a: User, as_programme_manager: Client
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    post = make_thread(network, programme_manager, body="Ett påstående").posts.get()
    client = client_for(coordinator_a)
    assert client.post(f"/natverk/stangt/inlagg/{post.public_id}/anmal/", {"reason": ""}).status_code == 400
    assert not PostReport.objects.exists()
    client.post(f"/natverk/stangt/inlagg/{post.public_id}/anmal/", {"reason": "Stämmer inte"})
    again = client.post(f"/natverk/stangt/inlagg/{post.public_id}/anmal/", {"reason": "Igen"})
    assert again.status_code == 400
    report = PostReport.objects.get()
    assert report.reason == "Stämmer inte" and report.reported_by == coordinator_a
    assert "Stämmer inte" in as_programme_manager.get("/natverk/stangt/anmalda-inlagg/").content.decode()
    assert client.get("/natverk/stangt/anmalda-inlagg/").status_code == 404
    as_programme_manager.post(f"/natverk/stangt/anmalda-inlagg/{report.public_id}/avfarda/")
    report.refresh_from_db()
    assert report.resolved_by == programme_manager
    assert AuditEntry.objects.filter(action="networks.report.dismiss").count() == 1


@pytest.mark.django_db
def test_hiding_a_post_settles_its_open_reports(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    post = make_thread(network, programme_manager).posts.get()
    space.report_post(coordinator_a, place_of(coordinator_a, network), post, "Kränkande")
    space.hide_post(programme_manager, place_of(programme_manager, network), post, "Kränkande")
    assert PostReport.objects.get().resolved_at is not None


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_thread_list_takes_the_same_queries_for_one_thread_or_many(
    programme_manager: User, coordinator_a: User, django_assert_max_num_queries: object
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    make_thread(network, coordinator_a)
    client = client_for(coordinator_a)
    one = _count(client, "/natverk/stangt/diskussioner/")
    for n in range(8):
        make_thread(network, programme_manager if n % 2 else coordinator_a, title=f"Tråd {n}")
    with django_assert_max_num_queries(one):  # type: ignore[operator]
        client.get("/natverk/stangt/diskussioner/")


@pytest.mark.django_db
def test_a_thread_page_takes_the_same_queries_for_one_post_or_many(
    programme_manager: User, coordinator_a: User, django_assert_max_num_queries: object
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(network, coordinator_a)
    client = client_for(programme_manager)
    path = f"/natverk/stangt/diskussioner/{thread.public_id}/"
    one = _count(client, path)
    for n in range(8):
        author = coordinator_a if n % 2 else programme_manager
        post = space.reply(author, place_of(author, network), thread, f"Svar {n}")
        if n == 3:
            space.hide_post(programme_manager, place_of(programme_manager, network), post, "Fel tråd")
    with django_assert_max_num_queries(one):  # type: ignore[operator]
        client.get(path)
    assert Post.objects.filter(thread=thread).count() == 9


@pytest.mark.django_db
def test_people_who_left_or_only_asked_get_no_email_about_new_posts(
    programme_manager: User, coordinator_a: User, django_capture_on_commit_callbacks: object
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    gone = UserFactory()
    member = add_member(network, programme_manager, gone)
    actions.set_notify(gone, member, Notify.EACH_POST)
    actions.leave(gone, member)
    waiting = UserFactory()
    asked = actions.request_to_join(waiting, network)
    NetworkMember.objects.filter(pk=asked.pk).update(notify=Notify.EACH_POST)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        make_thread(network, coordinator_a, body="Bara för medlemmar")
    assert not [m for m in mail.outbox if m.to in ([gone.email], [waiting.email])]


@pytest.mark.django_db
def test_the_public_reads_an_open_networks_description_but_not_its_discussions(
    client: Client, programme_manager: User, coordinator_a: User
) -> None:
    network = make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="oppet")
    thread = make_thread(network, coordinator_a, title="Bara för inloggade")
    home = client.get("/natverk/oppet/")
    assert home.status_code == 200 and "Bara för inloggade" not in home.content.decode()
    assert client.get(f"/natverk/oppet/diskussioner/{thread.public_id}/").status_code == 302
