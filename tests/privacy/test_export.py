"""Download my data (Art. 20): a ZIP made by the worker, only for me, for a week, audited."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.people.models import User
from jamlik.privacy import actions
from jamlik.privacy.kinds import KINDS
from jamlik.privacy.models import DataExport, ExportState
from tests.conftest import client_for
from tests.privacy.kit import Everything

SCHEMA = Path(__file__).resolve().parents[2] / "jamlik/privacy/schema/personal-data-export-1.schema.json"
PAGE = "/min-sida/mina-uppgifter/"
ASK = "/min-sida/mina-uppgifter/ladda-ner/"


def _ask(client: Client, capture: Any) -> DataExport:
    with capture(execute=True):
        response = client.post(ASK)
    assert response.status_code == 302
    return DataExport.objects.latest("requested_at")


def _zip(response: Any) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_the_download_has_every_apps_data_as_schema_valid_json_a_summary_and_the_diplomas(
    coordinator_a: User, everything: Everything, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(coordinator_a)
    made = _ask(client, django_capture_on_commit_callbacks)
    assert made.state == ExportState.READY and made.person == coordinator_a
    assert made.expires_at is not None and made.expires_at > timezone.now() + datetime.timedelta(days=6)
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/min-sida/mina-uppgifter/ladda-ner/{made.public_id}/" in page

    response = client.get(f"{ASK}{made.public_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = _zip(response)
    data = json.loads(archive.read("data.json"))
    jsonschema_rs.validator_for(json.loads(SCHEMA.read_text())).validate(data)

    tables = {t["table"]: t["records"] for t in data["tables"]}
    assert set(tables) == {k.key for k in KINDS}
    assert [key for key, records in tables.items() if not records] == []  # something from every app
    assert data["person"]["email"] == "malin@sater.se"
    assert {"id": "sater", "name": "Säters kommun"} in data["organisations"]
    assert {r["values"]["text"] for r in tables["courses.reflection"]} == {everything.reflection}
    assert any(r["organisation"] == "sater" for r in tables["courses.completion"])
    assert tables["programmes.needs"][0]["values"]["dietary"] == "Vegetarisk"
    rules = {(r["organisation"], r["rule"]): r for r in data["retention"]}
    assert rules[("sater", "lesson_progress")]["amount"] == 12

    summary = archive.read("summary.html").decode()
    assert everything.reflection in summary and "Säters kommun" in summary
    assert "<script" not in summary and "http" not in summary.split("<main>")[0]

    assert len(data["diplomas"]) == 2  # the course's and the programme's
    for diploma in data["diplomas"]:
        assert archive.read(diploma["pdf"]).startswith(b"%PDF")
        badge = json.loads(archive.read(diploma["open_badge"]))
        assert badge["proof"]["type"] == "DataIntegrityProof" and "OpenBadgeCredential" in badge["type"]

    audited = list(AuditEntry.objects.filter(action__startswith="privacy.").values_list("action", "actor_id"))
    assert audited == [
        ("privacy.export_downloaded", coordinator_a.pk),
        ("privacy.export_requested", coordinator_a.pk),
    ]


@pytest.mark.django_db
def test_the_download_is_in_the_language_of_the_request(
    coordinator_a: User, everything: Everything, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator_a.preferred_language = "sv"
    coordinator_a.save(update_fields=["preferred_language"])
    client = client_for(coordinator_a)
    made = _ask(client, django_capture_on_commit_callbacks)
    archive = _zip(client.get(f"{ASK}{made.public_id}/"))
    data = json.loads(archive.read("data.json"))
    assert data["language"] == "sv"
    assert "Uppgifter som vi har om dig" in archive.read("summary.html").decode()


@pytest.mark.django_db
def test_nobody_can_ask_for_another_persons_data(coordinator_a: User, learner_a: User) -> None:
    with translation.override("en"), pytest.raises(PermissionDenied, match="only download your own data"):
        actions.request_export(coordinator_a, learner_a, language="en")
    assert not DataExport.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


@pytest.mark.django_db
def test_someone_elses_download_is_not_found(
    as_learner_a: Client, coordinator_a: User, everything: Everything, django_capture_on_commit_callbacks: Any
) -> None:
    made = _ask(client_for(coordinator_a), django_capture_on_commit_callbacks)
    assert as_learner_a.get(f"{ASK}{made.public_id}/").status_code == 404
    assert not AuditEntry.objects.filter(action="privacy.export_downloaded").exists()


@pytest.mark.django_db
def test_an_expired_download_is_refused_clearly_and_its_file_deleted(
    coordinator_a: User, everything: Everything, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(coordinator_a)
    made = _ask(client, django_capture_on_commit_callbacks)
    path = Path(made.file.path)
    assert path.exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = client.get(f"{ASK}{made.public_id}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 410
        assert "kept for 7 days only" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("expire_data_exports", stdout=io.StringIO())
            call_command("expire_data_exports", stdout=io.StringIO())  # a second run changes nothing
        assert client.get(f"{ASK}{made.public_id}/").status_code == 410
    made.refresh_from_db()
    assert made.state == ExportState.EXPIRED and not made.file
    assert not path.exists()
    assert AuditEntry.objects.filter(action="privacy.export_expired").count() == 1
    assert client.get(PAGE).status_code == 200


@pytest.mark.django_db
def test_asking_again_while_one_is_being_made_makes_no_second(
    coordinator_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator_a.preferred_language = "en"
    coordinator_a.save(update_fields=["preferred_language"])
    client = client_for(coordinator_a)
    DataExport.objects.create(person=coordinator_a)  # queued, the worker not there yet
    response = client.post(ASK, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "already being made" in response.content.decode()
    assert DataExport.objects.count() == 1
    queued = client.get(f"{ASK}{DataExport.objects.get().public_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert queued.status_code == 409 and "still being made" in queued.content.decode()


@pytest.mark.django_db
def test_the_task_delivered_twice_makes_the_file_once(
    coordinator_a: User, everything: Everything, django_capture_on_commit_callbacks: Any
) -> None:
    made = _ask(client_for(coordinator_a), django_capture_on_commit_callbacks)
    name = made.file.name
    actions.make_export.call(made.pk)
    made.refresh_from_db()
    assert made.file.name == name and made.state == ExportState.READY


@pytest.mark.django_db
def test_asking_needs_sign_in_and_a_post(client: Client, as_learner_a: Client) -> None:
    assert client.post(ASK).status_code == 302
    assert as_learner_a.get(ASK).status_code == 405
    assert not DataExport.objects.exists()


def test_the_schema_names_every_table_and_its_fields() -> None:
    schema = json.loads(SCHEMA.read_text())
    table = schema["properties"]["tables"]["items"]
    assert table["properties"]["table"]["enum"] == [k.key for k in KINDS]
    fields = {c["if"]["properties"]["table"]["const"]: c["then"] for c in table["allOf"]}
    for kind in KINDS:
        then = fields[kind.key]["properties"]
        assert then["kind"]["const"] == kind.data_kind
        names = then["records"]["items"]["properties"]["values"]["propertyNames"]["enum"]
        assert names == [f.key for f in kind.fields], kind.key


@pytest.mark.django_db
def test_deleting_the_row_with_its_person_deletes_the_file(
    coordinator_a: User, everything: Everything, django_capture_on_commit_callbacks: Any
) -> None:
    made = _ask(client_for(coordinator_a), django_capture_on_commit_callbacks)
    path = Path(made.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        DataExport.objects.filter(person=coordinator_a).delete()  # as a cascade from the person does
    assert not path.exists()
