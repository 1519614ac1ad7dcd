"""JSON from outside, decoded only when its nesting is within a bound.

``json.loads`` recurses once per level of nesting, so a few hundred kilobytes of ``[[[[…`` raise
``RecursionError`` (a 500, and a worker's stack) instead of a clear refusal. ``loads`` first walks
the text once, without recursion, counting how deep arrays and objects go (brackets inside
strings do not count), and refuses anything deeper than ``max_depth`` before decoding.
"""

from __future__ import annotations

import json
from typing import Any


class TooDeep(ValueError):
    """The JSON nests arrays and objects deeper than allowed."""


def depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (0 for a scalar), in one pass without recursion."""
    deepest = level = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def loads(data: str | bytes, *, max_depth: int) -> Any:
    """``json.loads`` for untrusted text: raises ``TooDeep`` past ``max_depth``, else what json raises."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if depth(text) > max_depth:
        raise TooDeep(f"JSON nested deeper than {max_depth} levels")
    return json.loads(text)
