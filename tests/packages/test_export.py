"""Exporting a course version as SCORM 1.2 and 2004: the pages of every block kind, the manifest
against ADL's schemas, nothing loaded from outside, nobody's answers inside; the page, the command
and the API, for the course's authors only."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lhtml

from jamlik.courses import actions
from jamlik.courses.models import Block, Course, CourseVersion, ReflectionAnswer
from jamlik.courses.versions import create_course
from jamlik.packages.export.manifest import ManifestInfo, build_manifest
from jamlik.people.models import Organisation, User
from tests.api_kit import bearer
from tests.courses.authoring_kit import use_tmp_media
from tests.packages import scorm_schemas
from tests.packages.export_kit import EVERY_KIND, every_kind_course, export_zip

CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
CP2004 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ADLCP12 = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Path:
    return use_tmp_media(settings, tmp_path)


@pytest.fixture
def course(org_a: Organisation, coordinator_a: User) -> Course:
    return every_kind_course(coordinator_a, org_a)


def version_of(course: Course) -> CourseVersion:
    version = course.published_version
    assert version is not None
    version.course = course
    return version


def pages(package: zipfile.ZipFile) -> dict[str, str]:
    return {n: package.read(n).decode() for n in package.namelist() if n.endswith(".html")}


def test_every_block_kind_becomes_accessible_html(course: Course) -> None:
    assert {b.kind for b in Block.objects.filter(lesson__version=course.published_version)} == EVERY_KIND
    package = export_zip(version_of(course))
    html = pages(package)
    assert sorted(html) == ["index.html", "pages/001.html", "pages/002.html", "pages/003.html"]
    for name, text in html.items():
        doc = lhtml.fromstring(text)
        assert doc.get("lang") == "sv", name
        assert len(doc.findall(".//h1")) == 1, name
        for field in doc.iter("input"):  # every answer option has its label
            assert doc.xpath(f'//label[@for="{field.get("id")}"]'), (name, field.get("id"))
    first = lhtml.fromstring(html["pages/001.html"])
    assert first.findtext(".//h1") == "Vad är bemötande?"
    assert first.xpath("//section[contains(@class,'block-text')]//h2/text()") == ["Respekt"]
    assert first.xpath("//img/@alt") == ["En disk"]
    track = first.xpath("//video/track")[0]
    assert (track.get("kind"), track.get("srclang"), track.get("label")) == ("captions", "sv", "Svenska")
    assert package.read(posixpath.normpath(posixpath.join("pages", track.get("src")))).startswith(b"WEBVTT")
    assert first.xpath("//audio/@src") and "Ljudet." in html["pages/001.html"]
    assert "Hej och välkommen." in html["pages/001.html"]  # the transcript
    second = lhtml.fromstring(html["pages/002.html"])
    check = second.xpath("//section[contains(@class,'block-check')]")[0]
    assert (check.get("data-check"), check.get("data-correct")) == ("0", "a")
    assert second.xpath("//input[@type='radio']") and not second.xpath("//textarea")
    assert "Vad tar du med dig?" in html["pages/002.html"]  # the reflection, as its question only
    third = lhtml.fromstring(html["pages/003.html"])
    assert third.xpath("//section[contains(@class,'block-check')]/@data-correct") == ["a c"]
    assert third.xpath("//section[contains(@class,'block-scenario')]//input[@type='radio']")
    shell = lhtml.fromstring(html["index.html"])
    assert shell.xpath("//nav//a/@href") == ["pages/001.html", "pages/002.html", "pages/003.html"]
    assert shell.xpath("//iframe/@title") == ["Lektion"]
    assert '"passMark": 50' in html["index.html"] and '"checks": 2' in html["index.html"]


def test_an_english_version_is_exported_in_english(org_a: Organisation, coordinator_a: User) -> None:
    course = every_kind_course(coordinator_a, org_a, language="en", slug="treatment")
    html = pages(export_zip(version_of(course), "scorm2004"))
    assert all('<html lang="en">' in text for text in html.values())
    assert "Check your knowledge" in html["pages/002.html"] and "Kontrollera" not in html["pages/002.html"]
    assert 'label="English"' in html["pages/001.html"]
    assert '"standard": "scorm2004"' in html["index.html"]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_manifest_names_every_file_and_the_pass_mark(course: Course, standard: str) -> None:
    package = export_zip(version_of(course), standard)
    cp = CP12 if standard == "scorm12" else CP2004
    root = etree.fromstring(package.read("imsmanifest.xml"))
    assert root.tag == f"{cp}manifest"
    assert root.findtext(f"{cp}metadata/{cp}schemaversion") == ("1.2" if standard == "scorm12" else "2004 4th Edition")
    items = root.findall(f".//{cp}item")
    resources = root.findall(f".//{cp}resource")
    assert len(items) == 1 and len(resources) == 1  # one SCO for the course
    assert items[0].get("identifierref") == resources[0].get("identifier")
    assert resources[0].get("href") == "index.html"
    listed = {f.get("href") for f in resources[0].findall(f"{cp}file")}
    assert listed == set(package.namelist()) - {"imsmanifest.xml"}
    assert len(listed) == 4 + 2 + 4  # pages and the launch page, runtime and style, four media files
    if standard == "scorm12":
        assert resources[0].get(f"{ADLCP12}scormtype") == "sco"
        assert items[0].findtext(f"{ADLCP12}masteryscore") == "50"
    else:
        assert resources[0].get("{http://www.adlnet.org/xsd/adlcp_v1p3}scormType") == "sco"
        ss = "{http://www.imsglobal.org/xsd/imsss}"
        assert root.findtext(f".//{ss}primaryObjective/{ss}minNormalizedMeasure") == "0.50"


needs_schemas = pytest.mark.skipif(not scorm_schemas.available(), reason="npm ci --prefix tests/js not run")


@needs_schemas
@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_manifest_is_valid_by_adl_schemas(course: Course, standard: str) -> None:
    manifest = export_zip(version_of(course), standard).read("imsmanifest.xml")
    assert scorm_schemas.problems(manifest, standard) == []


@needs_schemas
def test_the_schemas_do_find_a_broken_manifest() -> None:
    """The check above can fail: an item without a title, a resource without its type."""
    good = build_manifest("scorm12", ManifestInfo("m", "Titel", 80, True), ["index.html"])
    assert scorm_schemas.problems(good, "scorm12") == []
    broken = good.replace(b"<title>Titel</title>", b"", 1).replace(b' type="webcontent"', b"")
    assert scorm_schemas.problems(broken, "scorm12")
    unnamed = build_manifest("scorm2004", ManifestInfo("m", "T", 80, True), ["index.html"])
    assert scorm_schemas.problems(unnamed, "scorm2004") == []
    assert scorm_schemas.problems(unnamed.replace(b' identifier="sco"', b""), "scorm2004")


RESOURCE_ATTRIBUTES = {"img": "src", "video": "src", "audio": "src", "track": "src", "source": "src", "script": "src"}


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_nothing_is_loaded_from_outside_the_package(course: Course, standard: str) -> None:
    """Every file the pages load is a relative path to a file in the zip; the only outside address
    is the author's Markdown link, a link the learner may follow."""
    package = export_zip(version_of(course), standard)
    names = set(package.namelist())
    outside: list[str] = []
    for name in names:
        text = package.read(name).decode("utf-8", errors="replace")
        if name.endswith(".html"):
            doc = lhtml.fromstring(text)
            for element in doc.iter():
                refs = [element.get(a) for a in ("src", "srcset", "poster", "data", "background")]
                refs += [element.get("href")] if element.tag in ("link", "base", "iframe") else []
                for ref in filter(None, refs):
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), ref))
                    if "://" in ref or ref.startswith("//") or target not in names:
                        outside.append(f"{name}: <{element.tag}> {ref}")
            links = [a.get("href") for a in doc.iter("a") if "://" in (a.get("href") or "")]
            assert links in ([], ["https://example.org/lag"]), name
            text = text.replace("https://example.org/lag", "")
        addresses = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", text)
        if name == "imsmanifest.xml":  # the XML namespaces are names, never fetched
            addresses = [
                a
                for a in addresses
                if a not in ("http://www.imsproject.org", "http://www.adlnet.org", "http://www.imsglobal.org")
            ]
        outside += [f"{name}: {a}" for a in addresses]
        if name.endswith(".css"):
            assert "url(" not in text and "@import" not in text and "@font-face" not in text
    assert outside == []


