"""Evidence files: an allow-list of types checked against the content, a size limit, always downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamlik.people.models import Organisation
from jamlik.strategies import evidence as files
from jamlik.strategies.models import Evidence, Response
from tests.strategies.factories import make_round

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.PRIVATE_ROOT = tmp_path  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


def upload(client: Client, response: Response, name: str, content: bytes, content_type: str = "application/pdf") -> int:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"/uppfoljning/svar/{response.public_id}/underlag/", {"file": file}).status_code


def test_a_pdf_is_attached_and_downloaded_as_an_attachment(as_coordinator_a: Client, org_a: Organisation) -> None:
    response = Response.objects.get(round=make_round([org_a]))
    assert upload(as_coordinator_a, response, "Årsrapport 2025.pdf", PDF) == 302
    item = Evidence.objects.get()
    assert item.filename == "Årsrapport 2025.pdf" and item.size == len(PDF)
    assert (Path(settings.PRIVATE_ROOT) / "strategies" / item.file.name).read_bytes() == PDF
    assert not (Path(settings.PRIVATE_ROOT) / "media").exists()  # not where the proxy serves files
    download = as_coordinator_a.get(f"/uppfoljning/svar/{response.public_id}/underlag/{item.public_id}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sida.html", b"<html><script>alert(1)</script></html>"),
        ("sida.pdf", b"<html><script>alert(1)</script></html>"),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("program.exe", b"MZ\x90\x00"),
        ("tom.pdf", b""),
    ],
)
def test_files_of_other_types_or_with_the_wrong_content_are_refused(
    as_coordinator_a: Client, org_a: Organisation, name: str, content: bytes
) -> None:
    response = Response.objects.get(round=make_round([org_a]))
    assert upload(as_coordinator_a, response, name, content, "text/html") == 400
    assert not Evidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(
    as_coordinator_a: Client, org_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    response = Response.objects.get(round=make_round([org_a]))
    assert upload(as_coordinator_a, response, "stor.pdf", PDF + b"x" * 200) == 400
    assert not Evidence.objects.exists()


def test_a_text_file_in_utf8_is_accepted(as_coordinator_a: Client, org_a: Organisation) -> None:
    response = Response.objects.get(round=make_round([org_a]))
    assert (
        upload(as_coordinator_a, response, "anteckningar.txt", "Jämställdhet åäö\n".encode() * 300, "text/plain") == 302
    )
    assert Evidence.objects.get().content_type == "text/plain"


def test_coordinator_b_can_neither_download_nor_remove_organisation_a_evidence(
    as_coordinator_a: Client, as_coordinator_b: Client, org_a: Organisation, org_b: Organisation
) -> None:
    response = Response.objects.get(round=make_round([org_a, org_b]), organisation=org_a)
    upload(as_coordinator_a, response, "rapport.pdf", PDF)
    item = Evidence.objects.get()
    base = f"/uppfoljning/svar/{response.public_id}/underlag/{item.public_id}/"
    assert as_coordinator_b.get(base).status_code == 404
    assert as_coordinator_b.post(base + "ta-bort/").status_code == 404
    own = Response.objects.get(round=response.round, organisation=org_b)
    assert as_coordinator_b.get(f"/uppfoljning/svar/{own.public_id}/underlag/{item.public_id}/").status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_a_coordinator_removes_a_file_from_a_draft(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    response = Response.objects.get(round=make_round([org_a]))
    upload(as_coordinator_a, response, "rapport.pdf", PDF)
    item = Evidence.objects.get()
    stored = item.file.name
    storage = item.file.storage
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert (
            as_coordinator_a.post(
                f"/uppfoljning/svar/{response.public_id}/underlag/{item.public_id}/ta-bort/"
            ).status_code
            == 302
        )
    assert not Evidence.objects.exists()
    assert not storage.exists(stored)
