"""Client secrets of identity providers, encrypted at rest with a key of their own.

The key lives in a file (``JAMLIK_IDENTITY_KEY_FILE``, by default ``identity.key`` in the data
directory), not in ``SECRET_KEY``: rotating the one never breaks the other. The file holds one
Fernet key a line; the first encrypts, every line decrypts, so a key is rotated by putting a new
line first, running ``jamlik identity-rotate-key`` (re-encrypts every stored secret) and then
removing the old line. The file is created (mode 0600) the first time a secret is saved; back it
up with the database, since without it every stored secret must be entered again.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnavailable(Exception):
    """A stored secret cannot be read: the key file is missing or changed, or the secret file is unreadable."""


def key_file() -> Path:
    return Path(settings.JAMLIK_IDENTITY_KEY_FILE)


def _keys(create: bool) -> MultiFernet:
    path = key_file()
    if not path.exists():
        if not create:
            raise SecretUnavailable(f"The identity key file {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes saving their first secret at once still end up with one key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key() + b"\n")
    lines = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
    if not lines:
        raise SecretUnavailable(f"The identity key file {path} is empty.")
    try:
        return MultiFernet([Fernet(line) for line in lines])
    except ValueError as exc:
        raise SecretUnavailable(f"The identity key file {path} holds something that is not a Fernet key.") from exc


def encrypt(secret: str) -> str:
    return _keys(create=True).encrypt(secret.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys(create=False).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise SecretUnavailable("A stored client secret does not open with the identity key file.") from exc


def rotate(token: str) -> str:
    """The same secret encrypted with the first key of the file."""
    return _keys(create=False).rotate(token.encode("ascii")).decode("ascii")


def read_secret_file(path: str) -> str:
    """A secret named as a file (a mounted secret): its content without the trailing newline."""
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SecretUnavailable(f"The client secret file {path} cannot be read.") from exc
