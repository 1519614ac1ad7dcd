"""The design system's tokens as data: the colour pairs site.css uses, with the contrast each must
reach (docs/design.md; tests/web/test_design.py checks every pair, the /design/ page shows them)."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.colours import NON_TEXT, TEXT, contrast

# The values of site.css's :root (the test reads the stylesheet and compares).
COLOURS = {
    "ink": "#1b1f24",
    "muted": "#4a5562",
    "paper": "#ffffff",
    "tint": "#f2f5f9",
    "line": "#c5ced8",
    "border": "#6b7785",
    "brand": "#1d4f91",
    "brand-dark": "#143a6b",
    "ok": "#1f6b3a",
    "ok-bg": "#e6f4ea",
    "warn-bg": "#fff4d6",
    "warn-ink": "#5c4300",
    "bad": "#a4262c",
    "bad-dark": "#7d1c21",
    "bad-bg": "#fde7e9",
    "focus": "#ffbf47",
}


@dataclass(frozen=True)
class Pair:
    foreground: str  # a name in COLOURS
    background: str
    use: str  # where the pair appears (English; the page shows it as it is)
    required: float  # 4.5 for text, 3 for large text and non-text (borders, focus, chart bars)

    @property
    def ratio(self) -> float:
        return contrast(COLOURS[self.foreground], COLOURS[self.background])

    @property
    def passes(self) -> bool:
        return self.ratio >= self.required


PAIRS = [
    Pair("ink", "paper", "body text", TEXT),
    Pair("ink", "tint", "text on tinted panels, table headers", TEXT),
    Pair("muted", "paper", "hints, help text, footer", TEXT),
    Pair("muted", "tint", "footer text", TEXT),
    Pair("brand", "paper", "links, secondary buttons", TEXT),
    Pair("brand", "tint", "links on tinted panels", TEXT),
    Pair("paper", "brand", "header, primary buttons", TEXT),
    Pair("paper", "brand-dark", "primary buttons on hover, the open menu", TEXT),
    Pair("paper", "bad", "danger buttons", TEXT),
    Pair("paper", "bad-dark", "danger buttons on hover", TEXT),
    Pair("bad", "bad-bg", "error messages and critical notices", TEXT),
    Pair("ink", "bad-bg", "the confirmation question", TEXT),
    Pair("warn-ink", "warn-bg", "warnings", TEXT),
    Pair("ok", "paper", "done, correct answers", TEXT),
    Pair("ok", "ok-bg", "success panels", TEXT),
    Pair("border", "paper", "form field borders", NON_TEXT),
    Pair("brand", "paper", "chart bars", NON_TEXT),
    Pair("focus", "ink", "the focus ring (yellow on its dark outline)", NON_TEXT),
]

TYPE_SCALE = [
    ("--step-4", "2.074rem", "h1"),
    ("--step-3", "1.728rem", "h2"),
    ("--step-2", "1.44rem", "h3, the site name"),
    ("--step-1", "1.2rem", "h4, lead text"),
    ("--step-0", "1rem", "body text, forms, tables"),
    ("--step--1", "0.875rem", "small print, chart labels (never under 12 px)"),
]

SPACING = [
    ("--space-1", "0.25rem"),
    ("--space-2", "0.5rem"),
    ("--space-3", "0.75rem"),
    ("--space-4", "1rem"),
    ("--space-5", "1.5rem"),
    ("--space-6", "2rem"),
    ("--space-7", "3rem"),
]

SAMPLE_ROWS = [
    ("Länsstyrelsen i Dalarnas län", 2891, 1204, 41.6),
    ("Region Västra Götaland", 12590, 8710, 69.2),
    ("Kiruna kommun", 1684, 302, 17.9),
]


def pairs() -> list[Pair]:
    return list(PAIRS)