def test_nobodys_answers_are_in_the_package(course: Course, learner_a: User) -> None:
    """Reflections are private to the learner; the export reads no learner's data at all."""
    enrolment = actions.enrol(learner_a, course)
    reflection = Block.objects.get(lesson__version=enrolment.version, kind="reflection")
    ReflectionAnswer.objects.create(enrolment=enrolment, block=reflection, text="Mitt hemliga svar 4711")
    check = Block.objects.filter(lesson__version=enrolment.version, kind="knowledge_check").first()
    assert check is not None
    actions.answer_check(learner_a, check, ["b"])
    for standard in ("scorm12", "scorm2004"):
        package = export_zip(version_of(course), standard)
        everything = b"".join(package.read(n) for n in package.namelist())
        assert b"4711" not in everything and b"lina@sater.se" not in everything


def test_the_course_page_offers_both_downloads_to_its_authors(
    course: Course, as_coordinator_a: Client, as_coordinator_b: Client, as_learner_a: Client
) -> None:
    page = as_coordinator_a.get(reverse("courses:authoring:course", args=[course.public_id]))
    url = reverse("packages:export_scorm", args=[course.public_id, 1, "scorm2004"])
    assert url in page.content.decode()
    answer = as_coordinator_a.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    assert 'filename="bemotande-v1-scorm2004.zip"' in answer["Content-Disposition"]
    package = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))  # type: ignore[attr-defined]
    assert "imsmanifest.xml" in package.namelist()
    assert as_coordinator_b.get(url).status_code == 404  # another organisation's course
    assert as_learner_a.get(url).status_code == 404
    assert (
        as_coordinator_a.get(reverse("packages:export_scorm", args=[course.public_id, 9, "scorm12"])).status_code == 404
    )
    assert as_coordinator_a.get(reverse("packages:export_scorm", args=[course.public_id, 1, "aicc"])).status_code == 404


