"""The demo cmi5 course played in Debian's Chromium: the platform on ``localhost``, the AUs on
the content origin (``127.0.0.1``, the live server's port), each fetching its token, writing its
statements to the platform's LRS across origins and returning to the course's page. Both AUs
done (one Completed, one Passed at the mastery score) satisfy the course: a completion by the
native path."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from jamlik.courses.actions import enrol
from jamlik.courses.models import Completion
from jamlik.lrs.models import Statement
from jamlik.people.models import User
from tests.browser import content_origin as origin_fixtures
from tests.cmi5.kit import published

pytestmark = pytest.mark.browser

# The platform on localhost, the content origin on 127.0.0.1 (tests/browser/content_origin.py).
content_origin = origin_fixtures.content_origin
context = origin_fixtures.context


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_demo_cmi5_course_runs_to_a_completion(
    page: Page, server_url: str, content_origin: str, sign_in: Callable[[User], None], learner_a: User
) -> None:
    version = published()
    enrol(learner_a, version.course)
    player = f"{server_url}/cmi5/kurs/{version.public_id}/"
    sign_in(learner_a)

    page.goto(player)
    page.get_by_role("button", name=re.compile("De sju diskrimineringsgrunderna")).click()
    page.wait_for_url(content_origin + "/**")
    page.get_by_role("button", name="Jag har läst klart").click()
    page.wait_for_url(player)

    page.get_by_role("button", name=re.compile("Testa dig själv")).click()
    page.wait_for_url(content_origin + "/**")
    for answer in ("Sju", "Ja", "Aktiva åtgärder"):
        page.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Lämna in svaren").click()
    page.wait_for_url(player)

    wait_for(lambda: Completion.objects.filter(user=learner_a, version=version).exists(), "the completion")
    verbs = [row.verb_id.rsplit("/", 1)[1] for row in Statement.objects.order_by("seq")]
    assert verbs.count("launched") == 2 and verbs.count("terminated") == 2
    assert "passed" in verbs and verbs.count("satisfied") >= 1
