"""The sign-in page with single sign-on: an address at a provider's domain leads to its sign-in;
the emailed code stays the fallback unless the organisation turned it off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jamlik.people.models import Organisation, User
from tests.identity.flows import connect, finish
from tests.identity.oidc_op import OpenIDProvider

pytestmark = pytest.mark.django_db


def test_an_address_at_the_providers_domain_leads_to_the_organisations_sign_in(
    client: Client, op: OpenIDProvider, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    provider = connect(op, org_a, ["sater.se"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "ada@sater.se", "next": "/kurser/"})
    page = response.content.decode()
    assert response.status_code == 200 and not mail.outbox
    assert "Logga in via din organisation" in page and provider.name in page
    assert "Mejla en inloggningskod till ada@sater.se" in page

    op.add_user("ada", "ada@sater.se")
    start = client.post(reverse("identity:start"), {"provider": provider.slug, "process": "login", "next": "/kurser/"})
    assert start.status_code == 302
    arrived = finish(client, op.sign_in(start["Location"], "ada"))
    assert arrived.status_code == 302 and arrived["Location"] == "/kurser/"
    assert User.objects.filter(email="ada@sater.se").exists()


def test_the_code_is_still_sent_when_the_person_asks_for_it(
    client: Client, op: OpenIDProvider, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    connect(op, org_a, ["sater.se"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "ada@sater.se", "use_code": "1"})
    assert [message.to for message in mail.outbox] == [["ada@sater.se"]]


def test_with_the_code_turned_off_no_code_is_sent_and_no_account_started(
    client: Client, op: OpenIDProvider, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    connect(op, org_a, ["sater.se"], allow_email_code=False)
    choose = client.post(reverse("account_request_login_code"), {"email": "ada@sater.se"}).content.decode()
    assert "Mejla en inloggningskod" not in choose
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "ada@sater.se", "use_code": "1"})
        signup = client.post(reverse("account_signup"), {"email": "bo@sater.se"})
    assert "loggar bara in adresser på sater.se via" in response.content.decode()
    assert "loggar bara in adresser på sater.se via" in signup.content.decode()
    assert not mail.outbox and not User.objects.exists()


def test_other_addresses_get_their_code_as_before(
    client: Client, op: OpenIDProvider, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    connect(op, org_a, ["sater.se"], allow_email_code=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "ada@gagnef.se"})
    assert [message.to for message in mail.outbox] == [["ada@gagnef.se"]]


def test_the_sign_in_page_lists_organisations_with_a_provider(
    client: Client, op: OpenIDProvider, org_a: Organisation
) -> None:
    assert "id_provider" not in client.get(reverse("account_login")).content.decode()
    provider = connect(op, org_a, ["sater.se"])
    page = client.get(reverse("account_login")).content.decode()
    assert f'<option value="{provider.slug}">Säters kommun' in page


def test_a_disabled_or_unknown_provider_cannot_be_started(
    client: Client, op: OpenIDProvider, org_a: Organisation
) -> None:
    provider = connect(op, org_a, ["sater.se"], enable=False)
    assert client.post(reverse("identity:start"), {"provider": provider.slug}).status_code == 404
    assert client.post(reverse("identity:start"), {"provider": "nobody"}).status_code == 404
    assert client.get(reverse("identity:start")).status_code == 405


def test_the_organisations_page_lets_its_form_lead_to_the_provider(
    client: Client, op: OpenIDProvider, org_a: Organisation
) -> None:
    """Browsers check a form's redirects against form-action: without the provider's origin the
    button silently did nothing (found by the browser test)."""
    provider = connect(op, org_a, ["sater.se"])
    for response in (
        client.post(reverse("account_request_login_code"), {"email": "ada@sater.se"}),
        client.get(reverse("identity:choose"), {"provider": provider.slug, "next": "/kurser/"}),
    ):
        assert response.status_code == 200
        assert f"form-action 'self' {op.base}" in response["Content-Security-Policy"]
    assert client.get(reverse("identity:choose"), {"provider": "nobody"}).status_code == 404
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "form-action 'self'" in [directive.strip() for directive in policy.split(";")]


def test_an_address_at_a_saml_providers_domain_leads_to_its_sign_in_too(
    client: Client, org_a: Organisation, tmp_path: Any
) -> None:
    from tests.identity.saml_kit import saml_connector

    row, _idp = saml_connector(tmp_path)(org_a, "sater", ["sater.se"])
    choose = client.post(reverse("account_request_login_code"), {"email": "ada@sater.se"})
    assert row.name in choose.content.decode()
    assert "form-action 'self' https://idp.sater.example" in choose["Content-Security-Policy"]
    start = client.post(reverse("identity:start"), {"provider": row.slug})
    assert start.status_code == 302 and start["Location"].startswith("https://idp.sater.example/")


def test_with_the_code_turned_off_a_password_does_not_sign_in_either(
    client: Client, op: OpenIDProvider, org_a: Organisation, learner_a: User
) -> None:
    """The organisation's rule is "only through our provider": a password set earlier (or by a
    reset email) is no way around it for addresses at its domains."""
    learner_a.email = "lina@sater.se"
    learner_a.set_password("en lång och bra lösenfras")
    learner_a.save()
    connect(op, org_a, ["sater.se"], allow_email_code=False)
    response = client.post(
        reverse("account_login"), {"login": "Lina@Sater.se", "password": "en lång och bra lösenfras"}
    )
    assert response.status_code == 200
    assert "loggar bara in adresser på sater.se via" in response.content.decode()
    assert client.get("/min-sida/").status_code == 302


def test_with_the_code_allowed_a_password_still_signs_in(
    client: Client, op: OpenIDProvider, org_a: Organisation, learner_a: User
) -> None:
    learner_a.email = "lina@sater.se"
    learner_a.set_password("en lång och bra lösenfras")
    learner_a.save()
    connect(op, org_a, ["sater.se"])
    response = client.post(
        reverse("account_login"), {"login": "lina@sater.se", "password": "en lång och bra lösenfras"}
    )
    assert response.status_code == 302
    assert client.get("/min-sida/").status_code == 200
