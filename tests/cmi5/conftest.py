from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _content_origin(settings: Any) -> None:
    """Package files are addressed on the content origin (docs/scorm.md); the test client's host is testserver."""
    settings.JAMLIK_CONTENT_ORIGIN = "http://localhost:8000"
