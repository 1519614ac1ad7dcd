"""SCORM packages built in memory for tests: manifests for 1.2 and 2004 (2nd, 3rd, 4th edition),
single- and multi-SCO, small SCO pages that talk to the runtime, and hostile archives.

    from tests.packages import kit
    data = kit.scorm12_package()                       # one SCO, bytes of a zip
    data = kit.scorm2004_package(kit.multi_sco(), edition=4)
    data = kit.zip_bytes({"imsmanifest.xml": kit.manifest_12([kit.Item("sco-1", "Del 1")]), "index.html": "…"})

``Item`` describes an item of the default organisation; an item with ``children`` is a section
(no resource); a leaf gets a resource of its own (``sco`` or ``asset``) whose launch file is
``href``, plus any ``files`` listed with it. ``package_files(items)`` makes a page for every launch
file so a built package is complete; tests of missing files leave some out.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

NS_CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS_ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
NS_IMSSS = "http://www.imsglobal.org/xsd/imsss"
NS_ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
NS_ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"

SCHEMA_VERSIONS_2004 = {2: "CAM 1.3", 3: "2004 3rd Edition", 4: "2004 4th Edition"}


@dataclass
class Item:
    identifier: str
    title: str
    href: str | None = "index.html"
    scorm_type: str = "sco"
    files: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    parameters: str | None = None
    visible: bool = True
    # SCORM 1.2
    mastery_score: str | None = None
    prerequisites: str | None = None
    max_time_allowed: str | None = None
    time_limit_action: str | None = None
    data_from_lms: str | None = None
    # SCORM 2004
    min_normalized_measure: str | None = None
    completion_threshold: str | None = None
    sequencing: str = ""  # raw imsss XML put inside the item (e.g. "<imsss:sequencing>…</imsss:sequencing>")

    @property
    def resource_id(self) -> str:
        return f"res-{self.identifier}"


def one_sco(title: str = "Aktiva åtgärder") -> list[Item]:
    return [Item("item-1", title, href="index.html")]


def multi_sco() -> list[Item]:
    """Two sections: the first with two SCOs, the second with one SCO and an asset."""
    return [
        Item(
            "section-1",
            "Del 1: Grunderna",
            href=None,
            children=[
                Item("sco-1", "Vad är aktiva åtgärder?", href="sco1/index.html", files=["shared/style.css"]),
                Item("sco-2", "Arbetets fyra steg", href="sco2/index.html", files=["shared/style.css"]),
            ],
        ),
        Item(
            "section-2",
            "Del 2: I praktiken",
            href=None,
            children=[
                Item("sco-3", "Ett exempel", href="sco3/index.html", files=["shared/style.css"]),
                Item("asset-1", "Läs mer", href="resources/more.html", scorm_type="asset"),
            ],
        ),
    ]


def _walk(items: Iterable[Item]) -> Iterable[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _item_12(item: Item, indent: str) -> str:
    attrs = f"identifier={quoteattr(item.identifier)}"
    if item.href is not None and not item.children:
        attrs += f" identifierref={quoteattr(item.resource_id)}"
    if item.parameters is not None:
        attrs += f" parameters={quoteattr(item.parameters)}"
    if not item.visible:
        attrs += ' isvisible="false"'
    inner = [f"{indent}  <title>{escape(item.title)}</title>"]
    for tag, value in (
        ("prerequisites", item.prerequisites),
        ("maxtimeallowed", item.max_time_allowed),
        ("timelimitaction", item.time_limit_action),
        ("datafromlms", item.data_from_lms),
        ("masteryscore", item.mastery_score),
    ):
        if value is not None:
            extra = ' type="aicc_script"' if tag == "prerequisites" else ""
            inner.append(f"{indent}  <adlcp:{tag}{extra}>{escape(value)}</adlcp:{tag}>")
    inner.extend(_item_12(child, indent + "  ") for child in item.children)
    return f"{indent}<item {attrs}>\n" + "\n".join(inner) + f"\n{indent}</item>"


def _resources(items: Iterable[Item], type_attr: str) -> str:
    out = []
    for item in _walk(items):
        if item.href is None or item.children:
            continue
        files = [item.href.split("?")[0], *item.files]
        file_lines = "".join(f"\n      <file href={quoteattr(name)}/>" for name in dict.fromkeys(files))
        out.append(
            f'    <resource identifier={quoteattr(item.resource_id)} type="webcontent" '
            f"adlcp:{type_attr}={quoteattr(item.scorm_type)} href={quoteattr(item.href)}>{file_lines}\n    </resource>"
        )
    return "\n".join(out)


def manifest_12(
    items: list[Item] | None = None,
    *,
    title: str = "Aktiva åtgärder",
    identifier: str = "se.jamlik.test.12",
    schema_version: str | None = "1.2",
    extra_resources: str = "",
    default: str | None = "org-1",
) -> str:
    items = one_sco() if items is None else items
    version = "" if schema_version is None else f"\n    <schemaversion>{escape(schema_version)}</schemaversion>"
    body = "\n".join(_item_12(item, "      ") for item in items)
    default_attr = "" if default is None else f" default={quoteattr(default)}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(identifier)} version="1.0" xmlns="{NS_CP_12}" xmlns:adlcp="{NS_ADLCP_12}"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>{version}
  </metadata>
  <organizations{default_attr}>
    <organization identifier="org-1">
      <title>{escape(title)}</title>
{body}
    </organization>
  </organizations>
  <resources>
{_resources(items, "scormtype")}
{extra_resources}
  </resources>
</manifest>
"""


