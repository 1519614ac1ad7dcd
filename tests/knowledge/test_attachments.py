"""Attachments: an allow-list by type and content, a size limit, always served as a download."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from jamlik.knowledge import attachments
from jamlik.knowledge.models import Attachment
from tests.conftest import client_for
from tests.knowledge.factories import draft_example, published_example

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, example, name, content, content_type="application/octet-stream"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(
        f"/goda-exempel/{example.public_id}/bilagor/", {"file": SimpleUploadedFile(name, content, content_type)}
    )


def test_a_pdf_is_stored_and_served_as_a_download(coordinator_a, org_a, programme_manager, client, tmp_path):
    example = draft_example(coordinator_a, org_a)
    response = upload(client_for(coordinator_a), example, "Rapport 2019.pdf", PDF, "application/pdf")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "Rapport 2019.pdf"
    assert (tmp_path / "knowledge" / attachment.file.name).read_bytes() == PDF
    assert not (tmp_path / "media").exists()  # never where the proxy serves files to anyone

    url = f"/goda-exempel/{example.public_id}/bilagor/{attachment.public_id}/"
    assert client.get(url).status_code == 404  # a draft's attachment is as private as the draft

    from jamlik.knowledge import actions

    actions.submit_example(coordinator_a, example)
    actions.publish_example(programme_manager, example)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sida.html", b"<html><script>alert(1)</script></html>", "this type of file is not allowed"),
        ("sida.pdf", b"<html><script>alert(1)</script></html>", "does not look like a PDF file"),
        ("bild.png", PDF, "does not look like a PNG file"),
        ("program.exe", b"MZ\x90\x00", "this type of file is not allowed"),
        ("tom.pdf", b"", "is empty"),
        ("utan-filändelse", PDF, "this type of file is not allowed"),
    ],
)
def test_files_outside_the_allow_list_are_refused(coordinator_a, org_a, name, content, message):
    example = draft_example(coordinator_a, org_a)
    response = upload(client_for(coordinator_a), example, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(coordinator_a, org_a, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    example = draft_example(coordinator_a, org_a)
    response = upload(client_for(coordinator_a), example, "stor.png", PNG + b"\x00" * 200)
    assert response.status_code == 400
    assert "is larger than" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_path_in_the_file_name_is_dropped():
    assert attachments.safe_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert attachments.safe_name('C:\\temp\\"rapport".pdf') == "_rapport_.pdf"


def test_coordinator_b_cannot_add_or_remove_attachments_on_organisation_as_example(coordinator_a, org_a, coordinator_b):
    example = draft_example(coordinator_a, org_a)
    assert upload(client_for(coordinator_b), example, "a.pdf", PDF).status_code == 404
    upload(client_for(coordinator_a), example, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    removal = f"/goda-exempel/{example.public_id}/bilagor/{attachment.public_id}/ta-bort/"
    assert client_for(coordinator_b).post(removal).status_code == 404
    assert Attachment.objects.count() == 1


def test_removing_an_attachment_deletes_the_file(coordinator_a, org_a, tmp_path, django_capture_on_commit_callbacks):
    example = draft_example(coordinator_a, org_a)
    upload(client_for(coordinator_a), example, "a.png", PNG)
    attachment = Attachment.objects.get()
    stored = tmp_path / "knowledge" / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator_a).post(
            f"/goda-exempel/{example.public_id}/bilagor/{attachment.public_id}/ta-bort/"
        )
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_published_attachments_are_listed_in_the_api(coordinator_a, org_a, programme_manager, client):
    example = draft_example(coordinator_a, org_a)
    upload(client_for(coordinator_a), example, "a.pdf", PDF)
    from jamlik.knowledge import actions

    actions.submit_example(coordinator_a, example)
    actions.publish_example(programme_manager, example)
    body = client.get(f"/api/v1/examples/{example.public_id}").json()
    assert [a["name"] for a in body["attachments"]] == ["a.pdf"]
    assert client.get(body["attachments"][0]["url"]).status_code == 200


def test_a_withdrawn_examples_attachment_is_no_longer_served(coordinator_a, org_a, programme_manager, client):
    example = published_example(coordinator_a, org_a, programme_manager)
    from jamlik.knowledge import actions

    # a published example is changed by programme managers only (knowledge.access.check_may_write)
    attachment = actions.add_attachment(programme_manager, example, SimpleUploadedFile("a.pdf", PDF))
    url = f"/goda-exempel/{example.public_id}/bilagor/{attachment.public_id}/"
    assert client.get(url).status_code == 200
    actions.withdraw_example(coordinator_a, example)
    assert client.get(url).status_code == 404