def test_command_writes_the_package(course: Course, tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    out = io.StringIO()
    call_command(
        "export_scorm", "bemotande", "--version", "1", "--standard", "scorm2004", "-o", str(target), stdout=out
    )
    assert "3 pages, 2 knowledge checks" in out.getvalue()
    assert b"2004 4th Edition" in zipfile.ZipFile(target).read("imsmanifest.xml")
    call_command("export_scorm", str(course.public_id), "-o", str(target), stdout=io.StringIO())  # published, 1.2
    assert b"<schemaversion>1.2</schemaversion>" in zipfile.ZipFile(target).read("imsmanifest.xml")
    with pytest.raises(CommandError, match="no version 7"):
        call_command("export_scorm", "bemotande", "--version", "7", "-o", str(target))
    with pytest.raises(CommandError, match="No course"):
        call_command("export_scorm", "nothing-here", "-o", str(target))


def test_api_answers_the_zip_to_authors_only(course: Course, coordinator_a: User, coordinator_b: User) -> None:
    version = version_of(course)
    url = f"/api/v1/courses/{course.public_id}/versions/{version.public_id}/scorm"
    answer = Client().get(url + "?standard=scorm2004", **bearer(coordinator_a))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))  # type: ignore[attr-defined]
    assert b"2004 4th Edition" in package.read("imsmanifest.xml")
    by_number = Client().get("/api/v1/courses/bemotande/versions/1/scorm", **bearer(coordinator_a))
    assert by_number.status_code == 200
    assert 'filename="bemotande-v1-scorm12.zip"' in by_number["Content-Disposition"]
    assert Client().get(url, **bearer(coordinator_b)).status_code == 404
    assert Client().get(url, **bearer(None)).status_code == 401
    assert Client().get("/api/v1/courses/bemotande/versions/2/scorm", **bearer(coordinator_a)).status_code == 404
    assert Client().get("/api/v1/courses/bemotande/versions/x1/scorm", **bearer(coordinator_a)).status_code == 404
    bad = Client().get(url + "?standard=aicc", **bearer(coordinator_a))
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"


def test_a_version_without_lessons_is_refused_with_a_reason(org_a: Organisation, coordinator_a: User) -> None:
    course = create_course(coordinator_a, slug="tom", title="Tom", owner=org_a)
    answer = Client().get("/api/v1/courses/tom/versions/1/scorm", **bearer(coordinator_a))
    assert answer.status_code == 409
    assert "no lessons" in str(answer.json()), answer.json()
    assert course.versions.get().published_at is None and timezone.now()
