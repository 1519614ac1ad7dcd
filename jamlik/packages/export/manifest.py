"""``imsmanifest.xml`` for an exported course: SCORM 1.2 or SCORM 2004 4th edition.

One organisation with one item and one SCO (the launch page, ``index.html``) for the whole
course: Jämlik's completion rule is about the whole course (every page seen and the pass mark
over all knowledge checks), and one SCO reports it exactly, whereas several SCOs would leave
the course's status to each LMS's roll-up (undefined in 1.2, sequencing rules in 2004).
The pass mark is the 1.2 item's ``adlcp:masteryscore`` and the 2004 primary objective's
``minNormalizedMeasure``. No ``xsi:schemaLocation``: the package does not carry the ADL
schema files, and a location naming absent files helps nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

SCORM12 = "scorm12"
SCORM2004 = "scorm2004"
STANDARDS = (SCORM12, SCORM2004)

NS12: dict[str | None, str] = {
    None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
NS2004: dict[str | None, str] = {
    None: "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
LAUNCH = "index.html"
# Characters XML 1.0 cannot carry at all; a title with one keeps the rest.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ManifestInfo:
    identifier: str
    title: str
    pass_mark: int  # per cent
    scored: bool  # has knowledge checks: the pass mark applies


@dataclass
class _Node:
    """An element written with its prefix as it stands (``adlcp:masteryscore``): the manifest is
    small and only written, never parsed here."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    children: list[_Node] = field(default_factory=list)

    def add(self, tag: str, text: str | None = None, **attrs: str) -> _Node:
        child = _Node(tag, {k.replace("__", ":"): v for k, v in attrs.items()}, text)
        self.children.append(child)
        return child

    def write(self, out: list[str], depth: int = 0) -> None:
        pad = "  " * depth
        attrs = "".join(f" {name}={quoteattr(value)}" for name, value in self.attrs.items())
        if self.text is not None:
            out.append(f"{pad}<{self.tag}{attrs}>{escape(NOT_XML.sub('', self.text))}</{self.tag}>")
        elif not self.children:
            out.append(f"{pad}<{self.tag}{attrs}/>")
        else:
            out.append(f"{pad}<{self.tag}{attrs}>")
            for child in self.children:
                child.write(out, depth + 1)
            out.append(f"{pad}</{self.tag}>")


def build_manifest(standard: str, info: ManifestInfo, files: Iterable[str]) -> bytes:
    """The manifest naming every file of the package (``files``: paths inside the zip)."""
    if standard not in STANDARDS:
        raise ValueError(standard)
    nsmap = NS12 if standard == SCORM12 else NS2004
    root = _Node("manifest", {"identifier": info.identifier, "version": "1"})
    for prefix, uri in nsmap.items():
        root.attrs[f"xmlns:{prefix}" if prefix else "xmlns"] = uri
    metadata = root.add("metadata")
    metadata.add("schema", "ADL SCORM")
    metadata.add("schemaversion", "1.2" if standard == SCORM12 else "2004 4th Edition")
    organization = root.add("organizations", default="course").add("organization", identifier="course")
    organization.add("title", info.title)
    item = organization.add("item", identifier="course-item", identifierref="sco", isvisible="true")
    item.add("title", info.title)
    if info.scored and standard == SCORM12:
        item.add("adlcp:masteryscore", str(info.pass_mark))
    elif info.scored:
        primary = (
            item.add("imsss:sequencing")
            .add("imsss:objectives")
            .add("imsss:primaryObjective", objectiveID="pass-mark", satisfiedByMeasure="true")
        )
        primary.add("imsss:minNormalizedMeasure", f"{info.pass_mark / 100:.2f}")
    resource = root.add("resources").add("resource", identifier="sco", type="webcontent", href=LAUNCH)
    resource.attrs["adlcp:scormtype" if standard == SCORM12 else "adlcp:scormType"] = "sco"
    for name in files:
        resource.add("file", href=name)
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    root.write(out)
    return ("\n".join(out) + "\n").encode()
