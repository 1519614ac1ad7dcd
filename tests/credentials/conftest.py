from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from jamlik.credentials import keys


@pytest.fixture(autouse=True)
def signing_key(settings: object, tmp_path: Path) -> str:
    """Every credentials test signs with its own throw-away key and stores files in tmp."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return keys.generate_key()


@pytest.fixture(autouse=True)
def _english(settings: object) -> Iterator[None]:
    """Messages in English, so tests read the msgids; diplomas still use the recipient's language."""
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
    with translation.override("en"):
        yield
