"""Network tests keep uploaded files in a fresh directory per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_files(settings: object, tmp_path: Path) -> None:
    settings.PRIVATE_ROOT = tmp_path / "private"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
