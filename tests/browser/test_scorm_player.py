"""SCORM packages played in Debian's Chromium: the platform on ``localhost``, the content origin
on ``127.0.0.1`` (the live server's port on the other loopback name, as the demo pairs them).

Packages run to completion through the real runtime (scorm-again in the player page and in the
content origin's bridge) and the real commit endpoint; a learner resumes after closing the page;
a two-part package honours its prerequisites; a hostile package cannot reach the platform.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from playwright.sync_api import BrowserContext, FrameLocator, Page, expect

from jamlik.courses import actions as course_actions
from jamlik.courses.models import Completion, Enrolment
from jamlik.packages.attempts import Attempt
from jamlik.packages.models import Package, Standard
from jamlik.people.models import User
from tests.browser import content_origin as origin_fixtures
from tests.browser.test_accessibility import structure_problems
from tests.packages.player_kit import Sco, make_package
from tests.packages.sco_kit import hostile_sco, sco_12, sco_2004

pytestmark = pytest.mark.browser

# The platform on localhost, the content origin on 127.0.0.1 (tests/browser/content_origin.py).
content_origin = origin_fixtures.content_origin
context = origin_fixtures.context


def sco(page: Page) -> FrameLocator:
    """The SCO: framed by the runner page, which the player page frames."""
    return page.frame_locator("#package-frame").frame_locator("iframe")


def committed(page: Page, action: Callable[[], None]) -> None:
    """Do ``action`` and wait until the player's commit it causes has been answered 200.

    Waiting on the page rather than polling the database keeps the test's own queries away from
    the live server's while it commits (on SQLite they share one connection)."""
    with page.expect_response(lambda response: response.url.endswith("/commit"), timeout=30000) as answer:
        action()
    assert answer.value.status == 200, answer.value.text()


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    """Poll the database (the live server commits in its own thread) until ``condition`` holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    attempts = list(Attempt.objects.values("location", "suspend_data", "exit", "seq", "lesson_status", "terminated"))
    raise AssertionError(f"timed out waiting for {what}; attempts: {attempts}")


def enrolled(learner: User, package: Package) -> str:
    course = package.version.course
    course_actions.enrol(learner, course)
    return f"/kurser/{course.slug}/"


def test_a_scorm_12_package_runs_to_completion(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package({"index.html": sco_12("Aktiva åtgärder")}, [Sco("intro", "Aktiva åtgärder", "index.html")])
    course_page = enrolled(learner_a, package)
    sign_in(learner_a)
    page.goto(server_url + course_page)
    page.get_by_role("link", name="Öppna kursen").click()
    expect(sco(page).locator("#state")).to_contain_text("entry=ab-initio;page=1;data=;student=Lina Lärande")
    committed(page, sco(page).get_by_role("button", name="Nästa sida").click)
    assert Attempt.objects.filter(location="2", suspend_data="page=2").exists()
    sco(page).get_by_role("button", name="Klar").click()
    # The SCO ended its session: the player commits and goes back to the course's page.
    page.wait_for_url(server_url + course_page)
    wait_for(lambda: Completion.objects.filter(user=learner_a).exists(), "the completion")
    attempt = Attempt.objects.get()
    assert (attempt.lesson_status, attempt.score_raw, attempt.terminated) == ("completed", 90, True)
    assert attempt.total_time == 9000  # 1 min 30 s, in hundredths
    assert Enrolment.objects.get(user=learner_a).completed_at is not None


def test_a_value_the_data_model_refuses_gets_its_error_code_at_once_and_is_never_stored(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package({"index.html": sco_12("Del")}, [Sco("intro", "Del", "index.html")])
    enrolled(learner_a, package)
    sign_in(learner_a)
    page.goto(server_url + f"/kurser/{package.version.course.slug}/spela/")
    frame = sco(page)
    expect(frame.locator("#state")).to_contain_text("entry=ab-initio")
    frame.get_by_role("button", name="Fel värde").click()
    # SCORM 1.2: 405 incorrect data type, 403 element is read only, answered synchronously.
    expect(frame.locator("#state")).to_have_text("refused=false;error=405;readonly=false;error=403")
    committed(page, frame.get_by_role("button", name="Nästa sida").click)
    attempt = Attempt.objects.get()
    assert attempt.score_raw is None and "cmi.core.student_name" not in attempt.data


def test_a_learner_resumes_where_they_left_off_after_closing_the_page(
    context: BrowserContext, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package({"index.html": sco_12("Del")}, [Sco("intro", "Del", "index.html")])
    enrolled(learner_a, package)
    sign_in(learner_a)
    player = server_url + f"/kurser/{package.version.course.slug}/spela/"
    first = context.new_page()
    first.goto(player)
    expect(sco(first).locator("#state")).to_contain_text("entry=ab-initio;page=1")
    committed(first, sco(first).get_by_role("button", name="Nästa sida").click)
    committed(first, sco(first).get_by_role("button", name="Nästa sida").click)
    assert Attempt.objects.filter(location="3").exists()
    first.close()

    again = context.new_page()
    again.goto(player)
    expect(sco(again).locator("#state")).to_contain_text("entry=resume;page=3;data=page=3")
    assert Attempt.objects.count() == 1


def test_exit_saves_and_returns_to_the_course(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package({"index.html": sco_12("Del")}, [Sco("intro", "Del", "index.html")])
    course_page = enrolled(learner_a, package)
    sign_in(learner_a)
    page.goto(server_url + f"/kurser/{package.version.course.slug}/spela/")
    committed(page, sco(page).get_by_role("button", name="Nästa sida").click)
    page.get_by_role("link", name="Avsluta och spara").click()
    page.wait_for_url(server_url + course_page)
    wait_for(lambda: Attempt.objects.filter(location="2", exit="suspend").exists(), "the saved place")


def test_a_two_part_package_opens_the_second_part_after_the_first(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package(
        {"one/index.html": sco_12("Del ett"), "two/index.html": sco_12("Del två", mastery=True)},
        [Sco("one", "Del ett", "one/index.html"), Sco("two", "Del två", "two/index.html", prerequisites="one")],
    )
    course_page = enrolled(learner_a, package)
    sign_in(learner_a)
    page.goto(server_url + f"/kurser/{package.version.course.slug}/spela/")
    toc = page.get_by_role("navigation", name="Innehåll")
    expect(toc.get_by_role("link")).to_have_count(1)  # part two waits for part one
    expect(toc).to_contain_text("Del två")
    expect(sco(page).locator("h1")).to_have_text("Del ett")
    sco(page).get_by_role("button", name="Klar").click()
    # Completed: the player goes on to the next part.
    expect(page.locator("h1")).to_have_text("Del två")
    expect(sco(page).locator("h1")).to_have_text("Del två")
    expect(toc.get_by_role("link")).to_have_count(2)
    assert not Completion.objects.exists()
    sco(page).get_by_role("button", name="Klar").click()
    page.wait_for_url(server_url + course_page)
    wait_for(lambda: Completion.objects.filter(user=learner_a).exists(), "the completion")


def test_a_scorm_2004_package_runs_to_completion(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package(
        {"index.html": sco_2004("Diskrimineringslagen")},
        [Sco("law", "Diskrimineringslagen", "index.html")],
        standard=Standard.SCORM_2004_4,
    )
    course_page = enrolled(learner_a, package)
    sign_in(learner_a)
    page.goto(server_url + f"/kurser/{package.version.course.slug}/spela/")
    expect(sco(page).locator("#state")).to_have_text("entry=ab-initio;mode=normal")
    sco(page).get_by_role("button", name="Klar").click()
    page.wait_for_url(server_url + course_page)
    wait_for(lambda: Completion.objects.filter(user=learner_a).exists(), "the completion")
    attempt = Attempt.objects.get()
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")


def test_a_hostile_package_cannot_reach_the_platform_or_the_learners_session(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package({"index.html": hostile_sco(server_url)}, [Sco("evil", "Fientlig", "index.html")])
    enrolled(learner_a, package)
    sign_in(learner_a)
    player = server_url + f"/kurser/{package.version.course.slug}/spela/"
    page.goto(player)
    results_text = sco(page).locator("#results")
    expect(results_text).to_contain_text('"fetch"', timeout=15000)
    results = json.loads(results_text.text_content() or "{}")
    session = next(c for c in page.context.cookies(server_url) if c["name"] == django_settings.SESSION_COOKIE_NAME)
    # The package's script saw failures, each one:
    # No cookie at all in the content origin (the platform's csrftoken, readable by script there,
    # and its session are cookies of another host).
    assert results["cookie"] == "" and session["value"] not in json.dumps(results), results
    assert results["topDocument"].startswith("refused: SecurityError"), results
    assert results["playerDocument"].startswith("refused: SecurityError"), results
    assert results["fetch"].startswith("refused: TypeError"), results  # blocked: connect-src, and another site
    assert results["syncRequest"].startswith("refused: NetworkError"), results
    assert results["topNavigation"].startswith("refused: SecurityError"), results  # the frame is sandboxed
    assert page.url == player
    assert page.context.cookies(content_origin) == []  # nothing ever set one there
    # And the learner's page is still theirs, signed in.
    expect(page.locator("h1")).to_have_text("Fientlig")


def test_the_player_page_is_accessible(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    package = make_package(
        {"one.html": sco_12("Del ett"), "two.html": sco_12("Del två")},
        [Sco("one", "Del ett", "one.html"), Sco("two", "Del två", "two.html")],
    )
    enrolled(learner_a, package)
    sign_in(learner_a)
    failures = []
    for language in ("sv", "en"):
        page.context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server_url}])
        page.goto(server_url + f"/kurser/{package.version.course.slug}/spela/")
        expect(sco(page).locator("h1")).to_have_text("Del ett")
        problems = structure_problems(page, language)
        results = Axe().run(page)
        if results.violations_count:
            problems.append(results.generate_report())
        if problems:
            failures.append(f"In {language}:\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures)


def test_the_player_fits_a_phone_and_offers_full_screen(
    browser: Any, server_url: str, content_origin: str, learner_a: User
) -> None:
    package = make_package({"index.html": sco_12("Del")}, [Sco("intro", "Del", "index.html")])
    enrolled(learner_a, package)
    from django.test import Client

    client = Client()
    client.force_login(learner_a)
    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="sv-SE", is_mobile=True)
    try:
        phone.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith((server_url + "/", content_origin + "/"))
                else route.abort()
            ),
        )
        phone.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": server_url,
                }
            ]
        )
        page = phone.new_page()
        page.goto(server_url + f"/kurser/{package.version.course.slug}/spela/")
        expect(sco(page).locator("#state")).to_contain_text("entry=ab-initio")
        frame_box = page.locator("#package-frame").bounding_box()
        assert frame_box is not None
        assert frame_box["width"] >= 340 and frame_box["x"] >= -1
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        button = page.get_by_role("button", name="Helskärm")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        stage = page.locator("#player-stage").bounding_box()
        assert stage is not None and stage["width"] == 360 and stage["height"] == 640
    finally:
        phone.close()


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_the_demo_course_plays_to_a_completion_and_resumes_on_its_knowledge_check(
    page: Page,
    server_url: str,
    content_origin: str,
    sign_in: Callable[[User], None],
    learner_a: User,
    programme_manager: User,
    standard: str,
) -> None:
    """The demo's own package (jamlik/packages/demo_packages), as a new user meets it: six pages,
    away and back, then the check answered right; the enrolment completes by the native path."""
    import io

    from jamlik.courses.versions import publish_version
    from jamlik.packages.actions import import_package
    from jamlik.packages.demo import package_zip

    version = import_package(programme_manager, io.BytesIO(package_zip(standard)), filename=f"{standard}.zip")
    publish_version(programme_manager, version)
    course_page = enrolled(learner_a, Package.objects.get(version=version))
    sign_in(learner_a)
    page.goto(server_url + course_page)
    page.get_by_role("link", name="Öppna kursen").click()
    frame = sco(page)
    expect(frame.get_by_role("heading", name="1. Vad är aktiva åtgärder?")).to_be_visible()
    for _ in range(3):
        frame.get_by_role("button", name="Nästa").click()
    page.get_by_role("link", name="Avsluta och spara").click()
    page.wait_for_url(server_url + course_page)
    wait_for(lambda: Attempt.objects.filter(enrolment__user=learner_a, location="3").exists(), "the saved place")

    page.get_by_role("link", name="Öppna kursen").click()
    frame = sco(page)
    expect(frame.get_by_role("heading", name="4. Lönekartläggning varje år")).to_be_visible()
    expect(frame.locator("#status")).to_contain_text("Välkommen tillbaka")
    for _ in range(2):
        frame.get_by_role("button", name="Nästa").click()
    for answer in ("Undersöka", "Varje år", "Rekrytering och befordran"):
        frame.get_by_label(answer, exact=True).check()
    frame.get_by_role("button", name="Rätta mina svar").click()
    expect(frame.locator("#status")).to_contain_text("Kursen är klar och godkänd.")
    page.get_by_role("link", name="Avsluta och spara").click()
    page.wait_for_url(server_url + course_page)
    wait_for(lambda: Completion.objects.filter(user=learner_a, version=version).exists(), "the completion")
    attempt = Attempt.objects.filter(enrolment__user=learner_a).order_by("-id").first()
    assert attempt is not None and attempt.score_raw == 100
