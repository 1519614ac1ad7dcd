"""multipart/mixed bodies of statements with attachments, read and written (xAPI "Attachments").

The first part is the statements as JSON; each further part is one attachment's content, named
by the ``X-Experience-API-Hash`` header (its SHA-2 in hexadecimal), which must be the hash of the
part's bytes, and sent with ``Content-Transfer-Encoding: binary``.
"""

from __future__ import annotations

import hashlib
import secrets
from email.parser import BytesHeaderParser
from email.policy import HTTP

from jamlik.lrs.store import AttachmentPart
from jamlik.lrs.validation import StatementError

HASHES = {64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512, 56: hashlib.sha224}


def boundary_of(content_type: str) -> str:
    for param in content_type.split(";")[1:]:
        name, _sep, value = param.strip().partition("=")
        if name.strip().lower() == "boundary":
            return value.strip().strip('"')
    raise StatementError("multipart/mixed needs a boundary")


def _parts(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    delimiter = b"--" + boundary.encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise StatementError("the multipart body has no parts")
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        elif chunk.startswith(b"\n"):
            chunk = chunk[1:]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = chunk.partition(b"\n\n")
            if not sep:
                raise StatementError("a multipart part has no headers")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        elif content.endswith(b"\n"):
            content = content[:-1]
        message = BytesHeaderParser(policy=HTTP).parsebytes(head + b"\r\n\r\n")
        headers = {name.lower(): str(value) for name, value in message.items()}
        parts.append((headers, content))
    else:
        raise StatementError("the multipart body does not end with its closing boundary")
    return parts


def read(body: bytes, content_type: str) -> tuple[bytes, dict[str, AttachmentPart]]:
    """The statements' JSON and the attachments' content by hash."""
    parts = _parts(body, boundary_of(content_type))
    first_headers, statements = parts[0]
    if first_headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise StatementError("the first part of a multipart request must be the statements as application/json")
    attachments: dict[str, AttachmentPart] = {}
    for headers, content in parts[1:]:
        sha2 = headers.get("x-experience-api-hash", "").strip().lower()
        if not sha2:
            raise StatementError("every attachment part needs the header X-Experience-API-Hash")
        if headers.get("content-transfer-encoding", "binary").strip().lower() != "binary":
            raise StatementError("attachment parts must have Content-Transfer-Encoding: binary")
        algorithm = HASHES.get(len(sha2))
        if algorithm is None or algorithm(content).hexdigest() != sha2:
            raise StatementError(f"attachment {sha2}: the content does not have this SHA-2 hash")
        attachments[sha2] = AttachmentPart(headers.get("content-type", "application/octet-stream"), content)
    return statements, attachments


def write(statements_json: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed body: the JSON, then each (sha2, content type, content); and its content type."""
    boundary = "jamlik-" + secrets.token_hex(16)
    lines = [
        b"--" + boundary.encode() + b"\r\n",
        b"Content-Type: application/json\r\n\r\n",
        statements_json,
        b"\r\n",
    ]
    for sha2, content_type, content in attachments:
        lines += [
            b"--" + boundary.encode() + b"\r\n",
            f"Content-Type: {content_type}\r\n".encode("latin-1", "replace"),
            b"Content-Transfer-Encoding: binary\r\n",
            f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode("ascii"),
            content,
            b"\r\n",
        ]
    lines.append(b"--" + boundary.encode() + b"--\r\n")
    return b"".join(lines), f"multipart/mixed; boundary={boundary}"
