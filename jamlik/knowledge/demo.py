"""Demo data for Good examples, news and pages. Idempotent."""

from __future__ import annotations


def load() -> list[str]:
    return []
