"""Small packages for the player's tests, written straight into the models and private storage
(the importer's own tests drive real zips through it; these tests are about playing).

``make_package(files, items)`` makes a published course whose version is delivered as SCORM,
with the files stored where the content origin reads them and one table-of-contents item per
``Sco`` in order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile

from jamlik.courses.models import Course, Delivery
from jamlik.packages.models import ItemKind, Package, PackageFile, PackageItem, Standard, package_storage
from tests.courses.factories import make_course


@dataclass(frozen=True)
class Sco:
    identifier: str
    title: str
    href: str
    prerequisites: str = ""
    parameters: str = ""


def make_package(
    files: dict[str, bytes | str],
    items: list[Sco],
    *,
    standard: str = Standard.SCORM_12,
    title: str = "Aktiva åtgärder",
    course: Course | None = None,
) -> Package:
    course = course or make_course(lessons=1, title=title)
    version = course.published_version
    assert version is not None
    version.delivery = Delivery.SCORM  # direct write: the importer sets it when it makes the version
    version.save(update_fields=["delivery"])
    contents = {path: body.encode() if isinstance(body, str) else body for path, body in files.items()}
    package = Package.objects.create(
        version=version,
        standard=standard,
        title=title,
        identifier="test-package",
        archive_sha256="0" * 64,
        archive_bytes=sum(len(body) for body in contents.values()),
        total_bytes=sum(len(body) for body in contents.values()),
        file_count=len(contents),
    )
    storage = package_storage()
    for path, body in contents.items():
        storage.save(package.storage_path(path), ContentFile(body))
        PackageFile.objects.create(package=package, path=path, size=len(body), sha256=hashlib.sha256(body).hexdigest())
    for position, sco in enumerate(items):
        PackageItem.objects.create(
            package=package,
            position=position,
            identifier=sco.identifier,
            title=sco.title,
            kind=ItemKind.SCO,
            href=sco.href,
            parameters=sco.parameters,
            prerequisites=sco.prerequisites,
        )
    return package
