"""SCIM filters and attribute paths (RFC 7644 §3.4.2.2, §3.5.2), parsed and turned into ``Q`` objects.

A filter such as ``userName eq "a@b.se" and emails[type eq "work"].value co "@b.se"`` is read by
a small recursive-descent parser into a tree; each resource then says, through a resolver, which
column (or which query) an attribute path means. An attribute no resolver knows is refused with
``invalidFilter``, never ignored: a filter that silently matched everyone would make an identity
system believe a user exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from jamlik.identity.scim.errors import ScimError, invalid_filter, invalid_path

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:group"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"
SCHEMA_URNS = frozenset({CORE_USER, CORE_GROUP, ENTERPRISE_USER})
MAX_FILTER_LENGTH = 1000

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<punct>[()\[\]])
    | (?P<sub>\.[A-Za-z][\w$-]*)
    | (?P<word>[A-Za-z][\w:.$-]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    )""",
    re.VERBOSE,
)
COMPARISONS = frozenset({"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"})


@dataclass(frozen=True)
class AttrPath:
    """``schema`` is "" for the resource's core schema, else the extension's URN (lower case)."""

    schema: str
    attr: str
    sub: str = ""
    value_filter: Node | None = None

    @property
    def dotted(self) -> str:
        return f"{self.attr}.{self.sub}" if self.sub else self.attr


@dataclass(frozen=True)
class Compare:
    path: AttrPath
    op: str  # one of COMPARISONS, or "pr"
    value: Any = None


@dataclass(frozen=True)
class Logical:
    op: str  # "and" or "or"
    left: Node
    right: Node


@dataclass(frozen=True)
class Not:
    inner: Node


Node = Compare | Logical | Not


def _tokens(text: str, error: Callable[[str], ScimError]) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise error(_("The filter cannot be read near “%(text)s”.") % {"text": text[pos : pos + 20]})
        tokens.append(match.group(match.lastgroup or "word"))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


def split_attribute(name: str, core: str) -> tuple[str, str, str]:
    """(schema, attribute, sub-attribute) of a name such as ``name.givenName`` or a full URN form."""
    lowered = name.lower()
    schema = ""
    if lowered in SCHEMA_URNS:  # the extension itself, as a PATCH path whose value holds its attributes
        return ("" if lowered == core else lowered), "", ""
    if lowered.startswith("urn:"):
        schema, _sep, lowered = lowered.rpartition(":")
        if schema == core:
            schema = ""
    attr, _sep, sub = lowered.partition(".")
    return schema, attr, sub


