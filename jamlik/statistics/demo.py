"""Demo data for Statistics. Idempotent."""

from __future__ import annotations


def load() -> list[str]:
    return []
