"""The demo's two SCORM courses: imported through the importer, published for every organisation,
playable by a new user; loading again adds nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import html as lhtml

from jamlik.courses import actions as course_actions
from jamlik.courses import demo as courses_demo
from jamlik.courses.models import Audience, Course, Delivery, VersionStatus
from jamlik.packages import demo as packages_demo
from jamlik.packages import tracking
from jamlik.packages.models import ItemKind, Package
from jamlik.people import demo as people_demo
from jamlik.people.models import User
from tests.packages import scorm_schemas


@pytest.mark.django_db
def test_demo_packages_load_once_and_a_new_user_can_start_one() -> None:
    people_demo.load()
    courses_demo.load()
    lines = packages_demo.load()
    packages_demo.load()  # idempotent
    packages = list(Package.objects.select_related("version__course").order_by("standard"))
    assert len(packages) == 2 and packages[0].standard == "scorm12" and packages[1].standard.startswith("scorm2004")
    assert Course.objects.filter(versions__delivery=Delivery.SCORM).count() == 2
    for package in packages:
        version = package.version
        assert version.status == VersionStatus.PUBLISHED and version.audience == Audience.ALL_ORGANISATIONS
        assert version.language == "sv" and version.course.owner is None
        assert version.course.published_version_id == version.pk
        assert f"/kurser/{version.course.slug}/" in lines[0]
    newcomer = User.objects.get(email="omar@sater.se")  # a demo learner who has started nothing
    sco = packages[0].items.get(kind=ItemKind.SCO)
    course_actions.enrol(newcomer, packages[0].version.course)
    attempt = tracking.open_attempt(newcomer, sco)
    tracking.commit(
        newcomer,
        attempt.public_id,
        seq=1,
        terminated=False,
        cmi={"cmi.core.lesson_location": "2", "cmi.suspend_data": "111000", "cmi.core.lesson_status": "incomplete"},
    )
    assert tracking.runtime_state(tracking.open_attempt(newcomer, sco))  # resumes


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_demo_sources_are_complete_swedish_and_self_contained(standard: str) -> None:
    package = zipfile.ZipFile(io.BytesIO(packages_demo.package_zip(standard)))
    assert sorted(package.namelist()) == ["imsmanifest.xml", "index.html", "kurs.css", "kurs.js", "standard.js"]
    page = lhtml.fromstring(package.read("index.html"))
    assert page.get("lang") == "sv"
    assert len(page.xpath("//section[@class='sida']")) == 6
    for field in page.iter("input"):
        assert page.xpath(f'//label[@for="{field.get("id")}"]')
    for name in package.namelist():
        assert b"http" not in package.read(name) or name == "imsmanifest.xml"
    assert f'"{standard}"'.encode() in package.read("standard.js")
    if scorm_schemas.available():
        assert scorm_schemas.problems(package.read("imsmanifest.xml"), standard) == []
