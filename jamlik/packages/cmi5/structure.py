"""Reading a cmi5 course structure (``cmi5.xml``, cmi5 section 13) into plain typed values.

The XML is third-party input: it is parsed by ``defusedxml`` (no DTDs, no entities, no external
references) after a size check, and every rule of the course structure schema and of the
specification that an LMS must enforce at import is checked here, each with a message naming the
problem and the element:

- the schema's order and cardinality (``title``, ``description``, ``objectives``?, ``url``,
  ``launchParameters``?, ``entitlementKey``? in an AU; at least one AU or block in the course and
  in every block), elements of other namespaces being extensions that are skipped;
- ids of the course, blocks, AUs and objectives are absolute IRIs (3.0.0.0-1) and unique
  (13.1.2.0-1, 13.1.4.0-1);
- an AU's ``url`` is a valid URL (13.1.4.0-2); a relative one only inside a package, naming a file
  of the package (14.1.0.0-4, 14.2.0.0-1); it carries none of the launch parameters the LMS adds
  (8.1.0.0-6);
- ``moveOn``, ``launchMethod`` and ``masteryScore`` (a decimal in 0..1) by their vocabularies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MAX_BYTES = 8 * 1024 * 1024
MAX_UNITS = 5000  # AUs and blocks together; ADL's suite imports a course of 1,000 AUs
MAX_DEPTH = 16
MAX_TEXT = 10_000
MAX_ID = 255  # the ids of the course, blocks, AUs and objectives (PackageItem.identifier)
MAX_URL = 2048

MoveOn = Literal["NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"]
MOVE_ON_VALUES: tuple[MoveOn, ...] = ("NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed")
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")
# The parameters the LMS puts on every launch URL (cmi5 8.1); an AU's own URL may not use them.
LAUNCH_PARAMETER_NAMES = frozenset({"endpoint", "fetch", "actor", "registration", "activityId"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")


class StructureError(ValueError):
    """The course structure breaks a rule; ``str()`` is the message for the person importing."""


@dataclass(frozen=True)
class Objective:
    id: str
    title: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class AssignableUnit:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    url: str
    move_on: MoveOn = "NotApplicable"
    mastery_score: Decimal | None = None
    launch_method: str = "AnyWindow"
    activity_type: str = ""
    launch_parameters: str = ""
    entitlement_key: str = ""
    objectives: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()  # the ids of the blocks it sits in, outermost first

    @property
    def is_relative(self) -> bool:
        return not urlsplit(self.url).scheme


@dataclass(frozen=True)
class Block:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    children: tuple[Block | AssignableUnit, ...]
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class CourseStructure:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    children: tuple[Block | AssignableUnit, ...]
    objectives: tuple[Objective, ...] = field(default=())

    def units(self) -> Iterator[AssignableUnit]:
        """Every AU in document order."""
        yield from _units(self.children)

    def blocks(self) -> Iterator[Block]:
        """Every block, parents before their children."""
        yield from _blocks(self.children)


def _units(children: tuple[Block | AssignableUnit, ...]) -> Iterator[AssignableUnit]:
    for child in children:
        if isinstance(child, AssignableUnit):
            yield child
        else:
            yield from _units(child.children)


def _blocks(children: tuple[Block | AssignableUnit, ...]) -> Iterator[Block]:
    for child in children:
        if isinstance(child, Block):
            yield child
            yield from _blocks(child.children)


def text_in(strings: dict[str, str], language: str) -> str:
    """The langstring for ``language`` (or its primary subtag), else the first one there is."""
    if not strings:
        return ""
    wanted = language.lower()
    for lang, text in strings.items():
        if lang.lower() == wanted:
            return text
    for lang, text in strings.items():
        if lang.lower().split("-")[0] == wanted.split("-")[0]:
            return text
    return next(iter(strings.values()))


def parse(data: bytes, *, has_file: Callable[[str], bool] | None = None) -> CourseStructure:
    """The course structure in ``data``.

    ``has_file`` says whether the package holds a file (a path relative to the package's root);
    ``None`` means the structure came alone, without a package, so every AU must be an absolute URL.
    """
    if len(data) > MAX_BYTES:
        raise StructureError(
            _("The course structure is larger than %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise StructureError(_("The course structure may not declare a DTD or entities.")) from None
    except (ParseError, ValueError) as exc:
        raise StructureError(_("The course structure is not well-formed XML: %(error)s") % {"error": exc}) from None
    return _Reader(has_file).course(root)


def _tag(element: Element) -> str | None:
    """The local name of one of the schema's own elements, ``None`` for an extension."""
    prefix = "{" + NAMESPACE + "}"
    if isinstance(element.tag, str) and element.tag.startswith(prefix):
        return element.tag[len(prefix) :]
    return None


class _Reader:
    def __init__(self, has_file: Callable[[str], bool] | None) -> None:
        self.has_file = has_file
        self.ids: dict[str, str] = {}
        self.count = 0

    def course(self, root: Element) -> CourseStructure:
        if _tag(root) != "courseStructure":
            raise StructureError(
                _("The root element must be courseStructure in the namespace %(ns)s.") % {"ns": NAMESPACE}
            )
        parts = self._own(root)
        if not parts or _tag(parts[0]) != "course":
            raise StructureError(_("courseStructure must begin with a course element."))
        course = parts[0]
        course_id = self._id(course, "course")
        title, description, rest = self._texts(course, "course")
        if rest:
            raise StructureError(_("The course element takes only a title and a description."))
        index = 1
        objectives: list[Objective] = []
        if index < len(parts) and _tag(parts[index]) == "objectives":
            objectives = self._objectives(parts[index])
            index += 1
        known = {objective.id for objective in objectives}
        children = self._children(parts[index:], "courseStructure", known, (), 1)
        return CourseStructure(
            id=course_id, title=title, description=description, children=children, objectives=tuple(objectives)
        )

    def _own(self, element: Element) -> list[Element]:
        return [child for child in element if _tag(child) is not None]

    def _id(self, element: Element, kind: str, attribute: str = "id") -> str:
        value = (element.get(attribute) or "").strip()
        if not value:
            raise StructureError(_("A %(kind)s element has no %(attr)s.") % {"kind": kind, "attr": attribute})
        if not is_iri(value):
            raise StructureError(
                _("The %(kind)s id %(id)s is not an absolute IRI.") % {"kind": kind, "id": value[:200]}
            )
        if attribute == "id":
            if value in self.ids:
                raise StructureError(_("The id %(id)s is used twice in the course structure.") % {"id": value[:200]})
            self.ids[value] = kind
        return value

    def _texts(self, element: Element, kind: str) -> tuple[dict[str, str], dict[str, str], list[Element]]:
        parts = self._own(element)
        if len(parts) < 2 or _tag(parts[0]) != "title" or _tag(parts[1]) != "description":
            raise StructureError(
                _("The %(kind)s %(id)s must begin with a title and a description.")
                % {"kind": kind, "id": (element.get("id") or "")[:200]}
            )
        return self._langstrings(parts[0]), self._langstrings(parts[1]), parts[2:]

    def _langstrings(self, element: Element) -> dict[str, str]:
        strings: dict[str, str] = {}
        for child in self._own(element):
            if _tag(child) != "langstring":
                raise StructureError(_("A title or description holds only langstring elements."))
            text = (child.text or "").strip()
            if len(text) > MAX_TEXT:
                raise StructureError(_("A title or description is longer than %(n)d characters.") % {"n": MAX_TEXT})
            strings.setdefault((child.get("lang") or "").strip(), text)
        if not strings:
            raise StructureError(_("A title or description needs at least one langstring."))
        return strings

    def _objectives(self, element: Element) -> list[Objective]:
        objectives = []
        for child in self._own(element):
            if _tag(child) != "objective":
                raise StructureError(_("objectives holds only objective elements."))
            parts = {_tag(part): part for part in self._own(child)}
            if set(parts) != {"title", "description"}:
                raise StructureError(_("An objective needs a title and a description."))
            objective_id = self._id(child, "objective")
            objectives.append(
                Objective(
                    id=objective_id,
                    title=self._langstrings(parts["title"]),
                    description=self._langstrings(parts["description"]),
                )
            )
        if not objectives:
            raise StructureError(_("An objectives element needs at least one objective."))
        return objectives

    def _references(self, element: Element, known: set[str]) -> tuple[str, ...]:
        refs = []
        for child in self._own(element):
            if _tag(child) != "objective":
                raise StructureError(_("objectives holds only objective elements."))
            ref = self._id(child, "objective reference", "idref")
            if ref not in known:
                raise StructureError(_("The objective %(id)s is not declared by the course.") % {"id": ref[:200]})
            refs.append(ref)
        if not refs:
            raise StructureError(_("An objectives element needs at least one objective."))
        return tuple(refs)

    def _children(
        self, parts: list[Element], parent: str, known: set[str], path: tuple[str, ...], depth: int
    ) -> tuple[Block | AssignableUnit, ...]:
        if depth > MAX_DEPTH:
            raise StructureError(_("Blocks are nested more than %(n)d deep.") % {"n": MAX_DEPTH})
        children: list[Block | AssignableUnit] = []
        for part in parts:
            tag = _tag(part)
            if tag not in ("au", "block"):
                raise StructureError(
                    _("%(parent)s may hold only au and block elements here, not %(tag)s.")
                    % {"parent": parent, "tag": tag}
                )
            self.count += 1
            if self.count > MAX_UNITS:
                raise StructureError(_("The course has more than %(n)d AUs and blocks.") % {"n": MAX_UNITS})
            children.append(self._au(part, known, path) if tag == "au" else self._block(part, known, path, depth))
        if not children:
            raise StructureError(_("%(parent)s needs at least one au or block.") % {"parent": parent})
        return tuple(children)

    def _block(self, element: Element, known: set[str], path: tuple[str, ...], depth: int) -> Block:
        block_id = self._id(element, "block")
        title, description, rest = self._texts(element, "block")
        objectives: tuple[str, ...] = ()
        if rest and _tag(rest[0]) == "objectives":
            objectives = self._references(rest[0], known)
            rest = rest[1:]
        children = self._children(rest, "block", known, (*path, block_id), depth + 1)
        return Block(id=block_id, title=title, description=description, children=children, objectives=objectives)

    def _au(self, element: Element, known: set[str], path: tuple[str, ...]) -> AssignableUnit:
        au_id = self._id(element, "au")
        title, description, rest = self._texts(element, "au")
        objectives: tuple[str, ...] = ()
        if rest and _tag(rest[0]) == "objectives":
            objectives = self._references(rest[0], known)
            rest = rest[1:]
        if not rest or _tag(rest[0]) != "url":
            raise StructureError(
                _("The AU %(id)s needs its url after the title, description and objectives.") % {"id": au_id[:200]}
            )
        url = self._url((rest[0].text or "").strip(), au_id)
        optional: dict[str, str] = {}
        remaining = rest[1:]
        for name in ("launchParameters", "entitlementKey"):
            if remaining and _tag(remaining[0]) == name:
                optional[name] = (remaining[0].text or "").strip()[:MAX_TEXT]
                remaining = remaining[1:]
        if remaining:
            raise StructureError(
                _("The AU %(id)s has an unexpected element %(tag)s.") % {"id": au_id[:200], "tag": _tag(remaining[0])}
            )
        move_on = element.get("moveOn", "NotApplicable")
        if move_on not in MOVE_ON_VALUES:
            raise StructureError(
                _("The AU %(id)s has moveOn %(value)s; it must be one of %(values)s.")
                % {"id": au_id[:200], "value": move_on[:50], "values": ", ".join(MOVE_ON_VALUES)}
            )
        launch_method = element.get("launchMethod", "AnyWindow")
        if launch_method not in LAUNCH_METHODS:
            raise StructureError(
                _("The AU %(id)s has launchMethod %(value)s; it must be AnyWindow or OwnWindow.")
                % {"id": au_id[:200], "value": launch_method[:50]}
            )
        return AssignableUnit(
            id=au_id,
            title=title,
            description=description,
            url=url,
            move_on=move_on,
            mastery_score=self._mastery(element.get("masteryScore"), au_id),
            launch_method=launch_method,
            activity_type=(element.get("activityType") or "").strip()[:MAX_URL],
            launch_parameters=optional.get("launchParameters", ""),
            entitlement_key=optional.get("entitlementKey", ""),
            objectives=objectives,
            blocks=path,
        )

    def _mastery(self, raw: str | None, au_id: str) -> Decimal | None:
        if raw is None:
            return None
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
            raise StructureError(
                _("The AU %(id)s has masteryScore %(value)s; it must be a decimal from 0 to 1.")
                % {"id": au_id[:200], "value": raw[:50]}
            )
        return value

    def _url(self, url: str, au_id: str) -> str:
        bad = _("The AU %(id)s has an invalid url: %(url)s") % {"id": au_id[:200], "url": url[:200]}
        if not url or len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
            raise StructureError(bad)
        try:
            parts = urlsplit(url)
        except ValueError:
            raise StructureError(bad) from None
        for name, _value in parse_qsl(parts.query, keep_blank_values=True):
            if name in LAUNCH_PARAMETER_NAMES:
                raise StructureError(
                    _("The AU %(id)s's url already has the launch parameter %(name)s, which the LMS adds.")
                    % {"id": au_id[:200], "name": name}
                )
        if parts.scheme:
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                raise StructureError(bad)
            return url
        if self.has_file is None:
            raise StructureError(
                _("The AU %(id)s has the relative url %(url)s, but the course structure came without a package.")
                % {"id": au_id[:200], "url": url[:200]}
            )
        path = unquote(parts.path)
        if parts.netloc or path.startswith("/") or "\\" in path or ".." in path.split("/") or not path:
            raise StructureError(bad)
        if not self.has_file(path):
            raise StructureError(
                _("The AU %(id)s's url names %(path)s, which is not in the package.")
                % {"id": au_id[:200], "path": path[:200]}
            )
        return url


def is_iri(value: str) -> bool:
    """An absolute IRI of at most 255 characters: a scheme, then something, no white space or controls."""
    if len(value) > MAX_ID or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return False
    scheme, sep, rest = value.partition(":")
    return bool(sep and rest and _SCHEME.match(scheme))
