"""The privacy notice lists, per purpose, the data, legal basis, recipients and retention: from the
catalogue and the rules in force, the same the retention job reads."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from jamlik.people.models import Organisation
from jamlik.retention.catalogue import KINDS, Purpose, RuleKey, period_for
from jamlik.retention.models import RetentionRule

URL = "/integritet/"


def _text(client: Client, url: str = URL) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_notice_lists_every_kind_of_data_by_purpose_with_basis_recipients_and_retention(client: Client) -> None:
    body = _text(client)
    with translation.override("en"):
        for purpose in Purpose:
            assert str(purpose.label) in body, purpose
        for kind in KINDS:
            assert str(kind.name) in body, kind.key
            assert str(kind.legal_basis.label) in body
            for viewer in kind.visible_to:
                assert str(viewer.label) in body
            assert period_for(kind.rule).describe() in body, kind.key
    assert "12 months after the course was completed" in body


@pytest.mark.django_db
def test_an_organisations_own_rules_are_shown_when_chosen(client: Client, org_a: Organisation) -> None:
    RetentionRule.objects.create(organisation=org_a, key=RuleKey.LESSON_PROGRESS, amount=6)
    RetentionRule.objects.create(organisation=None, key=RuleKey.AUDIT_ENTRIES, amount=8)
    platform = _text(client)
    assert "12 months after the course was completed" in platform
    assert "8 years after the entry was written" in platform
    assert '<option value="sater">Säters kommun</option>' in platform
    own = _text(client, f"{URL}?organisation=sater")
    assert "6 months after the course was completed" in own
    assert "12 months after the course was completed" not in own
    assert "Retention as Säters kommun has set it." in own
    assert "8 years after the entry was written" in own  # the platform's rule where the organisation has none


@pytest.mark.django_db
def test_an_unknown_organisation_shows_the_platforms_rules(client: Client) -> None:
    body = _text(client, f"{URL}?organisation=finns-inte")
    assert "Retention as the platform sets it" in body


@pytest.mark.django_db
def test_the_notice_is_read_in_a_few_queries(
    client: Client, org_a: Organisation, org_b: Organisation, django_assert_max_num_queries: Any
) -> None:
    for organisation in (org_a, org_b):
        RetentionRule.objects.create(organisation=organisation, key=RuleKey.LESSON_PROGRESS, amount=6)
    with django_assert_max_num_queries(4):  # session, organisations with rules, rules in force
        client.get(f"{URL}?organisation=sater")


@pytest.mark.django_db
def test_the_notice_is_in_swedish_by_default(client: Client) -> None:
    body = html.unescape(client.get(URL).content.decode())
    assert "Vad vi sparar, varför och hur länge" in body
    assert "12 månader" in body
