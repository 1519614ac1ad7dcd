"""The package pages, the API and the command: who may upload, what each shows, refusals."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from jamlik.courses.models import Course, CourseVersion, Delivery, VersionStatus
from jamlik.courses.versions import publish_version
from jamlik.packages.actions import import_package
from jamlik.packages.models import Package, Standard
from jamlik.people.models import Organisation, User
from tests.api_kit import bearer, cast_member
from tests.packages import kit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def zip_file(data: bytes, name: str = "kurs.zip") -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def leftovers() -> list[str]:
    root = Path(settings.PRIVATE_ROOT) / "packages"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


# --- Pages ------------------------------------------------------------------------------------


def test_a_coordinator_uploads_a_package_and_sees_its_table_of_contents(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    response = as_coordinator_a.post(
        "/kurser/paket/importera/",
        {"package": zip_file(kit.scorm2004_package(kit.multi_sco(), edition=3)), "owner": org_a.slug, "language": "en"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    version = CourseVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kurser/paket/version/{version.public_id}/"
    assert version.course.owner == org_a and version.language == "en" and version.delivery == Delivery.SCORM
    page = as_coordinator_a.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("SCORM 2004, tredje utgåvan", "Vad är aktiva åtgärder?", "Del 2: I praktiken", "sco1/index.html"):
        assert text in page
    course_page = as_coordinator_a.get(f"/kurser/redigera/{version.course.public_id}/").content.decode()
    assert f"/kurser/paket/version/{version.public_id}/" in course_page and "add_module" not in course_page


def test_a_refused_package_lists_its_problems_on_the_page(as_coordinator_a: Client, org_a: Organisation) -> None:
    bad = kit.with_entries(kit.scorm12_package(), [("../evil.html", b"x")])
    response = as_coordinator_a.post(
        "/kurser/paket/importera/", {"package": zip_file(bad), "owner": org_a.slug, "language": "sv"}
    )
    assert response.status_code == 200
    assert "”../evil.html” har ett osäkert namn" in response.content.decode()
    assert not Course.objects.exists() and leftovers() == []


def test_a_coordinator_cannot_choose_another_organisation(as_coordinator_a: Client, org_b: Organisation) -> None:
    response = as_coordinator_a.post(
        "/kurser/paket/importera/", {"package": zip_file(kit.scorm12_package()), "owner": org_b.slug, "language": "sv"}
    )
    assert response.status_code == 200 and not Course.objects.exists()


@pytest.mark.parametrize("who", ["as_learner_a", "as_coordinator_b"])
def test_others_do_not_see_the_package_pages(
    request: pytest.FixtureRequest, who: str, org_a: Organisation, coordinator_a: User
) -> None:
    version = import_package(coordinator_a, io.BytesIO(kit.scorm12_package()), organisation=org_a)
    client: Client = request.getfixturevalue(who)
    assert client.get(f"/kurser/paket/version/{version.public_id}/").status_code == 404
    assert client.get(f"/kurser/paket/kurs/{version.course.public_id}/ny-version/").status_code == 404
    response = client.post(
        f"/kurser/paket/kurs/{version.course.public_id}/ny-version/", {"package": zip_file(kit.scorm12_package())}
    )
    assert response.status_code == 404 and CourseVersion.objects.count() == 1
    if who == "as_learner_a":
        assert client.get("/kurser/paket/importera/").status_code == 404


def test_the_new_version_page_makes_the_next_draft(
    as_coordinator_a: Client, org_a: Organisation, coordinator_a: User
) -> None:
    first = import_package(coordinator_a, io.BytesIO(kit.scorm12_package()), organisation=org_a)
    publish_version(coordinator_a, first)
    url = f"/kurser/paket/kurs/{first.course.public_id}/ny-version/"
    response = as_coordinator_a.post(url, {"package": zip_file(kit.scorm12_package(kit.multi_sco()))})
    second = CourseVersion.objects.get(number=2)
    assert response.status_code == 302 and second.status == VersionStatus.DRAFT
    again = as_coordinator_a.post(url, {"package": zip_file(kit.scorm12_package())})
    assert "har redan ett utkast" in again.content.decode() and CourseVersion.objects.count() == 2


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("learner_a", 404),
        ("coordinator_b", 404),
        ("coordinator_a", 201),
        ("programme_manager", 201),
    ],
)
def test_the_api_creates_a_course_from_a_package(
    request: pytest.FixtureRequest, who: str, status: int, org_a: Organisation
) -> None:
    user = cast_member(request, who)
    response = Client().post(
        "/api/v1/courses/packages", {"file": zip_file(kit.scorm12_package()), "owner": org_a.slug}, **bearer(user)
    )
    assert response.status_code == status, response.content
    if status != 201:
        assert not Course.objects.exists() and leftovers() == []
        return
    version = CourseVersion.objects.get()
    body = response.json()
    assert body["id"] == str(version.public_id) and body["status"] == "draft" and body["publishing_problems"] == []
    assert response["Location"] == f"/api/v1/courses/{version.course.public_id}/versions/{version.public_id}"
    assert version.package.standard == Standard.SCORM_12


def test_the_api_answers_a_refused_package_with_every_problem(programme_manager: User) -> None:
    bad = kit.zip_bytes({"imsmanifest.xml": kit.manifest_12([kit.Item("a", "A", href="start.html", files=["x.css"])])})
    response = Client().post("/api/v1/courses/packages", {"file": zip_file(bad)}, **bearer(programme_manager))
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["file"] == [
        "The manifest lists start.html, which is not in the package.",
        "The manifest lists x.css, which is not in the package.",
    ]
    assert not Package.objects.exists() and leftovers() == []


def test_a_coordinator_must_name_an_owner_in_the_api(coordinator_a: User) -> None:
    response = Client().post(
        "/api/v1/courses/packages", {"file": zip_file(kit.scorm12_package())}, **bearer(coordinator_a)
    )
    assert response.status_code == 422 and "owner" in response.json()["errors"]


def test_the_api_adds_a_version_and_refuses_a_second_draft(coordinator_a: User, org_a: Organisation) -> None:
    first = import_package(coordinator_a, io.BytesIO(kit.scorm12_package()), organisation=org_a)
    publish_version(coordinator_a, first)
    url = f"/api/v1/courses/{first.course.slug}/packages"
    response = Client().post(url, {"file": zip_file(kit.scorm2004_package())}, **bearer(coordinator_a))
    assert response.status_code == 201 and response.json()["number"] == 2
    again = Client().post(url, {"file": zip_file(kit.scorm2004_package())}, **bearer(coordinator_a))
    assert again.status_code == 409, again.content
    assert CourseVersion.objects.count() == 2


def test_the_api_hides_another_organisations_course(
    coordinator_b: User, org_a: Organisation, coordinator_a: User
) -> None:
    first = import_package(coordinator_a, io.BytesIO(kit.scorm12_package()), organisation=org_a)
    publish_version(coordinator_a, first)
    response = Client().post(
        f"/api/v1/courses/{first.course.public_id}/packages",
        {"file": zip_file(kit.scorm12_package())},
        **bearer(coordinator_b),
    )
    assert response.status_code == 404 and CourseVersion.objects.count() == 1


# --- Command ----------------------------------------------------------------------------------


def test_the_command_imports_a_course_and_a_new_version(tmp_path: Path, org_a: Organisation, capsys: Any) -> None:
    path = tmp_path / "kurs.zip"
    path.write_bytes(kit.scorm12_package(kit.multi_sco()))
    call_command("import_scorm", str(path), "--organisation", org_a.slug)
    version = CourseVersion.objects.get()
    assert version.course.owner == org_a and version.package.items.count() == 6
    publish_version(None, version)
    call_command("import_scorm", str(path), "--course", version.course.slug)
    assert CourseVersion.objects.filter(course=version.course).count() == 2
    assert "version 2" in capsys.readouterr().out


def test_the_command_says_why_nothing_was_imported(tmp_path: Path) -> None:
    path = tmp_path / "kurs.zip"
    path.write_bytes(kit.scorm12_package(schema_version="1.1"))
    with pytest.raises(CommandError, match=r"Nothing was imported:\n- The manifest's schema version “1\.1”"):
        call_command("import_scorm", str(path))
    assert not Course.objects.exists() and leftovers() == []
