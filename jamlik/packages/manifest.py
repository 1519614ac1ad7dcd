"""Reading a SCORM package's ``imsmanifest.xml`` (SCORM 1.2 and 2004 2nd, 3rd and 4th edition).

The XML is third-party input: ``defusedxml`` parses it (no DTD, no entity expansion, no external
references, no network). Content-packaging elements are matched by local name whatever the
namespace (1.2 and 2004 use different ones, and tools mix them); ``adlcp``, ``imsss`` and
``adlseq`` elements by their namespaces. What is read:

- the schema version, mapped to a ``Standard`` (``1.2``; ``CAM 1.3`` = 2004 2nd edition;
  ``2004 3rd Edition``; ``2004 4th Edition``); a missing one is inferred from the namespaces and
  noted, an unknown one refused;
- the default organisation (or the first) and its items in document order: title, visibility,
  parameters, the resource they launch; 1.2's ``adlcp:masteryscore``, ``prerequisites``,
  ``maxtimeallowed``, ``timelimitaction``, ``datafromlms``; 2004's ``adlcp:timeLimitAction``,
  ``dataFromLMS``, ``completionThreshold`` and ``imsss:sequencing`` (kept as data, with a
  referenced ``sequencingCollection`` entry merged under the item's own), of which the primary
  objective's ``minNormalizedMeasure`` is the mastery score;
- resources, their files and dependencies, with ``xml:base`` applied at every level. Every path
  must stay inside the package; ``parse`` is given the archive's file names and refuses a
  launch file or listed file that is missing.

Every refusal is a ``ManifestError`` whose messages name what is wrong and where.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from jamlik.packages.models import ItemKind, Standard

MANIFEST = "imsmanifest.xml"
MAX_ITEMS = 2_000
MAX_DEPTH = 20
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
NS_ADLCP = ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "http://www.adlnet.org/xsd/adlcp_v1p3")
NS_IMSSS = "http://www.imsglobal.org/xsd/imsss"
NS_ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
NS_ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
NS_CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"

SCHEMA_VERSIONS = {
    "1.2": Standard.SCORM_12,
    "cam 1.3": Standard.SCORM_2004_2,
    "2004 2nd edition": Standard.SCORM_2004_2,
    "2004 3rd edition": Standard.SCORM_2004_3,
    "2004 4th edition": Standard.SCORM_2004_4,
}


class ManifestError(ValueError):
    """The manifest cannot be used; ``messages`` says why, one problem each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Resource:
    identifier: str
    scorm_type: str  # "sco", "asset" or "" (not given)
    href: str  # the launch file's path in the package, "" when the resource has none
    query: str  # what followed the launch file's path (query string or fragment)
    files: tuple[str, ...]
    dependencies: tuple[str, ...]


@dataclass
class Item:
    identifier: str
    title: str
    depth: int
    parent: str | None
    kind: str
    resource_identifier: str = ""
    href: str = ""
    parameters: str = ""
    is_visible: bool = True
    mastery_score: Decimal | None = None
    min_normalized_measure: Decimal | None = None
    satisfied_by_measure: bool = False
    completion_threshold: Decimal | None = None
    prerequisites: str = ""
    max_time_allowed: str = ""
    time_limit_action: str = ""
    data_from_lms: str = ""
    sequencing: dict[str, Any] = field(default_factory=dict)


@dataclass
class Manifest:
    standard: Standard
    schema_version: str
    identifier: str
    title: str
    organisation_identifier: str
    items: list[Item]
    resources: dict[str, Resource]
    sequencing: dict[str, Any]
    notes: list[str]

    def launchable(self) -> list[Item]:
        return [item for item in self.items if item.href]

    def referenced_files(self) -> set[str]:
        """The files of every resource an item launches, with their dependencies."""
        out: set[str] = set()
        seen: set[str] = set()
        todo = [item.resource_identifier for item in self.items if item.resource_identifier]
        while todo:
            ident = todo.pop()
            if ident in seen or ident not in self.resources:
                continue
            seen.add(ident)
            resource = self.resources[ident]
            out.update(resource.files)
            if resource.href:
                out.add(resource.href)
            todo.extend(resource.dependencies)
        return out


