"""Joining an open network, asking to join a closed one, invitations, leaving, roles and email choice."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.networks.models import MemberRole, MemberState, NetworkInvitation, NetworkMember, Notify, Visibility
from jamlik.people.models import User
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.networks.factories import make_network


@pytest.mark.django_db
def test_anyone_signed_in_joins_an_open_network_at_once(
    as_coordinator_b: Client, coordinator_b: User, programme_manager: User, org_b: object
) -> None:
    make_network(programme_manager, visibility=Visibility.OPEN, slug="oppet")
    response = as_coordinator_b.post("/natverk/oppet/ga-med/")
    assert response.status_code == 302
    member = NetworkMember.objects.get(user=coordinator_b)
    assert member.state == MemberState.ACTIVE and member.joined_at is not None
    assert member.organisation == org_b


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in_before_joining(client: Client, programme_manager: User) -> None:
    make_network(programme_manager, visibility=Visibility.OPEN, slug="oppet")
    response = client.post("/natverk/oppet/ga-med/")
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert NetworkMember.objects.count() == 1


@pytest.mark.django_db(transaction=False)
def test_a_request_to_a_closed_network_waits_for_a_moderator_who_is_emailed(
    as_coordinator_b: Client,
    coordinator_b: User,
    programme_manager: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    make_network(programme_manager, slug="stangt")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = as_coordinator_b.post("/natverk/stangt/ga-med/", {"message": "Jag arbetar med detta i Gagnef."})
    assert response.status_code == 302
    member = NetworkMember.objects.get(user=coordinator_b)
    assert member.state == MemberState.REQUESTED and member.request_message == "Jag arbetar med detta i Gagnef."
    assert [m.to for m in mail.outbox] == [[programme_manager.email]]
    assert "/natverk/stangt/medlemmar/" in mail.outbox[0].body
    # still outside: the space answers 404
    assert as_coordinator_b.get("/natverk/stangt/diskussioner/").status_code == 404


@pytest.mark.django_db
def test_asking_twice_is_refused_and_keeps_the_first_request(
    as_coordinator_b: Client, coordinator_b: User, programme_manager: User
) -> None:
    make_network(programme_manager, slug="stangt")
    as_coordinator_b.post("/natverk/stangt/ga-med/", {"message": "Först"})
    as_coordinator_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = as_coordinator_b.post("/natverk/stangt/ga-med/", {"message": "Igen"}, follow=True)
    assert "You have already asked to join" in response.content.decode()
    assert NetworkMember.objects.get(user=coordinator_b).request_message == "Först"


@pytest.mark.django_db
def test_a_moderator_lets_a_person_in_and_they_are_emailed(
    as_programme_manager: Client,
    programme_manager: User,
    coordinator_b: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    network = make_network(programme_manager, slug="stangt")
    client_for(coordinator_b).post("/natverk/stangt/ga-med/", {"message": ""})
    member = NetworkMember.objects.get(user=coordinator_b)
    page = as_programme_manager.get("/natverk/stangt/medlemmar/").content.decode()
    assert coordinator_b.email in page
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = as_programme_manager.post(f"/natverk/stangt/medlemmar/{member.public_id}/godkann/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.ACTIVE
    assert [m.to for m in mail.outbox] == [[coordinator_b.email]]
    assert AuditEntry.objects.filter(action="networks.member.approve", target_id=str(member.pk)).exists()
    assert network.members.filter(state=MemberState.ACTIVE).count() == 2


@pytest.mark.django_db
def test_a_moderator_declines_a_request(
    as_programme_manager: Client, programme_manager: User, coordinator_b: User
) -> None:
    make_network(programme_manager, slug="stangt")
    client_for(coordinator_b).post("/natverk/stangt/ga-med/", {"message": ""})
    member = NetworkMember.objects.get(user=coordinator_b)
    as_programme_manager.post(f"/natverk/stangt/medlemmar/{member.public_id}/avsla/")
    member.refresh_from_db()
    assert member.state == MemberState.DECLINED
    assert client_for(coordinator_b).get("/natverk/stangt/dokument/").status_code == 404


@pytest.mark.django_db
def test_a_member_who_is_not_a_moderator_cannot_answer_requests(
    programme_manager: User, coordinator_a: User, coordinator_b: User
) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client_for(coordinator_b).post("/natverk/stangt/ga-med/", {"message": ""})
    member = NetworkMember.objects.get(user=coordinator_b)
    response = client_for(coordinator_a).post(f"/natverk/stangt/medlemmar/{member.public_id}/godkann/")
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.state == MemberState.REQUESTED


@pytest.mark.django_db
def test_an_invitation_is_emailed_and_its_link_makes_the_reader_a_member_once(
    as_programme_manager: Client, programme_manager: User, django_capture_on_commit_callbacks: object
) -> None:
    make_network(programme_manager, slug="stangt")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = as_programme_manager.post("/natverk/stangt/medlemmar/bjud-in/", {"email": "Ny@Lansstyrelsen.se"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ny@lansstyrelsen.se"]]
    link = re.search(r"/natverk/inbjudan/[\w-]+/", mail.outbox[0].body)
    assert link is not None
    newcomer = UserFactory(email="ny@lansstyrelsen.se")
    client = client_for(newcomer)
    assert client.get(link.group(0)).status_code == 200
    assert client.post(link.group(0)).status_code == 302
    assert NetworkMember.objects.get(user=newcomer).state == MemberState.ACTIVE
    assert NetworkInvitation.objects.get().accepted_at is not None
    # the link is used up
    assert client_for(UserFactory()).post(link.group(0)).status_code == 404


@pytest.mark.django_db
def test_an_invitation_to_a_bad_address_is_refused_with_the_text_kept(
    as_programme_manager: Client, programme_manager: User
) -> None:
    make_network(programme_manager, slug="stangt")
    as_programme_manager.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = as_programme_manager.post("/natverk/stangt/medlemmar/bjud-in/", {"email": "inte-en-adress"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="inte-en-adress"' in response.content.decode()
    assert not NetworkInvitation.objects.exists()


@pytest.mark.django_db
def test_a_member_leaves_but_the_last_moderator_cannot(
    programme_manager: User, coordinator_a: User, as_programme_manager: Client
) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client_for(coordinator_a).post("/natverk/stangt/lamna/")
    assert NetworkMember.objects.get(user=coordinator_a).state == MemberState.LEFT
    assert client_for(coordinator_a).get("/natverk/stangt/diskussioner/").status_code == 404
    as_programme_manager.post("/natverk/stangt/lamna/")
    assert NetworkMember.objects.get(user=programme_manager).state == MemberState.ACTIVE


@pytest.mark.django_db
def test_a_moderator_makes_a_member_a_moderator_and_a_network_always_keeps_one(
    programme_manager: User, coordinator_a: User, as_programme_manager: Client
) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    member = NetworkMember.objects.get(user=coordinator_a)
    as_programme_manager.post(f"/natverk/stangt/medlemmar/{member.public_id}/roll/", {"role": "moderator"})
    member.refresh_from_db()
    assert member.role == MemberRole.MODERATOR
    own = NetworkMember.objects.get(user=programme_manager)
    client_for(coordinator_a).post(f"/natverk/stangt/medlemmar/{own.public_id}/roll/", {"role": "member"})
    own.refresh_from_db()
    assert own.role == MemberRole.MEMBER
    # now coordinator A is the only moderator and may not step down
    client_for(coordinator_a).post(f"/natverk/stangt/medlemmar/{member.public_id}/roll/", {"role": "member"})
    member.refresh_from_db()
    assert member.role == MemberRole.MODERATOR


@pytest.mark.django_db
def test_a_member_chooses_how_to_hear_about_new_posts(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(coordinator_a)
    assert client.get("/natverk/stangt/e-post/").status_code == 200
    client.post("/natverk/stangt/e-post/", {"notify": "each_post"})
    assert NetworkMember.objects.get(user=coordinator_a).notify == Notify.EACH_POST
    assert client.post("/natverk/stangt/e-post/", {"notify": "hourly"}).status_code == 400
    assert NetworkMember.objects.get(user=coordinator_a).notify == Notify.EACH_POST


@pytest.mark.django_db
def test_members_see_fellow_members_names_and_organisations_but_others_do_not(
    programme_manager: User, coordinator_a: User, coordinator_b: User, org_a: object
) -> None:
    make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="oppet")
    page = client_for(programme_manager).get("/natverk/oppet/medlemmar/").content.decode()
    assert "Malin Samordnare" in page and "Säters kommun" in page
    assert client_for(coordinator_b).get("/natverk/oppet/medlemmar/").status_code == 404
    assert "Malin Samordnare" not in client_for(coordinator_b).get("/natverk/oppet/").content.decode()
