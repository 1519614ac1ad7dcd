"""Statistics tests read fresh figures: the few minutes' cache is off except where a test turns it on."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_statistics_cache(settings: object) -> None:
    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 0  # type: ignore[attr-defined]
