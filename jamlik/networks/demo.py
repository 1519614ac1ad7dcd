"""Demo data for Networks. Idempotent."""

from __future__ import annotations


def load() -> list[str]:
    return []
