"""Signing in through an organisation's SAML identity provider in Chromium, with a real pysaml2 IdP.

The IdP answers at its own origin (https://idp.sater.example), which the browser reaches through
a Playwright route: pysaml2 reads the AuthnRequest from the redirect the browser followed and
answers with a page whose form posts the signed Response to our ACS, as an IdP's page does.
Nothing leaves the machine.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from jamlik.people.models import Membership, MembershipSource, Organisation
from tests.identity.saml_idp import TestIdP, encode
from tests.identity.saml_kit import saml_connector

pytestmark = pytest.mark.browser

ATTRIBUTES = {"mail": ["anna@sater.se"], "givenName": ["Anna"], "sn": ["Andersson"], "displayName": ["Anna Andersson"]}


def answer_page(idp: TestIdP, url: str) -> str:
    request = idp.read_request(url)
    xml = idp.response(
        in_response_to=request.id,
        acs_url=request.acs_url,
        audience=request.acs_url.replace("/acs/", "/metadata/"),
        subject="anna-123",
        attributes=ATTRIBUTES,
    )
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Test IdP</title></head><body>'
        f'<form method="post" action="{html.escape(request.acs_url)}">'
        f'<input type="hidden" name="SAMLResponse" value="{encode(xml)}">'
        f'<input type="hidden" name="RelayState" value="{html.escape(request.relay_state)}">'
        '<button type="submit">Continue to Jämlik</button></form></body></html>'
    )


def test_a_person_signs_in_through_the_organisations_saml_idp_and_becomes_a_member(
    page: Page, server_url: str, org_a: Organisation, settings: object, tmp_path: Path
) -> None:
    settings.SITE_URL = server_url  # type: ignore[attr-defined]  # our ACS and entity id on the live server
    row, idp = saml_connector(tmp_path)(org_a, "sater", ["sater.se"])
    idp_origin = "https://" + (urlsplit(idp.sso_url).hostname or "")

    def the_idp(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=answer_page(idp, route.request.url))

    page.route(f"{idp_origin}/**", the_idp)
    page.goto(server_url + "/konto/saml/sater/login/")
    page.get_by_role("button", name=re.compile("Continue|Fortsätt")).click()
    page.wait_for_url(f"{idp_origin}/**")
    page.get_by_role("button", name="Continue to Jämlik").click()

    expect(page.get_by_role("button", name=re.compile("Sign out|Logga ut"))).to_be_visible()
    membership = Membership.objects.get(user__email="anna@sater.se")
    assert (membership.organisation, membership.source) == (org_a, MembershipSource.SSO)
    assert row.is_enabled
