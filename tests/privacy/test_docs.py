"""docs/privacy.md names every kind of data in the catalogue and every table the person sees."""

from __future__ import annotations

from pathlib import Path

from jamlik.privacy.kinds import KINDS as TABLES
from jamlik.retention.catalogue import KINDS

DOC = (Path(__file__).resolve().parents[2] / "docs/privacy.md").read_text()


def test_the_data_map_names_every_kind_and_table() -> None:
    assert [k.key for k in KINDS if f"(`{k.key}`)" not in DOC] == []
    assert [t.key for t in TABLES if f"| `{t.key}` |" not in DOC] == []


def test_every_kind_in_the_catalogue_has_a_table_the_person_sees() -> None:
    """A kind without a table would be listed on My data as "nothing held" although it may hold
    rows: a new kind in the catalogue gets a table in jamlik/privacy/kinds.py and inventory.py."""
    assert [k.key for k in KINDS if not any(t.data_kind == k.key for t in TABLES)] == []
