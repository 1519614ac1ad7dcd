"""Reading cmi5.xml: the schema's shape, the specification's import rules, hostile XML."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from jamlik.packages.cmi5.structure import AssignableUnit, Block, StructureError, parse, text_in

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are matched in English (Swedish is the default language)."""
    with translation.override("en"):
        yield


def texts(name: str) -> str:
    return (
        f'<title><langstring lang="sv">{name}</langstring><langstring lang="en">{name} (en)</langstring></title>'
        f'<description><langstring lang="sv">Om {name}</langstring></description>'
    )


def au(
    id_: str = "https://example.org/au/1",
    url: str = "https://content.example.org/au1.html",
    attrs: str = "",
    inner: str = "",
) -> str:
    return f'<au id="{id_}" {attrs}>{texts("AU")}{inner}<url>{url}</url></au>'


def course(body: str, objectives: str = "", course_id: str = "https://example.org/course") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
        f'<course id="{course_id}">{texts("Kurs")}</course>{objectives}{body}</courseStructure>'
    ).encode()


def test_it_reads_a_course_with_blocks_aus_and_objectives() -> None:
    objectives = (
        '<objectives><objective id="https://example.org/obj/1">'
        '<title><langstring lang="sv">Mål</langstring></title>'
        '<description><langstring lang="sv">Målet</langstring></description></objective></objectives>'
    )
    first = au(
        "https://example.org/au/1",
        "https://content.example.org/a.html?x=1",
        'moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="OwnWindow" activityType="https://example.org/t"',
        '<objectives><objective idref="https://example.org/obj/1"/></objectives>',
    )
    body = (
        f'<block id="https://example.org/block/1">{texts("Block")}{first}</block>'
        f'<au id="https://example.org/au/2">{texts("Två")}<url>https://content.example.org/b.html</url>'
        "<launchParameters> params </launchParameters><entitlementKey>key</entitlementKey></au>"
    )
    structure = parse(course(body, objectives))

    assert structure.id == "https://example.org/course"
    assert text_in(structure.title, "sv") == "Kurs"
    assert text_in(structure.title, "en-GB") == "Kurs (en)"
    assert [o.id for o in structure.objectives] == ["https://example.org/obj/1"]
    assert isinstance(structure.children[0], Block)
    units = list(structure.units())
    assert [u.id for u in units] == ["https://example.org/au/1", "https://example.org/au/2"]
    one, two = units
    assert (one.move_on, one.mastery_score, one.launch_method) == ("CompletedAndPassed", Decimal("0.8"), "OwnWindow")
    assert one.blocks == ("https://example.org/block/1",)
    assert one.objectives == ("https://example.org/obj/1",)
    assert one.activity_type == "https://example.org/t"
    assert (two.move_on, two.mastery_score, two.launch_method) == ("NotApplicable", None, "AnyWindow")
    assert (two.launch_parameters, two.entitlement_key) == ("params", "key")
    assert [b.id for b in structure.blocks()] == ["https://example.org/block/1"]


def test_a_relative_url_is_read_inside_a_package_that_holds_the_file() -> None:
    structure = parse(course(au(url="content/index.html?lang=sv")), has_file=lambda path: path == "content/index.html")
    unit = next(structure.units())
    assert isinstance(unit, AssignableUnit)
    assert unit.is_relative
    assert unit.url == "content/index.html?lang=sv"


@pytest.mark.parametrize(
    ("xml", "has_file", "message"),
    [
        (course(au(), course_id="example.org/course"), None, "not an absolute IRI"),
        (course(au(id_="example.org/au")), None, "not an absolute IRI"),
        (course(f'<block id="nope">{texts("B")}{au()}</block>'), None, "not an absolute IRI"),
        (course(au(url="index.html")), None, "came without a package"),
        (course(au(url="/index.html")), None, "came without a package"),
        (course(au(url="missing.html")), lambda p: False, "not in the package"),
        (course(au(url="../outside.html")), lambda p: True, "invalid url"),
        (course(au(url="/abs.html")), lambda p: True, "invalid url"),
        (course(au(url="https://example.org/a.html?endpoint=x")), None, "launch parameter endpoint"),
        (course(au(url="https://example.org/a.html?activityId=x")), None, "launch parameter activityId"),
        (course(au(url="http://example.com index.html")), None, "invalid url"),
        (course(au(url="javascript:alert(1)")), None, "invalid url"),
        (course(au() + au()), None, "used twice"),
        (
            course(
                f'<block id="https://e.org/b">{texts("B")}{au()}</block><block id="https://e.org/b">{texts("B")}{au("https://e.org/a2")}</block>'
            ),
            None,
            "used twice",
        ),
        (course(au(attrs='moveOn="Sometimes"')), None, "moveOn"),
        (course(au(attrs='masteryScore="1.5"')), None, "masteryScore"),
        (course(au(attrs='masteryScore="NaN"')), None, "masteryScore"),
        (course(au(attrs='launchMethod="Popup"')), None, "launchMethod"),
        (
            course(au(inner='<objectives><objective idref="https://example.org/undeclared"/></objectives>')),
            None,
            "not declared",
        ),
        (course(""), None, "at least one au or block"),
        (course(f'<block id="https://e.org/b">{texts("B")}</block>'), None, "at least one au or block"),
        (
            course(f'<au id="https://e.org/a"><url>https://e.org/x</url>{texts("A")}</au>'),
            None,
            "must begin with a title and a description",
        ),
        (
            b'<courseStructure xmlns="urn:other"><course id="https://e.org/c"/></courseStructure>',
            None,
            "root element",
        ),
        (b"<courseStructure", None, "not well-formed"),
        (course(au(id_="https://example.org/" + "a" * 300)), None, "not an absolute IRI"),
    ],
)
def test_it_refuses_a_structure_that_breaks_a_rule(xml: bytes, has_file: object, message: str) -> None:
    with pytest.raises(StructureError, match=message):
        parse(xml, has_file=has_file)  # type: ignore[arg-type]


def test_it_refuses_entities_and_dtds() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' + course(
        au()
    ).split(b"?>", 1)[1].replace(b'<langstring lang="sv">Kurs', b'<langstring lang="sv">&lol2;')
    with pytest.raises(StructureError, match="DTD"):
        parse(bomb)
    external = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><courseStructure/>'
    with pytest.raises(StructureError, match="DTD"):
        parse(external)


def test_extensions_in_other_namespaces_are_skipped() -> None:
    xml = course(au(inner='<ext:thing xmlns:ext="urn:vendor">x</ext:thing>'))
    # An extension element between objectives and url is allowed by the schema's ##other wildcard.
    assert next(parse(xml).units()).url == "https://content.example.org/au1.html"


def test_a_thousand_aus_are_read() -> None:
    body = "".join(au(f"https://example.org/au/{n}") for n in range(1000))
    assert len(list(parse(course(body)).units())) == 1000
