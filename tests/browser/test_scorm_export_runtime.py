"""The exported course's runtime in Chromium, under a small stand-in LMS: it finds the API through
its parents, reports incomplete, then failed and passed by the pass mark with the score once every
page is seen, and resumes at the stored location with the stored answers. Both standards.

The stand-in (``harness.html``) records what the SCO sets; every request is answered from the zip
by Playwright's routing, so nothing is served or fetched from anywhere else."""

from __future__ import annotations

import io
import json
import mimetypes
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, Route

from jamlik.courses.models import Course
from jamlik.packages.export import export_version
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import use_tmp_media
from tests.packages.export_kit import every_kind_course

pytestmark = pytest.mark.browser
ORIGIN = "http://sco.test/"

HARNESS = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>LMS</title></head><body>
<script>
window.cmi = JSON.parse(sessionStorage.getItem("cmi") || "{}");
window.calls = [];
function keep() { sessionStorage.setItem("cmi", JSON.stringify(window.cmi)); }
function api(names) {
  var a = {};
  a[names[0]] = function () { calls.push("init"); return "true"; };
  a[names[1]] = function (k) { return k in cmi ? cmi[k] : ""; };
  a[names[2]] = function (k, v) { cmi[k] = String(v); return "true"; };
  a[names[3]] = function () { calls.push("commit"); keep(); return "true"; };
  a[names[4]] = function () { calls.push("finish"); keep(); return "true"; };
  a[names[5]] = function () { return "0"; };
  return a;
}
window.API = api(["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish", "LMSGetLastError"]);
window.API_1484_11 = api(["Initialize", "GetValue", "SetValue", "Commit", "Terminate", "GetLastError"]);
</script>
<iframe id="sco" title="SCO" src="index.html" style="width:1000px;height:900px"></iframe>
</body></html>"""

ELEMENTS = {
    "scorm12": {
        "status": "cmi.core.lesson_status",
        "raw": "cmi.core.score.raw",
        "location": "cmi.core.lesson_location",
        "exit": "cmi.core.exit",
    },
    "scorm2004": {
        "status": "cmi.success_status",
        "raw": "cmi.score.raw",
        "location": "cmi.location",
        "exit": "cmi.exit",
    },
}


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Path:
    return use_tmp_media(settings, tmp_path)


def served(browser: Browser, package: zipfile.ZipFile) -> Page:
    context = browser.new_context()

    def answer(route: Route) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN):
            route.abort()
            return
        name = url[len(ORIGIN) :].split("?")[0]
        if name == "harness.html":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=HARNESS)
        elif name in package.namelist():
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            route.fulfill(status=200, content_type=kind, body=package.read(name))
        else:
            route.fulfill(status=404, body="")

    context.route("**/*", answer)
    return context.new_page()


def value(page: Page, element: str) -> Any:
    return page.evaluate("(k) => window.cmi[k]", element)


def wait_for(page: Page, element: str, expected: str) -> None:
    page.wait_for_function("([k, v]) => window.cmi[k] === v", arg=[element, expected], timeout=15_000)


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_runtime_reports_failed_then_passed_and_resumes(
    browser: Browser, org_a: Organisation, coordinator_a: User, standard: str
) -> None:
    course: Course = every_kind_course(coordinator_a, org_a)
    version = course.published_version
    assert version is not None
    target = io.BytesIO()
    export_version(version, standard, target)
    package = zipfile.ZipFile(io.BytesIO(target.getvalue()))
    el = ELEMENTS[standard]
    page = served(browser, package)
    page.goto(ORIGIN + "harness.html")
    sco: FrameLocator = page.frame_locator("#sco")
    lesson = sco.frame_locator("#lesson-frame")
    wait_for(page, el["location"], "0")
    assert value(page, "cmi.core.lesson_status" if standard == "scorm12" else "cmi.completion_status") == "incomplete"
    assert value(page, el["raw"]) is None  # no score before every page is seen
    sco.locator("#sco-next").click()
    wait_for(page, el["location"], "1")
    lesson.locator("label", has_text="A wrong one").click()
    lesson.get_by_role("button", name="Kontrollera mitt svar").click()
    lesson.locator(".check-feedback", has_text="Inte riktigt").wait_for()
    sco.locator("#sco-next").click()
    wait_for(page, el["location"], "2")
    lesson.locator("label", has_text="A wrong one").click()
    lesson.get_by_role("button", name="Kontrollera mitt svar").click()
    wait_for(page, el["status"], "failed")  # every page seen, 0 of 2 right, pass mark 50
    assert value(page, el["raw"]) == "0" and value(page, el["exit"]) == "suspend"
    sco.locator("a[data-page='1']").click()
    wait_for(page, el["location"], "1")
    lesson.locator("label", has_text="A wrong one").click()
    lesson.locator("label", has_text="The right one").click()
    lesson.get_by_role("button", name="Kontrollera mitt svar").click()
    wait_for(page, el["status"], "passed")
    assert value(page, el["raw"]) == "50"
    assert value(page, "cmi.core.score.max" if standard == "scorm12" else "cmi.score.max") == "100"
    assert value(page, "cmi.suspend_data") == "111|0:c:a,1:w:b"
    assert sco.locator("#sco-status").inner_text().startswith("Du har sett alla sidor")
    page.goto("about:blank")  # leaving: the session ends
    page.goto(ORIGIN + "harness.html")  # the same tab: the stand-in keeps cmi in sessionStorage
    wait_for(page, el["status"], "passed")
    page.wait_for_function("() => window.calls.includes('init')")
    lesson = page.frame_locator("#sco").frame_locator("#lesson-frame")
    lesson.locator("h1", has_text="De sju grunderna").wait_for()  # resumed at the stored location
    assert lesson.locator("input[value='a']").is_checked()  # and the stored answer
    stored = json.loads(page.evaluate("() => sessionStorage.getItem('cmi')"))
    assert stored["cmi.suspend_data"] == "111|0:c:a,1:w:b"


AXE_PAGES = ["index.html", "pages/001.html", "pages/002.html", "pages/003.html"]


def test_exported_and_demo_pages_pass_axe(browser: Browser, org_a: Organisation, coordinator_a: User) -> None:
    """Each page of an exported course (both languages) and the demo package's page, opened as they are."""
    from axe_playwright_python.sync_playwright import Axe

    from jamlik.packages import demo

    axe = Axe()
    failures: list[str] = []
    for language, slug in (("sv", "bemotande"), ("en", "treatment")):
        course = every_kind_course(coordinator_a, org_a, language=language, slug=slug)
        assert course.published_version is not None
        target = io.BytesIO()
        export_version(course.published_version, "scorm12", target)
        package = zipfile.ZipFile(io.BytesIO(target.getvalue()))
        page = served(browser, package)
        for name in AXE_PAGES:
            page.goto(ORIGIN + name)
            results = axe.run(page)
            if results.violations_count:
                failures.append(f"{language} {name}:\n{results.generate_report()}")
    page = served(browser, zipfile.ZipFile(io.BytesIO(demo.package_zip("scorm2004"))))
    page.goto(ORIGIN + "index.html")
    results = axe.run(page)
    if results.violations_count:
        failures.append(f"demo index.html:\n{results.generate_report()}")
    assert not failures, "\n\n".join(failures)
