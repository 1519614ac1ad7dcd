"""A check shared by the tests of destructive actions: the form that does it is only inside the
design system's two-step ``{% confirm %}`` (issue 19: one click removed or cancelled)."""

from __future__ import annotations

import re

_CONFIRM = re.compile(r'<details class="confirm" data-confirm>(.*?)</details>', re.S)


def asks_first(html: str, action: str, label: str | None = None) -> bool:
    """Whether every form posting to ``action`` sits in a confirm panel opened by a danger button."""
    panels = [p for p in _CONFIRM.findall(html) if f'action="{action}"' in p]
    if not panels or html.count(f'action="{action}"') != len(panels):
        return False
    return all(
        '<summary class="button button-danger">' in p and (label is None or f">{label}</summary>" in p) for p in panels
    )
