"""Authors read why a block is not valid in words of their own language, naming the field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jamlik.courses.blocks import BlockKind, validate_block_data


def messages_for(kind: str, data: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_block_data(kind, data)
    return caught.value.messages


def test_a_check_without_a_correct_option_says_so() -> None:
    data = {"question": "Vad gäller?", "options": [{"id": "a", "text": "Ett"}, {"id": "b", "text": "Två"}]}
    with translation.override("en"):
        assert messages_for(BlockKind.KNOWLEDGE_CHECK, data) == ["Mark at least one option as correct."]


def test_an_empty_required_field_is_named() -> None:
    with translation.override("en"):
        assert messages_for(BlockKind.IMAGE, {"alt": "  "}) == ["Alternative text: this is required."]


def test_too_few_options_gives_the_limit() -> None:
    data = {"question": "Vad gäller?", "options": [{"id": "a", "text": "Ett", "correct": True}]}
    with translation.override("en"):
        assert messages_for(BlockKind.KNOWLEDGE_CHECK, data) == ["Options: at least 2 are needed."]


def test_an_unknown_field_is_refused_by_name() -> None:
    with translation.override("en"):
        assert messages_for(BlockKind.TEXT, {"markdown": "Hej", "style": "x"}) == [
            "style: this field is unknown for this kind of block."
        ]


def test_messages_follow_the_active_language() -> None:
    data = {"question": "Vad gäller?", "options": [{"id": "a", "text": "Ett"}, {"id": "b", "text": "Två"}]}
    with translation.override("sv"):
        swedish = messages_for(BlockKind.KNOWLEDGE_CHECK, data)
    with translation.override("en"):
        english = messages_for(BlockKind.KNOWLEDGE_CHECK, data)
    assert swedish == ["Markera minst ett alternativ som rätt."]
    assert english != swedish
