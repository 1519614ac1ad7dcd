"""Evidence files attached to a response: an allow-list of types, a size limit, served as downloads.

The type is decided by the file name's extension and checked against the file's first bytes,
so an HTML page renamed to ``.pdf`` is refused. Files are stored under an opaque name and always
sent with ``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lib.storage import private_download
from jamlik.people.models import User
from jamlik.strategies.models import Evidence, Response, ResponseStatus

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 20

_ZIP = (b"PK\x03\x04",)
# extension: (content type, accepted first bytes; empty means text that must be UTF-8)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain", ()),
    "csv": ("text/csv", ()),
}


def allowed_extensions() -> str:
    return ", ".join(sorted(ALLOWED))


def _content_type(upload: UploadedFile[bytes]) -> str:
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED:
        raise ValidationError(
            {"file": _("Files of this type cannot be attached. Allowed: %(types)s.") % {"types": allowed_extensions()}}
        )
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}})
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if signatures:
        ok = any(head.startswith(s) for s in signatures)
    else:
        try:
            ok = "\x00" not in head.decode("utf-8")
        except UnicodeDecodeError as error:  # the 2 KB cut may fall inside a character
            ok = error.start >= len(head) - 3 and b"\x00" not in head
    if not ok:
        raise ValidationError({"file": _("The file's content does not match its type.")})
    return content_type


def _clean_filename(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>;')
    return cleaned[:200] or "file"


@transaction.atomic
def add_evidence(actor: User | None, response: Response, upload: UploadedFile[bytes]) -> Evidence:
    locked = (
        Response.objects.select_for_update(of=("self",)).select_related("round", "organisation").get(pk=response.pk)
    )
    if not locked.round.accepts_answers():
        raise ValidationError(_("The round does not take answers now: it is closed or the deadline has passed."))
    if locked.status == ResponseStatus.SUBMITTED:
        raise ValidationError(_("The answer has been submitted. Reopen it to make changes."))
    if locked.evidence.count() >= MAX_FILES:
        raise ValidationError({"file": _("An answer can have at most %(n)s files.") % {"n": MAX_FILES}})
    content_type = _content_type(upload)
    evidence = Evidence(
        response=locked,
        filename=_clean_filename(upload.name or ""),
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    evidence.file.save("upload", upload, save=False)
    evidence.save()
    record(
        "strategy_response.evidence_added",
        actor=actor,
        organisation=locked.organisation,
        target=locked,
        summary=evidence.filename,
        after={"size": evidence.size, "type": content_type},
    )
    return evidence


@transaction.atomic
def remove_evidence(actor: User | None, evidence: Evidence) -> None:
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("round", "organisation")
        .get(pk=evidence.response_id)
    )
    if response.status == ResponseStatus.SUBMITTED or not response.round.accepts_answers():
        raise ValidationError(_("Files can be removed only from an answer that is not submitted, before the deadline."))
    record(
        "strategy_response.evidence_removed",
        actor=actor,
        organisation=response.organisation,
        target=response,
        summary=evidence.filename,
    )
    stored = evidence.file.name or ""
    storage = evidence.file.storage
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def download(evidence: Evidence) -> FileResponse:
    return private_download(evidence.file, evidence.filename, evidence.content_type)
