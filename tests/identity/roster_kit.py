"""Staff list test helpers: files as Swedish Excel writes them, and the upload and confirm steps through HTTP."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jamlik.identity.models import RosterImport
from jamlik.people.models import Organisation

HEADER = ("E-postadress", "Förnamn", "Efternamn", "Enhet")


def excel_csv(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER) -> bytes:
    """What "Save as CSV" in Excel on Swedish Windows writes: semicolons, Windows-1252, CRLF."""
    lines = [";".join(header)] + [";".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def utf8_csv(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER, *, bom: bool = True) -> bytes:
    """Excel's "CSV UTF-8": a byte order mark, commas."""
    text = "\r\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def page(organisation: Organisation) -> str:
    return reverse("identity:roster", args=[organisation.slug])


def job_page(job: RosterImport) -> str:
    return reverse("identity:roster_job", args=[job.organisation.slug, job.public_id])


def upload(
    client: Client, organisation: Organisation, content: bytes, capture: Any, filename: str = "personal.csv"
) -> Any:
    """Upload through the page, the worker's check run as the commit's callback."""
    with capture(execute=True):
        return client.post(page(organisation), {"file": SimpleUploadedFile(filename, content)})


def latest(organisation: Organisation) -> RosterImport:
    return RosterImport.objects.filter(organisation=organisation).latest("created_at")


def confirm(client: Client, job: RosterImport, capture: Any) -> Any:
    with capture(execute=True):
        return client.post(reverse("identity:roster_confirm", args=[job.organisation.slug, job.public_id]))


def upload_and_apply(client: Client, organisation: Organisation, content: bytes, capture: Any) -> RosterImport:
    response = upload(client, organisation, content, capture)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = latest(organisation)
    assert job.state == "ready", list(job.lines.values_list("row", "detail"))
    confirm(client, job, capture)
    job.refresh_from_db()
    return job
