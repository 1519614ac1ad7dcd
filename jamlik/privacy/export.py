"""The ZIP a person downloads (GDPR Art. 20).

``data.json``
    Everything in ``inventory.collect``, machine-readable. Its shape is the JSON Schema in
    ``jamlik/privacy/schema/personal-data-export.schema.json`` (docs/privacy.md): the tests
    validate every export they make against it.
``summary.html``
    The same, readable in a browser without the site (no scripts, no outside addresses).
``diplomas/<code>.pdf`` and ``diplomas/<code>.json``
    Each current diploma's PDF and its signed Open Badge 3.0 credential (the JSON only when the
    platform has a signing key), made by ``jamlik.credentials``.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from jamlik.credentials import openbadges
from jamlik.credentials.keys import NoSigningKey
from jamlik.credentials.models import Diploma
from jamlik.credentials.pdf import pdf_bytes
from jamlik.people.models import Organisation, User
from jamlik.privacy.grouping import arrange
from jamlik.privacy.inventory import Inventory, Value, collect
from jamlik.privacy.kinds import KINDS
from jamlik.retention.catalogue import KINDS as DATA_KINDS
from jamlik.retention.catalogue import periods_for

FORMAT = "jamlik.personal-data"
VERSION = 1


def _json_value(value: Value) -> str | int | float | bool | list[str] | None:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _org_id(organisation: Organisation | None) -> str | None:
    return organisation.slug if organisation is not None else None


def document(inventory: Inventory, diplomas: list[dict[str, Any]], now: datetime.datetime) -> dict[str, Any]:
    """The ``data.json`` of an export (the schema's version 1)."""
    person = inventory.person
    organisations = inventory.organisations()
    retention: list[dict[str, Any]] = []
    for organisation in [None, *organisations]:
        for key, period in periods_for(None, organisation).items():
            retention.append(
                {
                    "organisation": _org_id(organisation),
                    "rule": str(key),
                    "name": str(key.label),
                    "period": period.describe(),
                    "amount": period.amount if period.rule.automatic else None,
                    "unit": str(period.rule.unit) if period.rule.automatic else None,
                    "set_by_organisation": period.overridden,
                }
            )
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": _json_value(now),
        "site": settings.SITE_URL,
        "language": translation.get_language() or "sv",
        "person": {"id": str(person.public_id), "email": person.email, "name": person.name},
        "organisations": [{"id": o.slug, "name": o.name} for o in organisations],
        "kinds": [
            {
                "key": k.key,
                "name": str(k.name),
                "description": str(k.description),
                "purpose": str(k.purpose),
                "purpose_name": str(k.purpose.label),
                "legal_basis": str(k.legal_basis),
                "legal_basis_name": str(k.legal_basis.label),
                "visible_to": [str(v) for v in k.visible_to],
                "visible_to_names": [str(v.label) for v in k.visible_to],
                "rule": str(k.rule),
                "on_erasure": str(k.on_erasure),
            }
            for k in DATA_KINDS
        ],
        "retention": retention,
        "tables": [
            {
                "table": kind.key,
                "kind": kind.data_kind,
                "title": str(kind.title),
                "fields": [{"key": f.key, "label": str(f.label)} for f in kind.fields],
                "records": [
                    {
                        "organisation": _org_id(record.organisation),
                        "values": {key: _json_value(value) for key, value in record.values.items()},
                    }
                    for record in inventory.sections[kind.key].records
                ],
            }
            for kind in KINDS
        ],
        "diplomas": diplomas,
    }


def _diploma_files(person: User) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """Each current diploma (not replaced) as PDF and, with a signing key, as Open Badge JSON."""
    listed: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    current = Diploma.objects.filter(recipient=person, superseded_at__isnull=True).order_by("issued_at", "pk")
    for diploma in current:
        stem = f"diplomas/{diploma.code}"
        files[f"{stem}.pdf"] = pdf_bytes(diploma)
        badge: str | None = f"{stem}.json"
        try:
            credential = openbadges.signed_credential(diploma)
        except NoSigningKey:
            badge = None
        else:
            files[f"{stem}.json"] = json.dumps(credential, ensure_ascii=False, indent=2).encode()
        listed.append(
            {
                "code": diploma.display_code,
                "title": diploma.title,
                "status": str(diploma.status()),
                "pdf": f"{stem}.pdf",
                "open_badge": badge,
                "verify_url": diploma.verify_url(),
            }
        )
    return listed, files


def build(person: User, language: str, now: datetime.datetime | None = None) -> bytes:
    """The whole ZIP, in ``language``."""
    moment = now or timezone.now()
    with translation.override(language):
        inventory = collect(person)
        diplomas, files = _diploma_files(person)
        data = document(inventory, diplomas, moment)
        summary = render_to_string(
            "privacy/export_summary.html",
            {
                "person": person,
                "arranged": arrange(inventory),
                "diplomas": diplomas,
                "generated_at": moment,
                "language": language,
            },
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("summary.html", summary)
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
