"""Parts of "My page" that belong to apps above ``people`` (the learner's courses, registrations
and diplomas). ``people`` cannot import them, so each adds its part here in ``ready()``, as the
strategies add a section to the statistics report; the profile view renders them in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class Part:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]


PARTS: list[Part] = []


def add(part: Part) -> None:
    """Idempotent: ``ready()`` may run more than once in tests."""
    if not any(p.key == part.key for p in PARTS):
        PARTS.append(part)


def render_parts(request: HttpRequest) -> list[str]:
    return [render_to_string(p.template, p.context(request), request) for p in PARTS]
