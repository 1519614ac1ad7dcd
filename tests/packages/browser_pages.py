"""Package pages the browser tests check for accessibility (see tests/browser/pages.py)."""

from __future__ import annotations

from jamlik.packages.tracking import commit, open_attempt
from tests.browser.check import Cast, Check
from tests.packages.tracking_kit import enrol, make_package, scos_of


def attempts_played(cast: Cast) -> None:
    """learner_a has an attempt at each of two SCOs of a package course: one passed with a score."""
    package = make_package(scos=2)
    enrol(cast.learner_a, package)
    first, second = (open_attempt(cast.learner_a, item) for item in scos_of(package))
    cmi = {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "85", "cmi.core.score.max": "100"}
    commit(cast.learner_a, first.public_id, seq=1, terminated=True, cmi=cmi)
    commit(cast.learner_a, second.public_id, seq=1, terminated=False, cmi={"cmi.core.lesson_status": "incomplete"})
    course = package.version.course
    cast.extra["package_course"], cast.extra["package_course_id"] = course.slug, str(course.public_id)


PAGES: list[Check] = [
    Check(
        "package-attempts-coordinator",
        lambda cast: f"/organisationer/{cast.org_a.slug}/kurser/{cast.extra['package_course_id']}/forsok/",
        viewer="coordinator_a",
        setup=attempts_played,
    ),
    Check(
        "package-attempts-learner",
        lambda cast: f"/kurser/{cast.extra['package_course']}/forsok/",
        viewer="learner_a",
        setup=attempts_played,
    ),
]
