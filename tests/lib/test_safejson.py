"""Untrusted JSON: nesting is measured without recursion before decoding."""

from __future__ import annotations

import pytest

from jamlik.lib import safejson


def test_brackets_inside_strings_do_not_count() -> None:
    assert safejson.depth('{"a": "[[[[{{{{", "b": ["\\"]]]"]}') == 2
    assert safejson.loads('{"a": "[[[["}', max_depth=1) == {"a": "[[[["}


def test_too_deep_is_refused_without_a_recursion_error() -> None:
    text = "[" * 200_000 + "]" * 200_000
    with pytest.raises(safejson.TooDeep):
        safejson.loads(text, max_depth=64)


def test_scalars_and_bytes_are_read() -> None:
    assert safejson.depth("12") == 0
    assert safejson.loads(b'["\xc3\xa5"]', max_depth=1) == ["å"]
