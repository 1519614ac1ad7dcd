"""Shared documents: upload, new versions kept, type and size limits, downloads as attachments only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamlik.networks import space
from jamlik.networks.models import Document, DocumentVersion, Visibility
from jamlik.people.models import User
from tests.conftest import client_for
from tests.networks.factories import PDF, make_document, make_network, pdf_upload


def _downloaded(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_member_shares_a_document_and_members_download_it_as_an_attachment(
    programme_manager: User, coordinator_a: User
) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(coordinator_a)
    response = client.post(
        "/natverk/stangt/dokument/", {"title": "Handlingsplan 2026", "description": "", "file": pdf_upload()}
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert (version.number, version.filename, version.content_type) == (1, "plan.pdf", "application/pdf")
    download = client_for(programme_manager).get(f"/natverk/stangt/dokument/fil/{version.public_id}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert _downloaded(download) == PDF


@pytest.mark.django_db
def test_files_are_kept_outside_the_public_media_folder(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    make_document(network, coordinator_a)
    stored = Path(DocumentVersion.objects.get().file.path).resolve()
    assert stored.is_file()
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents
    assert Path(settings.PRIVATE_ROOT).resolve() in stored.parents


@pytest.mark.django_db
def test_a_new_version_keeps_the_earlier_ones(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    document = make_document(network, coordinator_a)
    client = client_for(programme_manager)
    newer = PDF + b"% version 2\n"
    response = client.post(
        f"/natverk/stangt/dokument/{document.public_id}/",
        {"file": pdf_upload("plan-v2.pdf", newer), "note": "Nya mål"},
    )
    assert response.status_code == 302
    versions = list(document.versions.order_by("number"))
    assert [(v.number, v.filename, v.note) for v in versions] == [(1, "plan.pdf", ""), (2, "plan-v2.pdf", "Nya mål")]
    assert _downloaded(client.get(f"/natverk/stangt/dokument/fil/{versions[0].public_id}/")) == PDF
    assert _downloaded(client.get(f"/natverk/stangt/dokument/fil/{versions[1].public_id}/")) == newer
    page = client.get(f"/natverk/stangt/dokument/{document.public_id}/").content.decode()
    assert "plan.pdf" in page and "plan-v2.pdf" in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sida.html", b"<html><script>alert(1)</script></html>"),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("program.exe", b"MZ\x90\x00"),
        ("falsk.pdf", b"<html><script>alert(1)</script></html>"),
        ("tom.pdf", b""),
        ("binar.txt", b"\x00\x01\x02\x00"),
    ],
)
@pytest.mark.django_db
def test_files_of_the_wrong_type_or_contents_are_refused_and_nothing_is_kept(
    programme_manager: User, coordinator_a: User, name: str, content: bytes
) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(coordinator_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/natverk/stangt/dokument/",
        {"title": "Min titel", "description": "", "file": SimpleUploadedFile(name, content, "application/pdf")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert 'value="Min titel"' in page
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert not list(Path(settings.PRIVATE_ROOT).rglob("*.*"))


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(
    programme_manager: User, coordinator_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(space, "MAX_DOCUMENT_BYTES", 1024)
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(coordinator_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    big = pdf_upload("stor.pdf", PDF + b"0" * 2000)
    response = client.post("/natverk/stangt/dokument/", {"title": "Stor", "description": "", "file": big})
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_anyone_signed_in_downloads_from_an_open_network_but_only_members_upload(
    programme_manager: User, coordinator_a: User, coordinator_b: User
) -> None:
    network = make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="oppet")
    document = make_document(network, coordinator_a)
    client = client_for(coordinator_b)
    version = document.versions.get()
    assert client.get(f"/natverk/oppet/dokument/fil/{version.public_id}/").status_code == 200
    response = client.post("/natverk/oppet/dokument/", {"title": "X", "description": "", "file": pdf_upload()})
    assert response.status_code == 404
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_the_public_cannot_download_even_from_an_open_network(
    client: Client, programme_manager: User, coordinator_a: User
) -> None:
    network = make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="oppet")
    version = make_document(network, coordinator_a).versions.get()
    response = client.get(f"/natverk/oppet/dokument/fil/{version.public_id}/")
    assert response.status_code == 302 and "/konto/" in response["Location"]
