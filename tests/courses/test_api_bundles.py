"""Bundles through the API: a new course from a bundle, a new version of a course from one."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.courses import bundle
from jamlik.courses.models import BundleImport, Course, CourseVersion, VersionStatus
from jamlik.courses.versions import create_course, publish_version
from jamlik.people.models import Organisation, User
from tests.api_kit import bearer, cast_member
from tests.courses.authoring_kit import use_tmp_media
from tests.courses.factories import add_lessons


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Path:
    return use_tmp_media(settings, tmp_path)


def published_of(owner: Organisation | None, slug: str = "bemotande", lessons: int = 2) -> Course:
    course = create_course(None, slug=slug, title="Bemötande", owner=owner)
    version = course.versions.get()
    add_lessons(version, lessons)
    publish_version(None, version)
    course.refresh_from_db()
    return course


def zipped(course: Course) -> io.BytesIO:
    target = io.BytesIO()
    bundle.export_course(course, target)
    target.seek(0)
    target.name = "bundle.zip"
    return target


def upload(url: str, user: User | None, data: dict[str, Any]) -> Any:
    return Client().post(url, data, **bearer(user))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("learner_a", 404),
        ("coordinator_a", 404),
        ("coordinator_b", 202),
        ("programme_manager", 202),
    ],
)
@pytest.mark.django_db
def test_an_author_creates_a_course_from_a_bundle_for_an_organisation_they_may_author_for(
    request: pytest.FixtureRequest,
    who: str,
    status: int,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    source = published_of(org_a)
    user = cast_member(request, who)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload("/api/v1/bundle-imports", user, {"file": zipped(source), "owner": str(org_b.public_id)})
    assert response.status_code == status, response.content
    if status != 202:
        assert not BundleImport.objects.exists() and Course.objects.count() == 1
        return
    job = BundleImport.objects.get()
    assert response.json()["state"] == "queued"  # as it was when the request answered
    assert response["Location"] == f"/api/v1/bundle-imports/{job.public_id}"
    done = Client().get(response["Location"], **bearer(user)).json()
    made = Course.objects.get(owner=org_b)
    draft = made.versions.get()
    assert done == {
        "id": str(job.public_id),
        "state": "done",
        "course": str(made.public_id),
        "course_slug": made.slug,
        "version": str(draft.public_id),
        "version_number": 1,
        "problems": [],
    }
    assert draft.status == VersionStatus.DRAFT
    assert AuditEntry.objects.get(action="course.imported").actor == user
    other = request.getfixturevalue("coordinator_a")
    assert Client().get(response["Location"], **bearer(other)).status_code == 404  # only its starter sees it


@pytest.mark.django_db
def test_bad_bundle_input_is_named(coordinator_b: User, org_a: Organisation, org_b: Organisation) -> None:
    source = published_of(org_a)
    missing_file = upload("/api/v1/bundle-imports", coordinator_b, {"owner": str(org_b.public_id)})
    assert missing_file.status_code == 422 and "file" in missing_file.json()["errors"]
    missing_owner = upload("/api/v1/bundle-imports", coordinator_b, {"file": zipped(source)})
    assert missing_owner.status_code == 422 and set(missing_owner.json()["errors"]) == {"owner"}  # not form.owner
    assert not BundleImport.objects.exists()


@pytest.mark.django_db
def test_a_bad_bundle_ends_rejected_with_its_problems(
    coordinator_b: User, org_b: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    bad = io.BytesIO(b"PK\x03\x04 not a zip")
    bad.name = "bad.zip"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload("/api/v1/bundle-imports", coordinator_b, {"file": bad, "owner": "gagnef"})
    job = Client().get(response["Location"], **bearer(coordinator_b)).json()
    assert job["state"] == "rejected" and job["problems"] and job["course"] is None
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_reimporting_a_bundle_makes_a_new_draft_version_of_the_same_course(
    coordinator_a: User, coordinator_b: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = published_of(org_a, lessons=2)
    changed = published_of(None, slug="utanfor", lessons=3)  # maintained elsewhere, now with three lessons
    url = f"/api/v1/courses/{course.slug}/bundle-imports"
    assert upload(url, coordinator_b, {"file": zipped(changed)}).status_code == 404  # not their course
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(url, coordinator_a, {"file": zipped(changed)})
    assert response.status_code == 202, response.content
    job = Client().get(response["Location"], **bearer(coordinator_a)).json()
    draft = CourseVersion.objects.get(course=course, status=VersionStatus.DRAFT)
    assert (job["state"], job["course"], job["version"], job["version_number"]) == (
        "done",
        str(course.public_id),
        str(draft.public_id),
        2,
    )
    assert draft.lessons.count() == 3
    course.refresh_from_db()
    assert course.published_version.number == 1  # learners keep version 1 until the draft is published
    assert AuditEntry.objects.get(action="course.version_imported").actor == coordinator_a
    # A second re-import while the draft waits is rejected, and changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        second = upload(url, coordinator_a, {"file": zipped(changed)})
    job = Client().get(second["Location"], **bearer(coordinator_a)).json()
    assert job["state"] == "rejected" and "already has a draft" in job["problems"][0]
    assert course.versions.count() == 2


@pytest.mark.django_db
def test_the_actions_refuse_a_version_for_someone_who_may_not_author_the_course(
    coordinator_b: User, org_a: Organisation
) -> None:
    from django.core.exceptions import PermissionDenied

    from jamlik.courses import bundle_jobs

    course = published_of(org_a)
    with pytest.raises(PermissionDenied):
        bundle.import_version(coordinator_b, course, zipped(course))
    with pytest.raises(PermissionDenied):
        bundle_jobs.start_bundle_import(coordinator_b, org_a, zipped(course), language="sv", target=course)  # type: ignore[arg-type]
    assert course.versions.count() == 1 and not BundleImport.objects.exists()
