"""People from a staff list exist before they sign in: completions are imported for them, campaigns count
them, and when they first sign in with an emailed code the account and its history are theirs."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jamlik.campaigns.models import Campaign
from jamlik.courses.models import Completion, CompletionImport, ImportState
from jamlik.people.models import EmailDomain, Membership, MembershipSource, Organisation, User
from tests.campaigns.factories import first_course, make_campaign, participant
from tests.identity.roster_kit import excel_csv, upload_and_apply

YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def import_completions(
    client: Client, organisation: Organisation, campaign: Campaign, emails: list[str], hooks: Any
) -> CompletionImport:
    content = ("email,completed_on\n" + "".join(f"{e},{YESTERDAY}\n" for e in emails)).encode()
    with hooks(execute=True):
        client.post(
            reverse("courses:authoring:import_completions", args=[organisation.slug]),
            {"course": first_course(campaign).slug, "file": SimpleUploadedFile("gamla.csv", content)},
        )
    return CompletionImport.objects.latest("created_at")


@pytest.mark.django_db
def test_a_completion_import_for_someone_not_on_the_list_still_says_they_have_no_account(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = make_campaign({org_a: 100})
    job = import_completions(as_coordinator_a, org_a, campaign, ["okand@sater.se"], django_capture_on_commit_callbacks)
    assert job.state == ImportState.REJECTED
    assert "staff list" in job.lines.get().message or "personallista" in job.lines.get().message.lower()


@pytest.mark.django_db
def test_people_on_the_list_have_completions_imported_and_counted_and_find_them_when_they_first_sign_in(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=False)
    campaign = make_campaign({org_a: 100})
    rows = [("ny.person@sater.se", "Nora", "Ny", "Kultur"), ("annan@sater.se", "Anders", "Annan", "Kultur")]
    upload_and_apply(as_coordinator_a, org_a, excel_csv(rows), django_capture_on_commit_callbacks)
    nora = User.objects.get(email="ny.person@sater.se")
    assert not nora.has_usable_password() and nora.last_login is None

    job = import_completions(
        as_coordinator_a, org_a, campaign, ["ny.person@sater.se", "annan@sater.se"], django_capture_on_commit_callbacks
    )
    assert job.state == ImportState.DONE, list(job.lines.values_list("row", "message"))
    assert participant(campaign, org_a).completions == 2  # counted before either has signed in
    completion = Completion.objects.get(user=nora)
    assert completion.unit is not None and completion.unit.name == "Kultur"

    # Nora's first visit: she asks for a code with her work address, as anyone would.
    client = Client()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/login/code/", {"email": "Ny.Person@sater.se"})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert code is not None and mail.outbox[-1].to == ["ny.person@sater.se"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/login/code/confirm/", {"code": code.group(1)})
    assert client.get("/min-sida/").status_code == 200
    assert User.objects.filter(email="ny.person@sater.se").count() == 1  # the same account, not a second one
    enrolments = client.get("/api/v1/me/enrolments").json()["items"]
    assert [e["course"] for e in enrolments if e.get("completed_at")] or enrolments, enrolments
    assert len(enrolments) == 1 and enrolments[0]["completed_at"] is not None
    memberships = Membership.objects.open().filter(user=nora)
    assert [(m.organisation, m.source) for m in memberships] == [(org_a, MembershipSource.ROSTER)]
    assert participant(campaign, org_a).completions == 2  # signing in counts nobody twice
    nora.refresh_from_db()
    assert nora.last_login is not None and nora.name == "Nora Ny"


@pytest.mark.django_db
def test_a_person_provisioned_one_at_a_time_is_signed_in_by_the_first_code_alone(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from jamlik.people.actions import provision_person

    provision_person(None, org_a, email="Solo@Sater.se", name="Solo")
    client = Client()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/login/code/", {"email": "solo@sater.se"})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert code is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/login/code/confirm/", {"code": code.group(1)})
    assert response["Location"] != "/konto/confirm-email/"  # no second code "to confirm the address"
    assert client.get("/min-sida/").status_code == 200
    assert len(mail.outbox) == 1
