"""Course authoring through the API: create, versions, settings with If-Match, publish."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.audit.models import AuditEntry
from jamlik.courses import versions
from jamlik.courses.models import Audience, Course, CourseVersion, VersionStatus
from jamlik.people.models import Organisation, User
from tests.api_kit import bearer, cast_member, send
from tests.courses.factories import add_lessons, make_course


def draft_course(owner: Organisation | None = None, *, lessons: int = 1) -> tuple[Course, CourseVersion]:
    course = versions.create_course(None, slug=f"utkast-{lessons}", title="Utkast", owner=owner)
    version = course.versions.get()
    add_lessons(version, lessons)
    return course, version


def version_url(course: Course, version: CourseVersion) -> str:
    return f"/api/v1/courses/{course.public_id}/versions/{version.public_id}"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("learner_a", 404),
        ("coordinator_b", 404),
        ("coordinator_a", 201),
        ("programme_manager", 201),
        ("administrator", 201),
    ],
)
@pytest.mark.django_db
def test_authors_create_a_course_for_an_organisation_they_may_author_for(
    request: pytest.FixtureRequest, who: str, status: int, org_a: Organisation
) -> None:
    body = {"slug": "bemotande", "title": "Bemötande", "owner": str(org_a.public_id)}
    response = send("post", "/api/v1/courses", cast_member(request, who), body)
    assert response.status_code == status, response.content
    if status != 201:
        assert not Course.objects.exists()
        return
    course = Course.objects.get()
    item = response.json()
    assert (item["id"], item["slug"], item["owner"]) == (str(course.public_id), "bemotande", str(org_a.public_id))
    assert item["draft"] == str(course.versions.get().public_id) and item["published_version"] is None
    assert response["Location"] == f"/api/v1/courses/{course.public_id}/versions"
    assert AuditEntry.objects.get(action="course.created").actor == cast_member(request, who)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "Inte OK", "title": "T"}, "slug"),
        ({"slug": "completions", "title": "T"}, "slug"),
        ({"slug": "ok", "title": ""}, "title"),
        ({"slug": "ok"}, "title"),
        ({"slug": "ok", "title": "T", "language": "de"}, "language"),
        ({"slug": "ok", "title": "T", "colour": "red"}, "colour"),
        ({"slug": 5, "title": "T"}, "slug"),
    ],
)
@pytest.mark.django_db
def test_bad_course_input_names_the_field_and_saves_nothing(
    programme_manager: User, body: dict[str, Any], field: str
) -> None:
    response = send("post", "/api/v1/courses", programme_manager, body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_must_name_an_organisation_of_their_own(
    coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    missing = send("post", "/api/v1/courses", coordinator_a, {"slug": "ok", "title": "T"})
    assert missing.status_code == 422 and "owner" in missing.json()["errors"]
    other = send("post", "/api/v1/courses", coordinator_a, {"slug": "ok", "title": "T", "owner": str(org_b.public_id)})
    assert other.status_code == 404
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_a_taken_slug_is_refused(programme_manager: User) -> None:
    make_course(slug="bemotande")
    response = send("post", "/api/v1/courses", programme_manager, {"slug": "bemotande", "title": "T"})
    assert response.status_code == 422 and "slug" in response.json()["errors"]


@pytest.mark.django_db
def test_the_audience_changes_with_if_match_and_a_stale_tag_is_refused(
    coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    course, version = draft_course(org_a)
    read = send("get", version_url(course, version), coordinator_a)
    assert read.status_code == 200 and read.json()["audience"] == Audience.ALL_ORGANISATIONS
    tag = read["ETag"]
    body = {"audience": "chosen_organisations", "organisations": [str(org_a.public_id), "gagnef"]}
    changed = send("patch", version_url(course, version), coordinator_a, body, HTTP_IF_MATCH=tag)
    assert changed.status_code == 200, changed.content
    assert changed.json()["audience"] == "chosen_organisations"
    assert sorted(changed.json()["organisations"]) == sorted([str(org_a.public_id), str(org_b.public_id)])
    assert changed["ETag"] != tag
    version.refresh_from_db()
    assert version.audience == Audience.CHOSEN_ORGANISATIONS and version.title == "Utkast"  # the rest kept
    entry = AuditEntry.objects.get(action="course.settings_changed")
    assert entry.actor == coordinator_a and entry.before["audience"] == "all_organisations"
    stale = send("patch", version_url(course, version), coordinator_a, {"title": "Nytt"}, HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    version.refresh_from_db()
    assert version.title == "Utkast"
    fresh = send("patch", version_url(course, version), coordinator_a, {"title": "Nytt"}, HTTP_IF_MATCH=changed["ETag"])
    assert fresh.status_code == 200 and fresh.json()["title"] == "Nytt"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pass_mark": 101}, "pass_mark"),
        ({"pass_mark": "many"}, "pass_mark"),
        ({"audience": "friends"}, "audience"),
        ({"audience": "chosen_organisations", "organisations": []}, "organisations"),
        ({"organisations": ["no-such-organisation"]}, "organisations"),
        ({"title": None}, "title"),
        ({"colour": "red"}, "colour"),
    ],
)
@pytest.mark.django_db
def test_bad_settings_name_the_field_and_change_nothing(
    coordinator_a: User, org_a: Organisation, body: dict[str, Any], field: str
) -> None:
    course, version = draft_course(org_a)
    response = send("patch", version_url(course, version), coordinator_a, body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    version.refresh_from_db()
    assert (version.audience, version.pass_mark, version.title) == (Audience.ALL_ORGANISATIONS, 80, "Utkast")
    assert not AuditEntry.objects.filter(action="course.settings_changed").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("learner_a", 404),
        ("coordinator_b", 404),
        ("programme_manager", 200),
        ("coordinator_a", 200),
    ],
)
@pytest.mark.django_db
def test_only_authors_of_the_course_read_and_change_its_versions(
    request: pytest.FixtureRequest, who: str, status: int, org_a: Organisation
) -> None:
    course, version = draft_course(org_a)
    user = cast_member(request, who)
    assert send("get", version_url(course, version), user).status_code == status
    assert send("patch", version_url(course, version), user, {"pass_mark": 50}).status_code == status
    version.refresh_from_db()
    assert version.pass_mark == (50 if status == 200 else 80)


@pytest.mark.django_db
def test_publishing_a_draft_through_the_api_and_starting_the_next(coordinator_a: User, org_a: Organisation) -> None:
    course, version = draft_course(org_a, lessons=0)
    refused = send("post", f"{version_url(course, version)}/publish", coordinator_a)
    assert refused.status_code == 422 and refused.json()["errors"]["publishing"]
    add_lessons(version, 1)
    published = send("post", f"{version_url(course, version)}/publish", coordinator_a)
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    course.refresh_from_db()
    assert course.published_version == version
    assert AuditEntry.objects.get(action="course.published").actor == coordinator_a
    again = send("post", f"{version_url(course, version)}/publish", coordinator_a)
    assert again.status_code == 409
    frozen = send("patch", version_url(course, version), coordinator_a, {"pass_mark": 50})
    assert frozen.status_code == 409
    draft = send("post", f"/api/v1/courses/{course.slug}/versions", coordinator_a)
    assert draft.status_code == 201 and draft.json()["number"] == 2 and draft.json()["status"] == "draft"
    assert draft["Location"].endswith(draft.json()["id"])
    assert send("post", f"/api/v1/courses/{course.slug}/versions", coordinator_a).status_code == 409
    listed = send("get", f"/api/v1/courses/{course.public_id}/versions", coordinator_a).json()
    assert [(v["number"], v["status"]) for v in listed["items"]] == [(2, "draft"), (1, "published")]
    assert VersionStatus.DRAFT in {v.status for v in course.versions.all()}


@pytest.mark.django_db
def test_another_organisations_authors_cannot_publish(coordinator_b: User, org_a: Organisation) -> None:
    course, version = draft_course(org_a)
    assert send("post", f"{version_url(course, version)}/publish", coordinator_b).status_code == 404
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


@pytest.mark.django_db
def test_listing_versions_takes_a_few_queries(
    programme_manager: User, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    course = make_course(lessons=1, audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_a])
    for _ in range(4):
        draft = versions.create_draft_from(None, course.versions.order_by("-number").first())
        versions.publish_version(None, draft)
    versions.create_draft_from(None, course.versions.order_by("-number").first())
    auth = bearer(programme_manager)
    with django_assert_max_num_queries(10):
        body = send("get", f"/api/v1/courses/{course.public_id}/versions", auth).json()
    assert body["count"] == 6
    assert all(v["organisations"] == [str(org_a.public_id)] for v in body["items"])
