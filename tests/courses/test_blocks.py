"""Block content is checked against the schema of its kind before it is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jamlik.courses.blocks import BlockKind, validate_block_data
from tests.courses.factories import check_data


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (BlockKind.IMAGE, {"alt": ""}),
        (BlockKind.VIDEO, {"transcript": "  "}),
        (BlockKind.AUDIO, {}),
        (BlockKind.TEXT, {"markdown": "x", "html": "<b>x</b>"}),
        (BlockKind.KNOWLEDGE_CHECK, {**check_data(), "options": check_data()["options"][:1]}),
        (
            BlockKind.KNOWLEDGE_CHECK,
            {**check_data(), "options": [{**o, "correct": True} for o in check_data()["options"]]},
        ),
        (BlockKind.KNOWLEDGE_CHECK, {**check_data(), "options": [{**o, "id": "a"} for o in check_data()["options"]]}),
        (BlockKind.SCENARIO, {"situation": "x", "choices": [{"id": "a", "text": "A", "feedback": ""}] * 2}),
        ("unknown", {}),
    ],
)
def test_invalid_block_content_is_refused_with_a_message(kind: str, data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        validate_block_data(kind, data)


def test_valid_content_is_normalised() -> None:
    assert validate_block_data(BlockKind.IMAGE, {"alt": "  En karta  "}) == {"alt": "En karta", "caption": ""}
    assert validate_block_data(BlockKind.KNOWLEDGE_CHECK, check_data(multiple=True))["multiple"] is True
