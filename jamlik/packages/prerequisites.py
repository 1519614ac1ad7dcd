"""SCORM 1.2 prerequisites (``adlcp:prerequisites``, type ``aicc_script``): may an item be launched?

The AICC script language as SCORM 1.2 content uses it: item identifiers, ``&`` (and), ``|``
(or), ``~`` (not), parentheses, and a comparison of an item's status with a quoted word
(``intro = "passed"``, ``intro <> "failed"``). A bare identifier is satisfied when the item is
completed or passed. The set form (``2*{a,b,c}``) counts how many of the set are satisfied.
A script we cannot read is treated as satisfied (the learner is not locked out by our limits);
docs/scorm.md says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SATISFIED = {"completed", "passed"}
TOKEN = re.compile(r'\s*(?:(?P<op><>|[&|~()=,{}*])|"(?P<word>[^"]*)"|(?P<name>[^\s&|~()=<>",{}*]+))')
# What the status comparisons may name, with AICC's one-letter abbreviations.
STATUS_WORDS = {
    "p": "passed",
    "c": "completed",
    "f": "failed",
    "i": "incomplete",
    "b": "browsed",
    "n": "not attempted",
}


class Unreadable(ValueError):
    pass


def is_met(script: str, statuses: Mapping[str, str]) -> bool:
    """Whether ``script`` is satisfied, given each item's status by identifier (SCORM 1.2's
    ``cmi.core.lesson_status`` values; a missing item is "not attempted")."""
    if not script.strip():
        return True
    try:
        tokens = _tokens(script)
        parser = _Parser(tokens, statuses)
        result = parser.expression()
        if parser.position != len(tokens):
            raise Unreadable(script)
    except Unreadable:
        return True
    return result


def _tokens(script: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    script = script.rstrip()
    while position < len(script):
        match = TOKEN.match(script, position)
        if match is None or match.end() == position:
            raise Unreadable(script)
        position = match.end()
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
    return tokens


class _Parser:
    """or-expression := and-expression ('|' and-expression)*
    and-expression := unary ('&' unary)*
    unary := '~' unary | '(' or-expression ')' | count '*' '{' names '}' | name [('=' | '<>') word]"""

    def __init__(self, tokens: list[tuple[str, str]], statuses: Mapping[str, str]) -> None:
        self.tokens = tokens
        self.position = 0
        self.statuses = statuses

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise Unreadable(str(token))
        self.position += 1
        return token[1]

    def expression(self) -> bool:
        result = self.conjunction()
        while self.peek() == ("op", "|"):
            self.position += 1
            right = self.conjunction()
            result = result or right
        return result

    def conjunction(self) -> bool:
        result = self.unary()
        while self.peek() == ("op", "&"):
            self.position += 1
            right = self.unary()
            result = result and right
        return result

    def unary(self) -> bool:
        token = self.peek()
        if token == ("op", "~"):
            self.position += 1
            return not self.unary()
        if token == ("op", "("):
            self.position += 1
            result = self.expression()
            self.take("op", ")")
            return result
        name = self.take("name")
        if self.peek() == ("op", "*") and name.isdigit():
            self.position += 1
            self.take("op", "{")
            members = [self.take("name")]
            while self.peek() == ("op", ","):
                self.position += 1
                members.append(self.take("name"))
            self.take("op", "}")
            return sum(self.satisfied(member) for member in members) >= int(name)
        if self.peek() in (("op", "="), ("op", "<>")):
            equal = self.take("op") == "="
            word = self.take("word").strip().lower()
            wanted = STATUS_WORDS.get(word, word)
            return (self.status(name) == wanted) == equal
        return self.satisfied(name)

    def status(self, name: str) -> str:
        return self.statuses.get(name, "not attempted")

    def satisfied(self, name: str) -> bool:
        return self.status(name) in SATISFIED
