"""SCORM 1.2 prerequisites: which items of a multi-SCO package may be launched."""

from __future__ import annotations

import pytest

from jamlik.packages.prerequisites import is_met

STATUSES = {"intro": "completed", "law": "incomplete", "quiz": "passed", "extra": "failed"}


@pytest.mark.parametrize(
    ("script", "met"),
    [
        ("", True),
        ("intro", True),
        ("law", False),
        ("missing", False),
        ("intro & law", False),
        ("intro | law", True),
        ("~law", True),
        ("(intro & quiz) | law", True),
        ("intro & ~(law | extra)", True),
        ("intro & ~(quiz | law)", False),
        ('law = "incomplete"', True),
        ('law <> "i"', False),
        ('extra = "f"', True),
        ("2*{intro,law,quiz}", True),
        ("3*{intro,law,quiz}", False),
    ],
)
def test_a_script_is_read_as_scorm_12_says(script: str, met: bool) -> None:
    assert is_met(script, STATUSES) is met


@pytest.mark.parametrize("script", ["intro &", "(law", "law = incomplete", "intro law"])
def test_a_script_we_cannot_read_locks_nobody_out(script: str) -> None:
    assert is_met(script, {}) is True