def _item_2004(item: Item, indent: str) -> str:
    attrs = f"identifier={quoteattr(item.identifier)}"
    if item.href is not None and not item.children:
        attrs += f" identifierref={quoteattr(item.resource_id)}"
    if item.parameters is not None:
        attrs += f" parameters={quoteattr(item.parameters)}"
    if not item.visible:
        attrs += ' isvisible="false"'
    inner = [f"{indent}  <title>{escape(item.title)}</title>"]
    inner.extend(_item_2004(child, indent + "  ") for child in item.children)
    if item.time_limit_action is not None:
        inner.append(f"{indent}  <adlcp:timeLimitAction>{escape(item.time_limit_action)}</adlcp:timeLimitAction>")
    if item.data_from_lms is not None:
        inner.append(f"{indent}  <adlcp:dataFromLMS>{escape(item.data_from_lms)}</adlcp:dataFromLMS>")
    if item.completion_threshold is not None:
        inner.append(
            f'{indent}  <adlcp:completionThreshold completedByMeasure="true" '
            f"minProgressMeasure={quoteattr(item.completion_threshold)}/>"
        )
    if item.sequencing:
        inner.append(indent + "  " + item.sequencing)
    elif item.min_normalized_measure is not None:
        inner.append(
            f"{indent}  <imsss:sequencing><imsss:objectives>"
            f'<imsss:primaryObjective objectiveID="primary" satisfiedByMeasure="true">'
            f"<imsss:minNormalizedMeasure>{escape(item.min_normalized_measure)}</imsss:minNormalizedMeasure>"
            f"</imsss:primaryObjective></imsss:objectives></imsss:sequencing>"
        )
    return f"{indent}<item {attrs}>\n" + "\n".join(inner) + f"\n{indent}</item>"


def manifest_2004(
    items: list[Item] | None = None,
    *,
    edition: int = 4,
    title: str = "Aktiva åtgärder",
    identifier: str = "se.jamlik.test.2004",
    schema_version: str | None = None,
    organisation_sequencing: str = "",
    sequencing_collection: str = "",
    extra_resources: str = "",
    default: str | None = "org-1",
) -> str:
    items = one_sco() if items is None else items
    version = schema_version if schema_version is not None else SCHEMA_VERSIONS_2004[edition]
    body = "\n".join(_item_2004(item, "      ") for item in items)
    default_attr = "" if default is None else f" default={quoteattr(default)}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(identifier)} version="1" xmlns="{NS_CP_2004}" xmlns:adlcp="{NS_ADLCP_2004}"
          xmlns:imsss="{NS_IMSSS}" xmlns:adlseq="{NS_ADLSEQ}" xmlns:adlnav="{NS_ADLNAV}"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{escape(version)}</schemaversion>
  </metadata>
  <organizations{default_attr}>
    <organization identifier="org-1">
      <title>{escape(title)}</title>
{body}
{organisation_sequencing}
    </organization>
  </organizations>
  <resources>
{_resources(items, "scormType")}
{extra_resources}
  </resources>
{sequencing_collection}
</manifest>
"""


# --- SCO pages ---------------------------------------------------------------------------------

SCO_SCRIPT_12 = """(function () {
  function find(w) { for (var i = 0; w && i < 10; i++) { if (w.API) return w.API; if (w.parent === w) break; w = w.parent; } return null; }
  var api = find(window) || (window.opener && find(window.opener));
  var say = function (t) { document.getElementById("status").textContent = t; };
  if (!api) { say("no API"); return; }
  api.LMSInitialize("");
  say("status: " + api.LMSGetValue("cmi.core.lesson_status"));
  document.getElementById("complete").addEventListener("click", function () {
    var score = document.body.getAttribute("data-score");
    if (score) { api.LMSSetValue("cmi.core.score.raw", score); }
    api.LMSSetValue("cmi.core.lesson_status", score ? "passed" : "completed");
    api.LMSCommit(""); api.LMSFinish(""); say("done");
  });
})();
"""

SCO_SCRIPT_2004 = """(function () {
  function find(w) { for (var i = 0; w && i < 10; i++) { if (w.API_1484_11) return w.API_1484_11; if (w.parent === w) break; w = w.parent; } return null; }
  var api = find(window) || (window.opener && find(window.opener));
  var say = function (t) { document.getElementById("status").textContent = t; };
  if (!api) { say("no API"); return; }
  api.Initialize("");
  say("status: " + api.GetValue("cmi.completion_status"));
  document.getElementById("complete").addEventListener("click", function () {
    var score = document.body.getAttribute("data-score");
    if (score) { api.SetValue("cmi.score.scaled", score); api.SetValue("cmi.success_status", "passed"); }
    api.SetValue("cmi.completion_status", "completed");
    api.Commit(""); api.Terminate(""); say("done");
  });
})();
"""


def sco_page(title: str, *, script: str = "sco.js", score: str | None = None) -> str:
    """A SCO page: on load it initialises the runtime; its button completes (and scores) and finishes."""
    score_attr = "" if score is None else f" data-score={quoteattr(score)}"
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body{score_attr}><main><h1>{escape(title)}</h1><p id="status">…</p>
<button type="button" id="complete">Klar</button></main>
<script src="{escape(script)}"></script></body></html>
"""


