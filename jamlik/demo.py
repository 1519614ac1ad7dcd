"""Demo data for ``make demo``: each app's loader, in dependency order. Every loader is idempotent."""

from __future__ import annotations

from importlib import import_module

LOADERS: list[str] = [
    "jamlik.people.demo",
    "jamlik.courses.demo",
    "jamlik.packages.demo",
    "jamlik.packages.cmi5.demo",
    "jamlik.campaigns.demo",
    "jamlik.programmes.demo",
    "jamlik.credentials.demo",
    "jamlik.lrs.demo",
    "jamlik.knowledge.demo",
    "jamlik.networks.demo",
    "jamlik.strategies.demo",
    "jamlik.evaluations.demo",
    "jamlik.statistics.demo",
    "jamlik.web.demo",
]


def load_all() -> list[str]:
    """Run every loader; return the lines each wants printed (accounts, addresses)."""
    lines: list[str] = []
    for path in LOADERS:
        lines.extend(import_module(path).load())
    return lines
