"""Template rules that hold for every template in the project."""

from __future__ import annotations

import re
from pathlib import Path

import jamlik

ROOT = Path(jamlik.__file__).resolve().parent
# An attribute name starting with "hx-" inside a start tag. HTML has no such attribute, so a
# validator rejects it; htmx reads the same attributes with the valid "data-" prefix.
START_TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
BARE_HX = re.compile(r"(?<=[\s\"'])hx-[\w:.-]+")


def bare_hx_attributes(text: str) -> list[str]:
    return [name for tag in START_TAG.findall(text) for name in BARE_HX.findall(tag)]


def templates() -> list[Path]:
    return sorted(p for p in ROOT.rglob("templates/**/*") if p.suffix in {".html", ".txt", ".xml", ".svg"})


def test_bare_hx_attributes_are_found_by_the_check() -> None:
    assert bare_hx_attributes('<form method="post"\n      hx-post="/a/" hx-target="#b">') == ["hx-post", "hx-target"]
    assert bare_hx_attributes("<button hx-boost>") == ["hx-boost"]
    assert bare_hx_attributes('<form data-hx-post="/a/" data-hx-target="#b">') == []
    assert bare_hx_attributes("<p>The hx-post attribute is explained in the docs.</p>") == []


def test_no_template_uses_a_bare_hx_attribute() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in templates()
        for name in bare_hx_attributes(path.read_text(encoding="utf-8"))
    ]
    assert len(templates()) > 100
    assert found == []
