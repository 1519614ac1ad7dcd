"""Importing SCORM packages: what is read from the manifest, new courses and new versions, who may."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation

from jamlik.audit.models import AuditEntry
from jamlik.courses.models import Course, CourseVersion, Delivery, VersionStatus
from jamlik.courses.versions import publish_version
from jamlik.packages.actions import import_package
from jamlik.packages.models import ItemKind, Package, PackageItem, Standard
from jamlik.packages.zipcheck import PackageRejected
from jamlik.people.models import Organisation, User
from tests.packages import kit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def stored_folders() -> list[str]:
    root = Path(settings.PRIVATE_ROOT) / "packages"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def upload(data: bytes, actor: User | None, **kw: object) -> CourseVersion:
    return import_package(actor, io.BytesIO(data), filename="kurs.zip", **kw)  # type: ignore[arg-type]


def test_a_scorm_12_package_becomes_a_draft_course_of_the_organisation(
    org_a: Organisation, coordinator_a: User
) -> None:
    items = [kit.Item("item-1", "Del 1", mastery_score="80", prerequisites="", max_time_allowed="00:30:00")]
    version = upload(kit.scorm12_package(items, title="Aktiva åtgärder"), coordinator_a, organisation=org_a)

    assert version.status == VersionStatus.DRAFT and version.delivery == Delivery.SCORM
    assert version.course.owner == org_a and version.title == "Aktiva åtgärder"
    assert version.course.slug == "aktiva-atgarder"
    package = version.package
    assert package.standard == Standard.SCORM_12 and package.schema_version == "1.2"
    assert package.file_count == 3 and {f.path for f in package.files.all()} == {
        "imsmanifest.xml",
        "index.html",
        "sco.js",
    }
    item = package.items.get()
    assert (item.identifier, item.kind, item.href, item.mastery_score) == (
        "item-1",
        ItemKind.SCO,
        "index.html",
        Decimal(80),
    )
    assert item.max_time_allowed == "00:30:00"
    folder = Path(settings.PRIVATE_ROOT) / "packages" / package.folder
    assert (folder / "index.html").read_text().startswith("<!DOCTYPE html>")
    assert stored_folders() == [package.folder]
    entry = AuditEntry.objects.get(action="package.imported")
    assert entry.organisation == org_a and entry.actor == coordinator_a


@pytest.mark.parametrize("edition", [2, 3, 4])
def test_a_multi_sco_2004_package_keeps_its_table_of_contents(programme_manager: User, edition: int) -> None:
    items = kit.multi_sco()
    items[0].children[0].min_normalized_measure = "0.6"
    version = upload(kit.scorm2004_package(items, edition=edition), programme_manager)

    package = version.package
    assert package.standard == {2: Standard.SCORM_2004_2, 3: Standard.SCORM_2004_3, 4: Standard.SCORM_2004_4}[edition]
    assert version.course.owner is None
    rows = list(package.items.order_by("position").values_list("identifier", "kind", "depth", "href"))
    assert rows == [
        ("section-1", ItemKind.CLUSTER, 0, ""),
        ("sco-1", ItemKind.SCO, 1, "sco1/index.html"),
        ("sco-2", ItemKind.SCO, 1, "sco2/index.html"),
        ("section-2", ItemKind.CLUSTER, 0, ""),
        ("sco-3", ItemKind.SCO, 1, "sco3/index.html"),
        ("asset-1", ItemKind.ASSET, 1, "resources/more.html"),
    ]
    first = package.items.get(identifier="sco-1")
    assert first.parent == package.items.get(identifier="section-1")
    assert first.satisfied_by_measure and first.min_normalized_measure == Decimal("0.6")
    assert first.sequencing["objectives"][0]["primaryObjective"][0]["objectiveID"] == "primary"


def test_a_new_upload_makes_a_new_version_and_learners_keep_theirs(org_a: Organisation, coordinator_a: User) -> None:
    first = upload(kit.scorm12_package(), coordinator_a, organisation=org_a)
    first.audience, first.issues_diploma, first.estimated_minutes = "all_organisations", True, 45
    first.save()
    publish_version(coordinator_a, first)

    second = upload(kit.scorm12_package(kit.multi_sco()), coordinator_a, course=first.course)

    assert second.course == first.course and second.number == 2 and second.status == VersionStatus.DRAFT
    assert (second.issues_diploma, second.estimated_minutes, second.title) == (True, 45, first.title)
    assert second.package.items.count() == 6 and first.package.items.count() == 1
    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED
    assert Course.objects.count() == 1 and len(stored_folders()) == 2


def test_a_course_with_a_draft_gets_no_second_draft_and_nothing_is_stored(
    org_a: Organisation, coordinator_a: User
) -> None:
    first = upload(kit.scorm12_package(), coordinator_a, organisation=org_a)

    with pytest.raises(PackageRejected, match="already has a draft"):
        upload(kit.scorm12_package(), coordinator_a, course=first.course)

    assert Package.objects.count() == 1 and stored_folders() == [first.package.folder]


def test_coordinators_import_only_for_their_own_organisation(
    org_a: Organisation, org_b: Organisation, coordinator_a: User, learner_a: User
) -> None:
    with pytest.raises(PermissionDenied):
        upload(kit.scorm12_package(), coordinator_a, organisation=org_b)
    with pytest.raises(PermissionDenied):
        upload(kit.scorm12_package(), coordinator_a)  # a platform course
    with pytest.raises(PermissionDenied):
        upload(kit.scorm12_package(), learner_a, organisation=org_a)
    assert not Package.objects.exists() and not CourseVersion.objects.exists() and stored_folders() == []


def test_a_coordinator_cannot_add_a_version_to_another_organisations_course(
    org_b: Organisation, coordinator_a: User, coordinator_b: User
) -> None:
    theirs = upload(kit.scorm12_package(), coordinator_b, organisation=org_b)
    publish_version(coordinator_b, theirs)

    with pytest.raises(PermissionDenied):
        upload(kit.scorm12_package(), coordinator_a, course=theirs.course)
    assert CourseVersion.objects.count() == 1


def test_a_native_course_gets_no_package_version(org_a: Organisation, coordinator_a: User) -> None:
    from jamlik.courses.versions import create_course

    course = create_course(coordinator_a, slug="egen", title="Egen kurs", owner=org_a)
    CourseVersion.objects.filter(course=course).update(status=VersionStatus.PUBLISHED, published_at="2026-01-01T00:00Z")

    with pytest.raises(PackageRejected, match="not a SCORM course"):
        upload(kit.scorm12_package(), coordinator_a, course=course)
    assert not PackageItem.objects.exists() and stored_folders() == []


def test_a_package_drafts_settings_change_but_its_content_does_not(org_a: Organisation, coordinator_a: User) -> None:
    """Audience, language, estimated time and the diploma are the course's, as for any version;
    modules and lessons come from the package alone."""
    from django.core.exceptions import ValidationError

    from jamlik.courses.authoring.actions import update_settings
    from jamlik.courses.authoring.content import add_module
    from jamlik.courses.models import Audience

    version = upload(kit.scorm12_package(), coordinator_a, organisation=org_a)
    update_settings(
        coordinator_a,
        version,
        title="Aktiva åtgärder i praktiken",
        summary="En kort kurs.",
        language="sv",
        estimated_minutes=20,
        topic=version.course.topic,
        audience=Audience.CHOSEN_ORGANISATIONS,
        organisations=[org_a],
        order_mode=version.order_mode,
        pass_mark=version.pass_mark,
        issues_diploma=True,
    )
    version.refresh_from_db()
    assert (version.title, version.estimated_minutes, version.issues_diploma) == (
        "Aktiva åtgärder i praktiken",
        20,
        True,
    )
    assert list(version.organisations.all()) == [org_a]
    with pytest.raises(ValidationError):
        add_module(coordinator_a, version, title="En egen modul")
    assert not version.modules.exists()
