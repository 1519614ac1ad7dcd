"""An exported course goes back in: the importer takes both standards' packages, and the values our
runtime reports (the status and score the pass mark gives) complete the learner's enrolment."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jamlik.courses import actions as course_actions
from jamlik.courses.models import Completion, Course, Delivery
from jamlik.courses.versions import publish_version
from jamlik.packages import actions, tracking
from jamlik.packages.export import export_version
from jamlik.packages.models import ItemKind, PackageFile
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import use_tmp_media
from tests.packages.export_kit import every_kind_course

FINAL = {
    "scorm12": {
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": "50",
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "100",
        "cmi.core.lesson_location": "2",
        "cmi.suspend_data": "111|0:c:a,1:w:a",
        "cmi.core.exit": "",
    },
    "scorm2004": {
        "cmi.completion_status": "completed",
        "cmi.success_status": "passed",
        "cmi.score.raw": "50",
        "cmi.score.min": "0",
        "cmi.score.max": "100",
        "cmi.score.scaled": "0.5000",
        "cmi.progress_measure": "1.0000",
        "cmi.location": "2",
        "cmi.suspend_data": "111|0:c:a,1:w:a",
        "cmi.exit": "normal",
    },
}
MIDWAY = {
    "scorm12": {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": "100|", "cmi.core.exit": "suspend"},
    "scorm2004": {"cmi.completion_status": "incomplete", "cmi.success_status": "unknown", "cmi.exit": "suspend"},
}


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Path:
    return use_tmp_media(settings, tmp_path)


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_exported_package_imports_and_completes(
    standard: str, org_a: Organisation, coordinator_a: User, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    native = every_kind_course(coordinator_a, org_a)
    source = native.published_version
    assert source is not None
    source.course = native
    zipped = io.BytesIO()
    summary = export_version(source, standard, zipped)
    zipped.seek(0)
    version = actions.import_package(coordinator_a, zipped, organisation=org_a, filename=summary.filename)
    assert version.delivery == Delivery.SCORM and version.title == "Bemötande"
    package = version.package
    assert package.standard.startswith(standard)
    assert set(PackageFile.objects.filter(package=package).values_list("path", flat=True)) >= set(summary.files)
    scos = list(package.items.filter(kind=ItemKind.SCO))
    assert [(s.title, s.href) for s in scos] == [("Bemötande", "index.html")]
    if standard == "scorm12":
        assert scos[0].mastery_score == Decimal(50)
    else:
        assert scos[0].min_normalized_measure == Decimal("0.5") and scos[0].satisfied_by_measure
    publish_version(coordinator_a, version)
    course = Course.objects.get(pk=version.course_id)
    enrolment = course_actions.enrol(learner_a, course)
    attempt = tracking.open_attempt(learner_a, scos[0])
    tracking.commit(learner_a, attempt.public_id, seq=1, terminated=False, cmi=MIDWAY[standard])
    assert not Completion.objects.filter(enrolment=enrolment).exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = tracking.commit(learner_a, attempt.public_id, seq=2, terminated=True, cmi=FINAL[standard])
    assert result.attempt.done_at is not None
    assert Completion.objects.filter(enrolment=enrolment, version=version).count() == 1