class _Parser:
    def __init__(self, text: str, core: str, error: Callable[[str], ScimError]) -> None:
        self.tokens = _tokens(text, error)
        self.pos = 0
        self.core = core
        self.error = error

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise self.error(_("The filter ends too early."))
        self.pos += 1
        return token

    def expect(self, wanted: str) -> None:
        token = self.take()
        if token != wanted:
            raise self.error(
                _("The filter has “%(found)s” where “%(wanted)s” should be.") % {"found": token, "wanted": wanted}
            )

    def expression(self) -> Node:
        node = self.conjunction()
        while (self.peek() or "").lower() == "or":
            self.take()
            node = Logical("or", node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.unary()
        while (self.peek() or "").lower() == "and":
            self.take()
            node = Logical("and", node, self.unary())
        return node

    def unary(self) -> Node:
        following = self.peek()
        if following is not None and following.lower() == "not":
            self.take()
            self.expect("(")
            inner = self.expression()
            self.expect(")")
            return Not(inner)
        if following == "(":
            self.take()
            inner = self.expression()
            self.expect(")")
            return inner
        return self.comparison()

    def path(self) -> AttrPath:
        name = self.take()
        if not name[0].isalpha() or name.lower() in ("and", "or", "not"):
            raise self.error(_("An attribute name is missing in the filter."))
        schema, attr, sub = split_attribute(name, self.core)
        value_filter: Node | None = None
        if self.peek() == "[":
            if sub:
                raise self.error(
                    _("A value filter belongs to a multi-valued attribute, not to “%(name)s”.") % {"name": name}
                )
            self.take()
            value_filter = self.expression()
            self.expect("]")
            following = self.peek()
            if following is not None and following.startswith("."):
                sub = self.take()[1:].lower()
        return AttrPath(schema, attr, sub, value_filter)

    def comparison(self) -> Node:
        path = self.path()
        op = self.take().lower()
        if op == "pr":
            return Compare(path, "pr")
        if op not in COMPARISONS:
            raise self.error(_("“%(op)s” is not a filter operator.") % {"op": op})
        raw = self.take()
        return Compare(path, op, _literal(raw, self.error))


def _literal(raw: str, error: Callable[[str], ScimError]) -> Any:
    if raw.startswith('"'):
        return json.loads(raw)
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise error(_("“%(value)s” is not a value: put text in double quotes.") % {"value": raw}) from None


def parse_filter(text: str, core: str) -> Node:
    if len(text) > MAX_FILTER_LENGTH:
        raise invalid_filter(_("The filter is too long."))
    parser = _Parser(text, core, invalid_filter)
    node = parser.expression()
    if parser.peek() is not None:
        raise invalid_filter(_("The filter has more after “%(token)s”.") % {"token": parser.tokens[parser.pos - 1]})
    return node


def parse_path(text: str, core: str) -> AttrPath:
    """A PATCH operation's ``path``: an attribute, optionally with a value filter and a sub-attribute."""
    if len(text) > MAX_FILTER_LENGTH:
        raise invalid_path(_("The path is too long."))
    parser = _Parser(text, core, invalid_path)
    path = parser.path()
    if parser.peek() is not None:
        raise invalid_path(_("“%(path)s” is not an attribute path.") % {"path": text})
    return path


# --- From a tree to a query ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A text column: ``case_exact`` as the attribute's schema says (RFC 7643 ``caseExact``)."""

    lookup: str
    case_exact: bool = False


Field = Column | Callable[[str, Any], Q]
Resolver = Callable[[AttrPath], Field | None]
NOTHING = Q(pk__in=[])

_TEXT_LOOKUPS = {"eq": "exact", "co": "contains", "sw": "startswith", "ew": "endswith"}
_ORDER_LOOKUPS = {"gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}


def _column_q(column: Column, op: str, value: Any, shown: str) -> Q:
    if op == "pr":
        return ~Q(**{column.lookup: ""})
    if not isinstance(value, str):
        raise invalid_filter(_("Compare “%(attr)s” with text in double quotes.") % {"attr": shown})
    if op in _ORDER_LOOKUPS:
        return Q(**{f"{column.lookup}__{_ORDER_LOOKUPS[op]}": value})
    lookup = _TEXT_LOOKUPS["eq" if op == "ne" else op]
    q = Q(**{f"{column.lookup}__{lookup if column.case_exact else 'i' + lookup}": value})
    return ~q if op == "ne" else q


def to_q(node: Node, resolve: Resolver) -> Q:
    if isinstance(node, Logical):
        left, right = to_q(node.left, resolve), to_q(node.right, resolve)
        return left & right if node.op == "and" else left | right
    if isinstance(node, Not):
        return ~to_q(node.inner, resolve)
    field = resolve(node.path)
    if field is None:
        raise invalid_filter(_("Filtering on “%(attr)s” is not supported.") % {"attr": node.path.dotted})
    if isinstance(field, Column):
        return _column_q(field, node.op, node.value, node.path.dotted)
    return field(node.op, node.value)


def is_type_filter(node: Node | None, wanted: str) -> bool:
    """Whether a value filter is exactly ``type eq "<wanted>"`` (how Entra ID names the work address)."""
    return (
        isinstance(node, Compare)
        and node.path.attr == "type"
        and not node.path.sub
        and node.op == "eq"
        and isinstance(node.value, str)
        and node.value.lower() == wanted
    )
