"""Colour contrast as WCAG 2.1 defines it (relative luminance, ratio), for the documented palette
(docs/design.md, checked by tests/web/test_design.py) and an installation's own accent colour."""

from __future__ import annotations

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# WCAG 2.1 AA: 1.4.3 text (4.5:1), 1.4.11 non-text contrast and large text (3:1).
TEXT = 4.5
NON_TEXT = 3.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    if not HEX.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darken(colour: str, factor: float) -> str:
    """``colour`` with each channel multiplied by ``factor`` (0 to 1)."""
    r, g, b = (round(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def readable_on_white(colour: str, ratio: float = TEXT) -> str:
    """``colour`` itself when white text on it (and it as text on white) reaches ``ratio``,
    otherwise the lightest darker shade of it that does."""
    colour = colour.lower()
    factor = 1.0
    while contrast(colour if factor == 1.0 else darken(colour, factor), WHITE) < ratio:
        factor -= 0.01
    return colour if factor == 1.0 else darken(colour, factor)
