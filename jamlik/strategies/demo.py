"""Demo data for Strategies and follow-up. Idempotent."""

from __future__ import annotations


def load() -> list[str]:
    return []