def package_files(items: list[Item], *, scorm: str = "1.2") -> dict[str, str | bytes]:
    """A page for every launch file (and its script beside it) and every listed file."""
    files: dict[str, str | bytes] = {}
    script = SCO_SCRIPT_12 if scorm == "1.2" else SCO_SCRIPT_2004
    for item in _walk(items):
        if item.href is None or item.children:
            continue
        path = item.href.split("?")[0]
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        files[path] = sco_page(item.title)
        files[folder + "sco.js"] = script
        for name in item.files:
            files.setdefault(name, "body { font-family: sans-serif; }\n" if name.endswith(".css") else "x")
    return files


def scorm12_package(items: list[Item] | None = None, **manifest: object) -> bytes:
    items = one_sco() if items is None else items
    files = package_files(items)
    files["imsmanifest.xml"] = manifest_12(items, **manifest)  # type: ignore[arg-type]
    return zip_bytes(files)


def scorm2004_package(items: list[Item] | None = None, *, edition: int = 4, **manifest: object) -> bytes:
    items = one_sco() if items is None else items
    files = package_files(items, scorm="2004")
    files["imsmanifest.xml"] = manifest_2004(items, edition=edition, **manifest)  # type: ignore[arg-type]
    return zip_bytes(files)


# --- Archives, friendly and hostile --------------------------------------------------------------


def zip_bytes(files: dict[str, str | bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, content in files.items():
            zf.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def with_entries(data: bytes, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """``data`` (a zip) with more entries appended as given (a ``ZipInfo`` sets name, attributes and
    flags; duplicates are written as they are)."""
    buffer = io.BytesIO(data)
    buffer.seek(0, io.SEEK_END)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which is the point
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
            for info, content in entries:
                zf.writestr(info, content)
    return buffer.getvalue()


def symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info, target.encode()


def mark_encrypted(data: bytes, name: str) -> bytes:
    """Set the "encrypted" flag of ``name`` in both headers (the content is not: the flag alone
    must refuse it). ``zipfile`` clears the flag when writing, so it is set in the bytes."""
    return _patch_central(data, name, lambda out, central, local: _or_flag(out, central + 8, local + 6))


def _or_flag(out: bytearray, *offsets: int) -> None:
    for offset in offsets:
        struct.pack_into("<H", out, offset, struct.unpack_from("<H", out, offset)[0] | 0x1)


def bomb_entry(name: str, size: int) -> tuple[zipfile.ZipInfo, bytes]:
    """``size`` zero bytes, which deflate to about a thousandth of that."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, b"\0" * size


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the local and central headers give for ``name``
    (the data stays as it is): a header that understates what an entry unpacks to."""

    def patch(out: bytearray, central: int, local: int) -> None:
        struct.pack_into("<I", out, central + 24, size)
        struct.pack_into("<I", out, local + 22, size)

    return _patch_central(data, name, patch)


def _patch_central(data: bytes, name: str, patch: Callable[[bytearray, int, int], None]) -> bytes:
    """Call ``patch(bytes, central header offset, local header offset)`` for the entries named ``name``."""
    out = bytearray(data)
    encoded = name.encode()
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46 : pos + 46 + name_len]) == encoded:
            patch(out, pos, struct.unpack_from("<I", out, pos + 42)[0])
        pos += 4
    return bytes(out)
