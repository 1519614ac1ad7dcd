"""The platform's Ed25519 signing keys for Open Badges credentials, kept as files, never in the database.

``JAMLIK_CREDENTIAL_KEY_DIR`` holds one ``<key id>.pem`` (PKCS #8, mode 0600) per key. Key ids
sort by creation time (``key-<UTC time to the microsecond>-<4 hex>``); the newest key signs. Rotating is
generating another key: the old ones stay in the directory, so their public halves stay
published in the issuer profile and credentials signed with them still verify. Remove a key
only when every credential it signed may stop verifying.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from jamlik.credentials.multibase import ED25519_PUB_PREFIX, base58btc_encode

SUFFIX = ".pem"


class NoSigningKey(RuntimeError):
    """There is no key yet: run ``jamlik credentials-keygen``."""


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def multibase(self) -> str:
        return public_multibase(self.public)


def public_multibase(public: Ed25519PublicKey) -> str:
    """A Multikey ``publicKeyMultibase``: ``z`` + base58btc(0xed01 ‖ 32 key bytes), so ``z6Mk…``."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_PUB_PREFIX + raw)


def key_dir() -> Path:
    return Path(settings.CREDENTIAL_KEY_DIR)


def generate_key(directory: Path | None = None) -> str:
    """Create a new signing key and return its id. It becomes the key that signs from now on."""
    directory = directory or key_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_id = f"key-{timezone.now():%Y%m%dT%H%M%S%f}-{secrets.token_hex(2)}"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = directory / f"{key_id}{SUFFIX}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key_id


def all_keys(directory: Path | None = None) -> list[SigningKey]:
    """Every key, oldest first."""
    directory = directory or key_dir()
    if not directory.is_dir():
        return []
    keys = []
    for path in sorted(directory.glob(f"key-*{SUFFIX}")):
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if isinstance(private, Ed25519PrivateKey):
            keys.append(SigningKey(key_id=path.name.removesuffix(SUFFIX), private=private))
    return keys


def current_key(directory: Path | None = None) -> SigningKey:
    keys = all_keys(directory)
    if not keys:
        raise NoSigningKey("No credential signing key: run `jamlik credentials-keygen`.")
    return keys[-1]


def ensure_key(directory: Path | None = None) -> str | None:
    """Generate a key if there is none (the demo does this); return the new id, or None."""
    return None if all_keys(directory) else generate_key(directory)
