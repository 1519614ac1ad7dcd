"""Package pages the browser tests check for accessibility (see tests/browser/pages.py)."""

from __future__ import annotations

import io
from typing import Any

from jamlik.packages.tracking import commit, open_attempt
from tests.browser.check import Cast, Check
from tests.courses.authoring_kit import submit_the_form
from tests.packages import kit
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


def a_package_course(cast: Any) -> None:
    """A draft course of organisation A from a multi-SCO SCORM 2004 package with a mastery score."""
    from jamlik.packages.actions import import_package

    items = kit.multi_sco()
    items[0].children[0].min_normalized_measure = "0.8"
    items[1].children[1].visible = False
    version = import_package(
        cast.coordinator_a, io.BytesIO(kit.scorm2004_package(items)), organisation=cast.org_a, filename="kurs.zip"
    )
    cast.extra["version"] = str(version.public_id)
    cast.extra["course"] = str(version.course.public_id)


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
    Check("packages-upload", "/kurser/paket/importera/", viewer="coordinator_a"),
    Check("packages-upload-errors", "/kurser/paket/importera/", viewer="coordinator_a", then=submit_the_form),
    Check(
        "packages-package",
        lambda c: f"/kurser/paket/version/{c.extra['version']}/",
        viewer="coordinator_a",
        setup=a_package_course,
    ),
    Check(
        "packages-new-version",
        lambda c: f"/kurser/paket/kurs/{c.extra['course']}/ny-version/",
        viewer="coordinator_a",
        setup=a_package_course,
    ),
    Check(
        "packages-authoring-course",
        lambda c: f"/kurser/redigera/{c.extra['course']}/",
        viewer="coordinator_a",
        setup=a_package_course,
    ),
]
