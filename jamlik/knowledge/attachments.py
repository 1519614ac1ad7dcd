"""Which files an example may carry: a short allow-list by extension and content, and a size limit.

A file passes only when its extension is on the list and its first bytes look like that kind
of file, so an HTML page renamed to ``.pdf`` is refused. Files are always served as downloads
(``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff``), never inline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_EXAMPLE = 10

_ZIP = (b"PK\x03\x04",)


@dataclass(frozen=True)
class Kind:
    content_type: str
    signatures: tuple[bytes, ...]


ALLOWED: dict[str, Kind] = {
    "pdf": Kind("application/pdf", (b"%PDF-",)),
    "docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": Kind("application/vnd.oasis.opendocument.text", _ZIP),
    "png": Kind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": Kind("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": Kind("image/jpeg", (b"\xff\xd8\xff",)),
}


def safe_name(name: str) -> str:
    """A file name without folders or odd characters, for storage and the download header."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .") or "file"
    stem, dot, ext = base.rpartition(".")
    return (stem[:120] + dot + ext[:10]) if dot else base[:130]


def check_upload(upload: UploadedFile[Any]) -> tuple[str, Kind]:
    """The cleaned name and kind of an allowed upload; a ValidationError saying why otherwise."""
    name = safe_name(upload.name or "")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = ALLOWED.get(extension)
    if kind is None:
        raise ValidationError(
            _("%(name)s: this type of file is not allowed. Allowed: %(types)s.")
            % {"name": name, "types": ", ".join(sorted({e.upper() for e in ALLOWED if e != "jpeg"}))},
            code="type",
        )
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(MAX_BYTES)}, code="size"
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in kind.signatures):
        raise ValidationError(
            _("%(name)s does not look like a %(type)s file.") % {"name": name, "type": extension.upper()},
            code="content",
        )
    return name, kind
