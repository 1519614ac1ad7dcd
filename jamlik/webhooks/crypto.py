"""Signing secrets encrypted at rest with a key file of their own (the pattern of ``identity/crypto.py``).

HMAC needs the secret itself, so it cannot be hashed: it is encrypted with a Fernet key from
``JAMLIK_WEBHOOK_KEY_FILE`` (by default ``webhooks.key`` in the data directory; one key a line,
the first encrypts, every line decrypts; created with mode 0600 on first use; backed up with
the database by ``jamlik backup``). A secret is shown once, when it is made or rotated.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)


class SecretUnavailable(Exception):
    """The key file is missing or changed: stored secrets cannot be read."""


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def key_file() -> Path:
    return Path(settings.JAMLIK_WEBHOOK_KEY_FILE)


def _keys(create: bool) -> MultiFernet:
    path = key_file()
    if not path.exists():
        if not create:
            raise SecretUnavailable(f"The webhook key file {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two processes saving their first secret at once still end up with one key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key() + b"\n")
    lines = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
    try:
        return MultiFernet([Fernet(line) for line in lines])
    except ValueError as exc:  # no line, or a line that is not a key
        raise SecretUnavailable(f"The webhook key file {path} holds no Fernet key.") from exc


def encrypt(secret: str) -> str:
    return _keys(create=True).encrypt(secret.encode("ascii")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys(create=False).decrypt(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise SecretUnavailable("A webhook secret does not open with the webhook key file.") from exc
