"""The audit log: written by every action, readable only by administrators, never editable."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people import actions
from jamlik.people.models import Organisation, User


@pytest.mark.django_db
def test_actions_record_who_did_what_to_which_organisation(coordinator_a: User, org_a: Organisation) -> None:
    actions.declare_headcount(coordinator_a, org_a, headcount=10, as_of=datetime.date(2026, 1, 1))
    actions.create_unit(coordinator_a, org_a, name="Skola")
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "actor__email", "organisation__slug"))
    assert entries == [
        ("headcount.declared", "malin@sater.se", "sater"),
        ("unit.created", "malin@sater.se", "sater"),
    ]


@pytest.mark.django_db
def test_administrators_read_the_audit_log_and_nobody_can_change_it(
    as_administrator: Client, coordinator_a: User, org_a: Organisation
) -> None:
    actions.declare_headcount(coordinator_a, org_a, headcount=10, as_of=datetime.date(2026, 1, 1))
    entry = AuditEntry.objects.get()
    listing = as_administrator.get("/admin/audit/auditentry/")
    assert listing.status_code == 200
    assert "headcount.declared" in listing.content.decode()
    assert as_administrator.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["as_coordinator_a", "as_programme_manager", "as_learner_a"])
def test_nobody_else_reaches_the_admin(request: pytest.FixtureRequest, who: str) -> None:
    client: Client = request.getfixturevalue(who)
    response = client.get("/admin/audit/auditentry/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_changes_made_in_the_admin_are_audited(as_administrator: Client, administrator: User) -> None:
    response = as_administrator.post(
        "/admin/web/notice/add/",
        {
            "title_sv": "Underhåll i kväll",
            "title_en": "",
            "body_sv": "",
            "body_en": "",
            "severity": "info",
            "published": "on",
            "starts_at_0": "2026-11-23",
            "starts_at_1": "10:00:00",
            "expires_at_0": "2026-11-24",
            "expires_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="notice.created")
    assert entry.actor == administrator
