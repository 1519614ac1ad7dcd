"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

- One Chromium for the whole run (pytest-playwright's session-scoped ``browser``), a fresh
  context per test. Chromium is never downloaded: ``CHROMIUM_PATH`` (default
  ``/usr/bin/chromium``) is used, and without it the tests skip, or fail when
  ``JAMLIK_REQUIRE_BROWSER=1``.
- Nothing leaves the machine: every request to another origin than the live server is aborted.
- ``sign_in(user)`` puts a real session cookie into the browser; ``use_language("en")`` sets
  the language cookie Django reads.
- ``cast`` is the named cast of ``tests/conftest.py`` with organisation A filled in, and
  ``visit(check, language)`` opens a page from ``pages.PAGES`` as its viewer.
- The live server shares the test database, so tests use ``transactional_db``: what a test
  creates is committed, and the tables are emptied afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, Route

from jamlik.people.models import Membership, Organisation, User
from tests.browser.pages import Cast, Check, Visit, populate

# Sync Playwright runs an event loop in the test thread; Django would otherwise refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    # Without these Chromium keeps trying to reach Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    # Phones overlay their scrollbars; a classic scrollbar would take ~15 px of the 320 px the
    # reflow check measures, and only on pages that happen to be taller than the window.
    "--hide-scrollbars",
]


def chromium_missing_reason() -> str | None:
    path = Path(CHROMIUM_PATH)
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)"


BROWSER_REQUIRED_BUT_MISSING = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip browser tests without Chromium, or fail them when the run requires a browser.

    This runs before any fixture is set up, so a missing browser never surfaces as a
    confusing launch error.
    """
    if item.get_closest_marker("browser") is None:
        return
    reason = chromium_missing_reason()
    if reason is None:
        return
    if os.environ.get("JAMLIK_REQUIRE_BROWSER") == "1":
        item.stash[BROWSER_REQUIRED_BUT_MISSING] = True
        pytest.fail(f"{reason}; JAMLIK_REQUIRE_BROWSER=1 requires the browser tests to run", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Report a required but missing browser as a failed test (F), not as an error in setup (E)."""
    report = yield
    if call.when == "setup" and item.stash.get(BROWSER_REQUIRED_BUT_MISSING, False):
        report.when = "call"
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    """A Swedish browser, as most of the people using Jämlik have."""
    return {**browser_context_args, "locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


@pytest.fixture(autouse=True)
def _cookies_over_plain_http(settings: object) -> None:
    """The live server speaks http, so cookies must not be marked Secure or forms lose their CSRF cookie."""
    settings.SESSION_COOKIE_SECURE = False  # type: ignore[attr-defined]
    settings.CSRF_COOKIE_SECURE = False  # type: ignore[attr-defined]
    settings.LANGUAGE_COOKIE_SECURE = False  # type: ignore[attr-defined]


@pytest.fixture
def server_url(live_server: object, transactional_db: None) -> str:
    """The live server's address; the database is shared with it (so data must be committed)."""
    return str(live_server)


@pytest.fixture
def context(context: BrowserContext, server_url: str) -> BrowserContext:
    """pytest-playwright's fresh context, with every request off the live server aborted."""

    def only_the_live_server(route: Route) -> None:
        if route.request.url.startswith(server_url + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    return context


@pytest.fixture
def sign_in(context: BrowserContext, server_url: str) -> Callable[[User], None]:
    """Sign a person in inside the browser with a real session, without going through the form."""

    def sign_in(user: User) -> None:
        client = Client()
        client.force_login(user)
        session_id = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": session_id, "url": server_url, "httpOnly": True}]
        )

    return sign_in


@pytest.fixture
def use_language(context: BrowserContext, server_url: str) -> Callable[[str], None]:
    """Choose the interface language the way the language switcher does: with Django's cookie."""

    def use_language(language: str) -> None:
        assert language in dict(django_settings.LANGUAGES), language
        context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server_url}])

    return use_language


@pytest.fixture
def cast(
    org_a: Organisation, learner_a: User, coordinator_a: User, programme_manager: User, administrator: User
) -> Cast:
    cast = Cast(
        org_a=org_a,
        learner_a=learner_a,
        coordinator_a=coordinator_a,
        programme_manager=programme_manager,
        administrator=administrator,
        member=Membership.objects.get(user=learner_a, organisation=org_a),
    )
    populate(cast)
    return cast


@pytest.fixture
def visit(
    cast: Cast,
    context: BrowserContext,
    page: Page,
    server_url: str,
    sign_in: Callable[[User], None],
    use_language: Callable[[str], None],
) -> Visit:
    """Open a registered page as its viewer, in a language, and run its follow-up steps.

    A page's ``setup`` runs on its first visit only, so one test may open it in both languages,
    and pages with different viewers one after another.
    """
    prepared: set[str] = set()

    def visit(check: Check, language: str) -> Page:
        if check.name not in prepared:
            prepared.add(check.name)
            if check.setup is not None:
                check.setup(cast)
        context.clear_cookies()
        if check.viewer != "anonymous":
            sign_in(getattr(cast, check.viewer))
        use_language(language)
        path = check.url_path(cast)
        response = page.goto(server_url + path)
        assert response is not None
        assert response.status == check.status, f"{path} answered {response.status}, expected {check.status}"
        if check.then is not None:
            check.then(page)
            # The step may have submitted a form: check the new page only once its stylesheet
            # has loaded, or axe and the reflow check would see it unstyled.
            page.wait_for_load_state("load")
        return page

    return visit
