"""Sign-in by an emailed one-time code: the default, passwordless path."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import user_signed_up
from django.core import mail
from django.test import Client, RequestFactory

from jamlik.people.models import EmailDomain, Membership, MembershipStatus, Organisation, User


def request_code(client: Client, email: str, hooks: Any) -> str:
    with hooks(execute=True):
        response = client.post("/konto/login/code/", {"email": email})
    assert response.status_code == 302, response.content.decode()[:500]
    assert mail.outbox, "no email was sent"
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.mark.django_db
def test_a_person_signs_in_with_the_code_from_the_email(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    code = request_code(client, "LINA@sater.se", django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["lina@sater.se"]
    response = client.post("/konto/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.get("/min-sida/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_the_third_wrong_try_ends_the_attempt(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    code = request_code(client, learner_a.email, django_capture_on_commit_callbacks)
    for _ in range(3):
        client.post("/konto/login/code/confirm/", {"code": "WRONG1"})
    # Even the right code no longer works: the attempt is spent.
    client.post("/konto/login/code/confirm/", {"code": code})
    assert client.get("/min-sida/").status_code == 302


@pytest.mark.django_db
def test_an_expired_code_is_refused(client: Client, learner_a: User, django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel("2026-11-23 10:00:00+01:00", tick=False) as traveller:
        code = request_code(client, learner_a.email, django_capture_on_commit_callbacks)
        traveller.shift(16 * 60)
        client.post("/konto/login/code/confirm/", {"code": code})
        assert client.get("/min-sida/").status_code == 302


@pytest.mark.django_db
def test_a_used_code_cannot_be_used_again(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    code = request_code(client, learner_a.email, django_capture_on_commit_callbacks)
    client.post("/konto/login/code/confirm/", {"code": code})
    client.post("/konto/logout/")
    assert client.get("/min-sida/").status_code == 302
    response = client.post("/konto/login/code/confirm/", {"code": code})
    assert response.status_code in (200, 302)
    assert client.get("/min-sida/").status_code == 302


@pytest.mark.django_db
def test_a_new_person_signs_up_without_a_password_and_joins_by_email_domain_once_the_code_proves_the_address(
    client: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=True)
    page = client.get("/konto/signup/").content.decode()
    assert 'type="password"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", {"email": "ny.medarbetare@sater.se"})
    assert response.status_code == 302
    user = User.objects.get(email="ny.medarbetare@sater.se")
    assert not user.has_usable_password()
    # Typing an address proves nothing: no membership until the code from the mailbox is used.
    assert not Membership.objects.filter(user=user).exists()
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert code is not None
    client.post(response["Location"], {"code": code.group(1)})
    assert client.get("/min-sida/").status_code == 200
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.status) == (org_a, MembershipStatus.PENDING)


@pytest.mark.django_db
def test_a_duplicate_email_cannot_sign_up_twice(client: Client, learner_a: User) -> None:
    client.post("/konto/signup/", {"email": "Lina@Sater.se"})
    assert User.objects.filter(email__iexact="lina@sater.se").count() == 1


@pytest.mark.django_db
def test_requests_for_codes_are_rate_limited_per_address_and_the_page_says_when_to_try_again(
    learner_a: User, django_capture_on_commit_callbacks: Any, any_cache: None
) -> None:
    with time_machine.travel("2026-11-23 10:00:20+01:00", tick=False):
        # Each request from a fresh browser, as an attacker would send them.
        with django_capture_on_commit_callbacks(execute=True):
            responses = [Client().post("/konto/login/code/", {"email": learner_a.email}) for _ in range(4)]
        english = Client(headers={"accept-language": "en"}).post("/konto/login/code/", {"email": learner_a.email})
    assert [r.status_code for r in responses] == [302, 302, 302, 200]
    assert len(mail.outbox) == 3
    page = responses[-1].content.decode()
    assert "Ange inloggningskod" not in page
    assert "inga fler koder" in page.lower()
    assert "10:01" in page  # a minute after the first of the three
    assert "no new code was sent" in english.content.decode()
    assert "10:01" in english.content.decode()


@pytest.mark.django_db
def test_asking_again_in_the_same_browser_sends_a_new_code_to_the_address_typed(
    client: Client, learner_a: User, coordinator_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    request_code(client, "lina@sater.se", django_capture_on_commit_callbacks)
    # Back on the sign-in page, the person corrects the address: the code goes to the new one.
    code = request_code(client, coordinator_a.email, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["lina@sater.se"], [coordinator_a.email]]
    client.post("/konto/login/code/confirm/", {"code": code})
    assert client.get("/min-sida/").content.decode().count(coordinator_a.email) >= 1


@pytest.mark.django_db
def test_an_unknown_address_on_the_sign_in_page_gets_a_code_that_creates_the_account(
    client: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=False)
    assert "skapar ditt konto" in client.get("/konto/login/").content.decode()
    code = request_code(client, "Ny.Person@Sater.se", django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["ny.person@sater.se"]
    assert "Okänt konto" not in mail.outbox[-1].subject
    assert not Membership.objects.exists()  # nobody joins by typing an address
    response = client.post("/konto/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.get("/min-sida/").status_code == 200
    user = User.objects.get(email="ny.person@sater.se")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(user=user).organisation == org_a


@pytest.mark.django_db
def test_a_stranger_typing_someones_new_address_makes_them_no_member(
    client: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=False)
    request_code(client, "kollega@sater.se", django_capture_on_commit_callbacks)
    client.post("/konto/login/code/confirm/", {"code": "WRONG-CODE"})
    assert client.get("/min-sida/").status_code == 302
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_signing_out_requires_a_post(as_learner_a: Client) -> None:
    as_learner_a.get("/konto/logout/")
    assert as_learner_a.get("/min-sida/").status_code == 200
    as_learner_a.post("/konto/logout/")
    assert as_learner_a.get("/min-sida/").status_code == 302


@pytest.mark.django_db
def test_a_person_with_a_password_can_sign_in_with_it_instead(client: Client, learner_a: User) -> None:
    learner_a.set_password("en lång och bra lösenfras")
    learner_a.save()
    page = client.get("/konto/login/").content.decode()
    assert 'type="password"' in page
    response = client.post("/konto/login/", {"login": learner_a.email, "password": "en lång och bra lösenfras"})
    assert response.status_code == 302
    assert client.get("/min-sida/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_is_refused(client: Client, learner_a: User) -> None:
    learner_a.set_password("en lång och bra lösenfras")
    learner_a.save()
    response = client.post("/konto/login/", {"login": learner_a.email, "password": "fel"})
    assert response.status_code == 200
    assert client.get("/min-sida/").status_code == 302


@pytest.mark.django_db
def test_signing_up_needs_no_password(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", {"email": "ny@example.org"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert User.objects.filter(email="ny@example.org").exists()


@pytest.mark.django_db
def test_a_sign_up_with_an_address_already_verified_by_single_sign_on_joins_at_once(org_a: Organisation) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=False)
    person = User.objects.create_user(email="sso@sater.se")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    # What allauth's social sign-up sends once the provider's verified address is saved.
    user_signed_up.send(sender=User, request=RequestFactory().get("/"), user=person, sociallogin=None)
    assert Membership.objects.get(user=person).organisation == org_a


@pytest.mark.django_db
def test_past_allauths_sign_in_limit_the_page_says_so_and_when_to_try_again(
    client: Client, learner_a: User, settings: Any, any_cache: None
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    with time_machine.travel("2026-11-23 10:00:20+01:00", tick=False):
        for _ in range(2):
            client.post("/konto/login/", {"login": learner_a.email, "password": "fel"})
        response = client.post("/konto/login/", {"login": learner_a.email, "password": "fel"})
        english = Client(headers={"accept-language": "en"}).post("/konto/login/", {"login": learner_a.email})
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>För många försök just nu</h1>" in page
    assert "kl. 10:01" in page and response["Retry-After"] == "60"
    assert english.status_code == 429
    assert "Try again at 10:01 (in about 1 minute)." in english.content.decode()
