"""cmi5 pages the browser tests check for accessibility (see tests/browser/pages.py)."""

from __future__ import annotations

from django.test import override_settings

from jamlik.courses.actions import enrol
from jamlik.packages.cmi5.actions import launch
from tests.browser.check import Cast, Check
from tests.cmi5.kit import aus, published


def a_cmi5_course(cast: Cast) -> None:
    """The demo cmi5 course, published, with learner_a enrolled."""
    version = published()
    enrol(cast.learner_a, version.course)
    cast.extra["cmi5_version"] = str(version.public_id)


def a_cmi5_course_begun(cast: Cast) -> None:
    """As above, with the first AU launched once (its registration and session exist)."""
    a_cmi5_course(cast)
    from jamlik.courses.models import CourseVersion

    version = CourseVersion.objects.get(public_id=cast.extra["cmi5_version"])
    # The launch address names the content origin; the page itself does not need one.
    with override_settings(JAMLIK_CONTENT_ORIGIN="http://localhost:8000"):
        launch(cast.learner_a, aus(version)[0])


PAGES: list[Check] = [
    Check(
        "cmi5-player",
        lambda cast: f"/cmi5/kurs/{cast.extra['cmi5_version']}/",
        viewer="learner_a",
        setup=a_cmi5_course,
    ),
    Check(
        "cmi5-player-begun",
        lambda cast: f"/cmi5/kurs/{cast.extra['cmi5_version']}/",
        viewer="learner_a",
        setup=a_cmi5_course_begun,
    ),
]
