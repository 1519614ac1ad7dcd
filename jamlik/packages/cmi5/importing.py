"""Importing a cmi5 course (a zip with ``cmi5.xml`` at its top, or ``cmi5.xml`` alone pointing to
AUs elsewhere) as a course version with ``delivery = cmi5``.

The same shape as the SCORM import (``jamlik.packages.actions``): the archive checked by
``zipcheck``, the structure read and checked against the archive's entries (``structure``),
unpacked into a fresh folder, one transaction for the course or version, the package, its files,
its items and the audit entry. Blocks become ``cluster`` items and AUs ``au`` items of the table of
contents, in document order; what cmi5 adds (the publisher's id, url, moveOn, masteryScore,
launchMethod, activityType, launchParameters, entitlementKey, objectives) is kept in each item's
``extra``.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.authoring.access import check_may_author
from jamlik.courses.models import Course, CourseVersion, Delivery
from jamlik.packages.actions import digest_of, new_course, new_version, packages_root
from jamlik.packages.cmi5.structure import AssignableUnit, Block, CourseStructure, StructureError, parse, text_in
from jamlik.packages.models import ItemKind, Package, PackageFile, PackageItem, Standard
from jamlik.packages.zipcheck import Extracted, Limits, PackageRejected, extract, open_archive, read_member, remove_tree
from jamlik.people.models import Language, Organisation, User

STRUCTURE = "cmi5.xml"
MAX_STRUCTURE_BYTES = 8 * 1024 * 1024


def _is_zip(upload: IO[bytes]) -> bool:
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    return head.startswith(b"PK")


def _looks_like_xml(data: bytes) -> bool:
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<")


def _parse(data: bytes, has_file: Any) -> CourseStructure:
    try:
        return parse(data, has_file=has_file)
    except StructureError as exc:
        raise PackageRejected([str(exc)]) from exc


def read_course(
    upload: IO[bytes], limits: Limits
) -> tuple[CourseStructure, zipfile.ZipFile | None, list[zipfile.ZipInfo]]:
    """The checked course structure, and the open zip with its file entries when there is one."""
    if not _is_zip(upload):
        data = upload.read(MAX_STRUCTURE_BYTES + 1)
        if len(data) > MAX_STRUCTURE_BYTES or not _looks_like_xml(data):
            raise PackageRejected([_("The file is neither a zip nor a cmi5 course structure (cmi5.xml).")])
        return _parse(data, None), None, []
    zf, files = open_archive(upload, limits)
    by_name = {info.filename: info for info in files}
    info = by_name.get(STRUCTURE)
    if info is None:
        zf.close()
        if "imsmanifest.xml" in by_name:
            raise PackageRejected([_("This is a SCORM package (imsmanifest.xml), not a cmi5 course.")])
        raise PackageRejected([_("The zip has no cmi5.xml at its top, so it is not a cmi5 course.")])
    try:
        structure = _parse(read_member(zf, info, MAX_STRUCTURE_BYTES), by_name.__contains__)
    except BaseException:
        zf.close()
        raise
    return structure, zf, files


def import_course(
    actor: User | None,
    upload: IO[bytes],
    *,
    course: Course | None = None,
    organisation: Organisation | None = None,
    filename: str = "",
    language: str = Language.SV,
    limits: Limits | None = None,
) -> CourseVersion:
    """A cmi5 course as a new draft: of a new course owned by ``organisation`` (None: the
    platform's), or, given ``course``, the next version of that cmi5 course. ``PermissionDenied``
    unless ``actor`` may author it; ``PackageRejected`` naming the problem. All or nothing."""
    owner = course.owner if course is not None else organisation
    check_may_author(actor, owner)
    limits = limits or Limits.from_settings()
    archive_sha256, archive_bytes = digest_of(upload)
    structure, zf, files = read_course(upload, limits)
    root = packages_root()
    root.mkdir(parents=True, exist_ok=True)
    incoming = root / f".incoming-{uuid.uuid4().hex}"
    incoming.mkdir()
    final: Path | None = None
    try:
        extracted = extract(zf, files, incoming, limits) if zf is not None else []
        with transaction.atomic():
            title = text_in(structure.title, language) or Path(filename).stem or "cmi5"
            if course is None:
                version = new_course(actor, organisation, title=title, language=language, delivery=Delivery.CMI5)
            else:
                version = new_version(actor, course, delivery=Delivery.CMI5)
            package = _write(actor, version, structure, extracted, filename, archive_sha256, archive_bytes, language)
            final = root / package.folder
            incoming.rename(final)
        return version
    except BaseException:
        remove_tree(incoming)
        if final is not None:
            remove_tree(final)
        raise
    finally:
        if zf is not None:
            zf.close()


def _extra(unit: AssignableUnit, language: str) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "id": unit.id,
        "url": unit.url,
        "moveOn": unit.move_on,
        "launchMethod": unit.launch_method,
        "description": text_in(unit.description, language),
    }
    if unit.mastery_score is not None:
        extra["masteryScore"] = str(unit.mastery_score)
    for key, value in (
        ("activityType", unit.activity_type),
        ("launchParameters", unit.launch_parameters),
        ("entitlementKey", unit.entitlement_key),
    ):
        if value:
            extra[key] = value
    if unit.objectives:
        extra["objectives"] = list(unit.objectives)
    return extra


def _write(
    actor: User | None,
    version: CourseVersion,
    structure: CourseStructure,
    extracted: list[Extracted],
    filename: str,
    archive_sha256: str,
    archive_bytes: int,
    language: str,
) -> Package:
    package = Package.objects.create(
        version=version,
        standard=Standard.CMI5,
        schema_version="cmi5",
        identifier=structure.id,
        title=text_in(structure.title, language)[:500],
        original_filename=Path(filename).name[:255],
        archive_sha256=archive_sha256,
        archive_bytes=archive_bytes,
        total_bytes=sum(f.size for f in extracted),
        file_count=len(extracted),
        recognised=[{"objectives": [{"id": o.id, "title": text_in(o.title, language)} for o in structure.objectives]}]
        if structure.objectives
        else [],
        created_by=actor,
    )
    PackageFile.objects.bulk_create(
        (PackageFile(package=package, path=f.path, size=f.size, sha256=f.sha256) for f in extracted), batch_size=500
    )
    items: list[PackageItem] = []

    def add(children: tuple[Block | AssignableUnit, ...], parent: PackageItem | None, depth: int) -> None:
        for child in children:
            item = PackageItem(
                package=package,
                parent=parent,
                position=len(items) + 1,
                depth=depth,
                identifier=child.id,
                title=(text_in(child.title, language) or child.id)[:500],
            )
            if isinstance(child, Block):
                item.kind = ItemKind.CLUSTER
                item.extra = {"id": child.id, "description": text_in(child.description, language)}
                item.save()
                items.append(item)
                add(child.children, item, depth + 1)
            else:
                path, _sep, query = child.url.partition("?")
                item.kind = ItemKind.AU
                item.href = path if child.is_relative else ""
                item.parameters = query[:1000] if child.is_relative else ""
                item.extra = _extra(child, language)
                item.save()
                items.append(item)

    add(structure.children, None, 0)
    course = version.course
    record(
        "package.imported",
        actor=actor,
        organisation=course.owner,
        target=version,
        summary=f"{course.slug} v{version.number}: {version.title}"[:300],
        after={
            "course": str(course.public_id),
            "version": version.number,
            "standard": package.standard,
            "items": len(items),
            "aus": sum(1 for item in items if item.kind == ItemKind.AU),
            "files": package.file_count,
            "sha256": archive_sha256,
        },
    )
    return package