def _local(element: Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(element: Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element: Element, name: str) -> Iterator[Element]:
    """Content-packaging children named ``name`` (in the element's own namespace or none)."""
    for child in element:
        if _local(child) == name and _ns(child) not in (*NS_ADLCP, NS_IMSSS, NS_ADLSEQ, NS_ADLNAV):
            yield child


def _child(element: Element, name: str) -> Element | None:
    return next(_children(element, name), None)


def _adlcp(element: Element, *names: str) -> Element | None:
    for child in element:
        if _ns(child) in NS_ADLCP and _local(child) in names:
            return child
    return None


def _adlcp_attr(element: Element, *names: str) -> str | None:
    for ns in NS_ADLCP:
        for name in names:
            value = element.get(f"{{{ns}}}{name}")
            if value is not None:
                return value
    return None


def _text(element: Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def _decimal(value: str, low: Decimal, high: Decimal) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and low <= number <= high else None


def as_data(element: Element) -> dict[str, Any]:
    """An element as JSON-ready data: its attributes by local name, its text as ``value``, its
    children as lists under their local name (``adlseq:`` / ``adlnav:`` kept as a prefix)."""
    data: dict[str, Any] = {}
    for key, value in element.attrib.items():
        data[key.rsplit("}", 1)[-1]] = value
    text = (element.text or "").strip()
    if text:
        data["value"] = text
    for child in element:
        prefix = {NS_ADLSEQ: "adlseq:", NS_ADLNAV: "adlnav:"}.get(_ns(child), "")
        data.setdefault(prefix + _local(child), []).append(as_data(child))
    return data


def standard_of(schema_version: str, root: Element) -> tuple[Standard, str | None]:
    """The standard for a schema version (a note when it had to be inferred); ManifestError if unknown."""
    key = " ".join(schema_version.lower().split())
    if key in SCHEMA_VERSIONS:
        return SCHEMA_VERSIONS[key], None
    if key:
        raise ManifestError(
            [
                _(
                    "The manifest's schema version “%(version)s” is not one we can play. "
                    "Supported: SCORM 1.2 and SCORM 2004 2nd, 3rd and 4th edition."
                )
                % {"version": schema_version[:100]}
            ]
        )
    namespaces = {_ns(el) for el in root.iter()}
    if _ns(root) == NS_CP_12 or NS_ADLCP[0] in namespaces:
        return Standard.SCORM_12, _("The manifest gives no schema version; its namespaces are SCORM 1.2's.")
    if NS_ADLCP[1] in namespaces or NS_IMSSS in namespaces:
        return Standard.SCORM_2004_3, _(
            "The manifest gives no schema version; its namespaces are SCORM 2004's, read as the 3rd edition."
        )
    raise ManifestError([_("The manifest gives no schema version and is not recognisable as SCORM 1.2 or 2004.")])


class _Paths:
    """Resolving ``href``s against the ``xml:base`` chain, refusing anything outside the package."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def base(self, parent: str, element: Element, where: str) -> str:
        value = element.get(XML_BASE)
        if value is None:
            return parent
        resolved = self.resolve(parent, value, where, directory=True)
        return "" if resolved is None else resolved

    def resolve(self, base: str, href: str, where: str, *, directory: bool = False) -> str | None:
        """``href`` as a path in the package (``base`` is a folder ending in "/" or ""); None if refused."""
        parts = urlsplit(href.strip())
        path = unquote(parts.path)
        if parts.scheme or parts.netloc or path.startswith("/") or "\\" in path or re.match(r"^[A-Za-z]:", path):
            self.problems.append(
                _("%(where)s points outside the package (%(href)s).") % {"where": where, "href": href[:200]}
            )
            return None
        joined = posixpath.normpath(posixpath.join(base, path)) if path else base.rstrip("/")
        if joined in ("", "."):
            return "" if directory else None
        if joined == ".." or joined.startswith("../"):
            self.problems.append(
                _("%(where)s points outside the package (%(href)s).") % {"where": where, "href": href[:200]}
            )
            return None
        return joined + "/" if directory else joined


def parse(data: bytes, *, has_file: Callable[[str], bool]) -> Manifest:
    """The manifest's content, checked against the archive (``has_file(path)``). ManifestError otherwise."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ManifestError([_("imsmanifest.xml declares a DTD or entities, which we do not read.")]) from exc
    except (ParseError, ValueError) as exc:
        raise ManifestError([_("imsmanifest.xml is not well-formed XML: %(error)s") % {"error": exc}]) from exc
    if _local(root) != "manifest":
        raise ManifestError([_("imsmanifest.xml does not hold a manifest element.")])
    problems: list[str] = []
    notes: list[str] = []
    metadata = _child(root, "metadata")
    schema_version = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    standard, note = standard_of(schema_version, root)
    if note:
        notes.append(note)
    paths = _Paths(problems)
    resources = _read_resources(root, paths)
    organisation = _default_organisation(root)
    collection = _sequencing_collection(root)
    items: list[Item] = []
    for child in _children(organisation, "item"):
        _read_item(child, None, 0, items, resources, collection, standard, problems)
    if len(items) > MAX_ITEMS:
        problems.append(_("The package has more than %(n)d items.") % {"n": MAX_ITEMS})
    if not any(item.href for item in items):
        problems.append(_("No item of the organisation launches anything."))
    seen: set[str] = set()
    for item in items:
        if item.identifier in seen:
            problems.append(_("Two items have the identifier “%(id)s”.") % {"id": item.identifier[:100]})
        seen.add(item.identifier)
    manifest = Manifest(
        standard=standard,
        schema_version=schema_version,
        identifier=(root.get("identifier") or "")[:255],
        title=_text(_child(organisation, "title"))[:500],
        organisation_identifier=(organisation.get("identifier") or "")[:255],
        items=items,
        resources=resources,
        sequencing=_organisation_sequencing(organisation, collection),
        notes=notes,
    )
    for ident, resource in resources.items():
        for dependency in resource.dependencies:
            if dependency not in resources:
                problems.append(
                    _("Resource “%(id)s” depends on “%(dep)s”, which the manifest does not have.")
                    % {"id": ident[:100], "dep": dependency[:100]}
                )
    for path in sorted(manifest.referenced_files()):
        if not has_file(path):
            problems.append(_("The manifest lists %(path)s, which is not in the package.") % {"path": path[:300]})
    if problems:
        raise ManifestError(problems)
    notes.extend(_notes(manifest))
    return manifest


def _default_organisation(root: Element) -> Element:
    organisations = _child(root, "organizations")
    found = list(_children(organisations, "organization")) if organisations is not None else []
    if not found:
        raise ManifestError([_("The manifest has no organisation (no table of contents to play).")])
    default = organisations.get("default") if organisations is not None else None
    for organisation in found:
        if default and organisation.get("identifier") == default:
            return organisation
    return found[0]


def _sequencing_collection(root: Element) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for child in root:
        if _ns(child) == NS_IMSSS and _local(child) == "sequencingCollection":
            for sequencing in child:
                if _local(sequencing) == "sequencing" and sequencing.get("ID"):
                    out[str(sequencing.get("ID"))] = as_data(sequencing)
    return out


def _sequencing_of(element: Element, collection: dict[str, dict[str, Any]]) -> dict[str, Any]:
    for child in element:
        if _ns(child) == NS_IMSSS and _local(child) == "sequencing":
            own = as_data(child)
            ref = own.pop("IDRef", None)
            if ref and ref in collection:
                merged = {k: v for k, v in collection[ref].items() if k != "ID"}
                merged.update(own)
                merged["IDRef"] = ref
                return merged
            return own
    return {}


def _organisation_sequencing(organisation: Element, collection: dict[str, dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    own = _sequencing_of(organisation, collection)
    if own:
        data["organisation"] = own
    if collection:
        data["collection"] = collection
    return data


def _read_resources(root: Element, paths: _Paths) -> dict[str, Resource]:
    base = paths.base("", root, _("The manifest's xml:base"))
    out: dict[str, Resource] = {}
    for resources in _children(root, "resources"):
        group_base = paths.base(base, resources, _("The resources' xml:base"))
        for element in _children(resources, "resource"):
            ident = element.get("identifier") or ""
            where = _("Resource “%(id)s”") % {"id": ident[:100]}
            resource_base = paths.base(group_base, element, where)
            href, query = "", ""
            raw = element.get("href")
            if raw:
                parts = urlsplit(raw.strip())
                resolved = paths.resolve(resource_base, parts._replace(query="", fragment="").geturl(), where)
                href = resolved or ""
                query = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
            files = []
            for file_element in _children(element, "file"):
                file_href = file_element.get("href") or ""
                resolved = paths.resolve(resource_base, file_href, where) if file_href else None
                if resolved:
                    files.append(resolved)
            scorm_type = (_adlcp_attr(element, "scormtype", "scormType") or "").strip().lower()
            dependencies = tuple(d.get("identifierref") or "" for d in _children(element, "dependency"))
            out[ident] = Resource(ident, scorm_type, href, query, tuple(files), dependencies)
    return out


def _read_item(
    element: Element,
    parent: str | None,
    depth: int,
    items: list[Item],
    resources: dict[str, Resource],
    collection: dict[str, dict[str, Any]],
    standard: Standard,
    problems: list[str],
) -> None:
    if depth >= MAX_DEPTH or len(items) > MAX_ITEMS:
        if depth >= MAX_DEPTH:
            problems.append(_("Items nest deeper than %(n)d levels.") % {"n": MAX_DEPTH})
        return
    ident = (element.get("identifier") or "").strip()
    where = _("Item “%(id)s”") % {"id": ident[:100]}
    if not ident:
        problems.append(_("An item has no identifier."))
    item = Item(
        identifier=ident[:255],
        title=(_text(_child(element, "title")) or ident)[:500],
        depth=depth,
        parent=parent,
        kind=ItemKind.CLUSTER,
        is_visible=(element.get("isvisible") or "true").strip().lower() != "false",
        parameters=(element.get("parameters") or "").strip()[:1000],
    )
    items.append(item)
    children = list(_children(element, "item"))
    ref = element.get("identifierref")
    if ref is not None and not children:
        resource = resources.get(ref)
        if resource is None:
            problems.append(
                _("%(where)s refers to resource “%(ref)s”, which the manifest does not have.")
                % {"where": where, "ref": ref[:100]}
            )
        elif not resource.href:
            problems.append(
                _("%(where)s refers to resource “%(ref)s”, which has no launch file.")
                % {"where": where, "ref": ref[:100]}
            )
        else:
            item.resource_identifier = ref[:255]
            item.href = resource.href
            item.kind = ItemKind.ASSET if resource.scorm_type == "asset" else ItemKind.SCO
            if resource.query:
                joined = resource.query.lstrip("?")
                if item.parameters:
                    joined = f"{joined}&{item.parameters.lstrip('?&')}" if joined else item.parameters
                item.parameters = joined[:1000]
    _read_scorm_data(element, item, standard, where, problems)
    item.sequencing = _sequencing_of(element, collection)
    _read_measure(item, where, problems)
    for child in children:
        _read_item(child, item.identifier, depth + 1, items, resources, collection, standard, problems)


def _read_scorm_data(element: Element, item: Item, standard: Standard, where: str, problems: list[str]) -> None:
    item.prerequisites = _text(_adlcp(element, "prerequisites"))[:1000]
    item.max_time_allowed = _text(_adlcp(element, "maxtimeallowed"))[:100]
    item.time_limit_action = _text(_adlcp(element, "timelimitaction", "timeLimitAction"))[:40]
    item.data_from_lms = _text(_adlcp(element, "datafromlms", "dataFromLMS"))[:4000]
    mastery = _adlcp(element, "masteryscore")
    if mastery is not None and _text(mastery):
        item.mastery_score = _decimal(_text(mastery), Decimal(0), Decimal(100))
        if item.mastery_score is None:
            problems.append(
                _("%(where)s has a mastery score “%(value)s”; it must be a number from 0 to 100.")
                % {"where": where, "value": _text(mastery)[:20]}
            )
    threshold = _adlcp(element, "completionThreshold")
    if threshold is not None:
        value = threshold.get("minProgressMeasure") or _text(threshold)
        by_measure = (threshold.get("completedByMeasure") or "").lower() == "true" or bool(_text(threshold))
        if value and by_measure:
            item.completion_threshold = _decimal(value, Decimal(0), Decimal(1))
            if item.completion_threshold is None:
                problems.append(
                    _("%(where)s has a completion threshold “%(value)s”; it must be a number from 0 to 1.")
                    % {"where": where, "value": value[:20]}
                )


def _read_measure(item: Item, where: str, problems: list[str]) -> None:
    """2004: the primary objective's minimum normalised measure, used when satisfied by measure."""
    objectives = item.sequencing.get("objectives") or []
    primary = (objectives[0].get("primaryObjective") or [None])[0] if objectives else None
    if not isinstance(primary, dict):
        return
    item.satisfied_by_measure = str(primary.get("satisfiedByMeasure", "false")).lower() == "true"
    measure = (primary.get("minNormalizedMeasure") or [{}])[0].get("value")
    if measure is None:
        if item.satisfied_by_measure:
            item.min_normalized_measure = Decimal(1)  # the schema's default
        return
    item.min_normalized_measure = _decimal(str(measure), Decimal(-1), Decimal(1))
    if item.min_normalized_measure is None:
        problems.append(
            _("%(where)s has a minimum normalised measure “%(value)s”; it must be a number from -1 to 1.")
            % {"where": where, "value": str(measure)[:20]}
        )


def _notes(manifest: Manifest) -> list[str]:
    """What the import recognised, for the package's page."""
    notes = []
    launchable = manifest.launchable()
    scos = sum(1 for item in launchable if item.kind == ItemKind.SCO)
    notes.append(
        _("%(items)d items, %(launchable)d of them launchable (%(scos)d SCOs).")
        % {"items": len(manifest.items), "launchable": len(launchable), "scos": scos}
    )
    if any(item.mastery_score is not None for item in manifest.items):
        notes.append(_("Mastery scores (SCORM 1.2): used to pass an item by its score."))
    if any(item.satisfied_by_measure for item in manifest.items):
        notes.append(_("Minimum normalised measures (SCORM 2004): used to pass an item by its score."))
    if any(item.prerequisites for item in manifest.items):
        notes.append(_("Prerequisites (SCORM 1.2): kept and passed to the runtime."))
    if any(item.sequencing for item in manifest.items) or manifest.sequencing:
        notes.append(_("Sequencing rules (SCORM 2004): kept and passed to the runtime, as far as it supports them."))
    if any(not item.is_visible for item in manifest.items):
        notes.append(_("Hidden items: not shown in the table of contents."))
    return notes
