"""Importing a SCORM package as a course version: a new course, or a new draft of a package course.

All or nothing. The archive is checked (``zipcheck``), its manifest read and checked against its
entries (``manifest``), then unpacked into a fresh ``.incoming-…`` folder beside the packages'
folders in private storage. One transaction writes the course (or the new version), the package,
its files and items and the audit entry, and renames the folder to the package's own unguessable
folder as its last step; if anything fails, both folders are removed and nothing is left. The
version is a draft (``delivery = scorm``) that goes through the normal authoring pages: settings,
audience, diploma, publish. Learners keep the version they started, as with native versions.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.authoring.access import check_may_author
from jamlik.courses.authoring.forms import RESERVED_SLUGS
from jamlik.courses.models import Course, CourseVersion, Delivery, Topic, VersionStatus
from jamlik.packages import manifest as manifests
from jamlik.packages.models import STORAGE_AREA, Package, PackageFile, PackageItem
from jamlik.packages.zipcheck import (
    Extracted,
    Limits,
    PackageConflict,
    PackageRejected,
    extract,
    open_archive,
    read_member,
    remove_tree,
)
from jamlik.people.models import Language, Organisation, User

MAX_MANIFEST_BYTES = 5 * 1024 * 1024
# What a new version takes over from the version before it (the package brings the content).
COPIED_FIELDS = ("title", "summary", "language", "estimated_minutes", "audience", "issues_diploma")


def packages_root() -> Path:
    return Path(settings.PRIVATE_ROOT) / STORAGE_AREA


def digest_of(upload: IO[bytes]) -> tuple[str, int]:
    upload.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := upload.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def read_package(
    upload: IO[bytes], limits: Limits
) -> tuple[manifests.Manifest, zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The checked manifest, the open zip and its file entries; PackageRejected otherwise."""
    zf, files = open_archive(upload, limits)
    by_name = {info.filename: info for info in files}
    info = by_name.get(manifests.MANIFEST)
    if info is None:
        nested = sorted(name for name in by_name if name.endswith("/" + manifests.MANIFEST))
        if nested:
            raise PackageRejected(
                [
                    _(
                        "imsmanifest.xml must be at the top of the zip, not in %(folder)s. "
                        "Zip the folder's contents rather than the folder."
                    )
                    % {"folder": nested[0].rsplit("/", 1)[0][:200]}
                ]
            )
        if "cmi5.xml" in by_name:
            raise PackageRejected([_("This is a cmi5 course (cmi5.xml), not a SCORM package.")])
        raise PackageRejected([_("The zip has no imsmanifest.xml, so it is not a SCORM package.")])
    data = read_member(zf, info, MAX_MANIFEST_BYTES)
    try:
        manifest = manifests.parse(data, has_file=by_name.__contains__)
    except manifests.ManifestError as exc:
        raise PackageRejected(exc.messages) from exc
    return manifest, zf, files


def import_package(
    actor: User | None,
    upload: IO[bytes],
    *,
    course: Course | None = None,
    organisation: Organisation | None = None,
    filename: str = "",
    language: str = Language.SV,
    limits: Limits | None = None,
) -> CourseVersion:
    """A SCORM package as a new draft: of a new course owned by ``organisation`` (None: the platform's),
    or, given ``course``, the next version of that package course. ``PermissionDenied`` unless
    ``actor`` may author it; ``PackageRejected`` naming every problem found. All or nothing."""
    owner = course.owner if course is not None else organisation
    check_may_author(actor, owner)
    limits = limits or Limits.from_settings()
    archive_sha256, archive_bytes = digest_of(upload)
    manifest, zf, files = read_package(upload, limits)
    root = packages_root()
    root.mkdir(parents=True, exist_ok=True)
    incoming = root / f".incoming-{uuid.uuid4().hex}"
    incoming.mkdir()
    final: Path | None = None
    try:
        extracted = extract(zf, files, incoming, limits)
        with transaction.atomic():
            if course is None:
                version = _new_course(actor, organisation, manifest, filename, language)
            else:
                version = _new_version(actor, course)
            package = _write_package(actor, version, manifest, extracted, filename, archive_sha256, archive_bytes)
            final = root / package.folder
            incoming.rename(final)
        return version
    except BaseException:
        remove_tree(incoming)
        if final is not None:
            remove_tree(final)
        raise
    finally:
        zf.close()


def _free_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "scorm"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Course.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _new_course(
    actor: User | None, owner: Organisation | None, manifest: manifests.Manifest, filename: str, language: str
) -> CourseVersion:
    title = manifest.title or Path(filename).stem or manifest.identifier or "SCORM"
    return new_course(actor, owner, title=title, language=language, delivery=Delivery.SCORM)


def _new_version(actor: User | None, course: Course) -> CourseVersion:
    return new_version(actor, course, delivery=Delivery.SCORM)


def new_course(
    actor: User | None, owner: Organisation | None, *, title: str, language: str, delivery: str
) -> CourseVersion:
    """A new package course (SCORM or cmi5, ``delivery``) with its first version, a draft.
    Inside the importer's transaction, after its actor check."""
    title = title[:200]
    course = Course.objects.create(slug=_free_slug(title), owner=owner, topic=Topic.OTHER, created_by=actor)
    return CourseVersion.objects.create(
        course=course,
        number=1,
        title=title,
        language=language if language in Language.values else Language.SV,
        delivery=delivery,
        created_by=actor,
    )


def new_version(actor: User | None, course: Course, *, delivery: str) -> CourseVersion:
    """The next version (a draft) of a package course of the same ``delivery``."""
    course = Course.objects.select_for_update(of=("self",)).select_related("owner").get(pk=course.pk)
    check_may_author(actor, course.owner)
    versions = CourseVersion.objects.filter(course=course)
    if versions.filter(status=VersionStatus.DRAFT).exists():
        raise PackageConflict(
            [_("This course already has a draft. Publish or remove it before uploading a new version.")]
        )
    source = versions.filter(status=VersionStatus.PUBLISHED).first() or versions.order_by("-number").first()
    if source is not None and source.delivery != delivery:
        if delivery == Delivery.SCORM:
            raise PackageRejected([_("This course is not a SCORM course; a package can only be a new version of one.")])
        raise PackageRejected([_("This course is not a cmi5 course; a cmi5 course can only be a new version of one.")])
    number = (versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = CourseVersion(course=course, number=number, delivery=delivery, created_by=actor)
    if source is not None:
        for name in COPIED_FIELDS:
            setattr(version, name, getattr(source, name))
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:  # a concurrent upload or draft won
        raise PackageConflict(
            [_("This course already has a draft. Publish or remove it before uploading a new version.")]
        ) from exc
    if source is not None:
        version.organisations.set(source.organisations.all())
    return version


def _write_package(
    actor: User | None,
    version: CourseVersion,
    manifest: manifests.Manifest,
    extracted: list[Extracted],
    filename: str,
    archive_sha256: str,
    archive_bytes: int,
) -> Package:
    package = Package.objects.create(
        version=version,
        standard=manifest.standard,
        schema_version=manifest.schema_version[:100],
        identifier=manifest.identifier,
        title=manifest.title,
        organisation_identifier=manifest.organisation_identifier,
        original_filename=Path(filename).name[:255],
        archive_sha256=archive_sha256,
        archive_bytes=archive_bytes,
        total_bytes=sum(f.size for f in extracted),
        file_count=len(extracted),
        sequencing=manifest.sequencing,
        recognised=manifest.notes,
        created_by=actor,
    )
    PackageFile.objects.bulk_create(
        (PackageFile(package=package, path=f.path, size=f.size, sha256=f.sha256) for f in extracted), batch_size=500
    )
    created: dict[str, PackageItem] = {}
    for position, item in enumerate(manifest.items, start=1):
        created[item.identifier] = PackageItem.objects.create(
            package=package,
            parent=created.get(item.parent) if item.parent else None,
            position=position,
            depth=item.depth,
            identifier=item.identifier,
            title=item.title,
            kind=item.kind,
            resource_identifier=item.resource_identifier,
            href=item.href,
            parameters=item.parameters,
            is_visible=item.is_visible,
            mastery_score=item.mastery_score,
            min_normalized_measure=item.min_normalized_measure,
            satisfied_by_measure=item.satisfied_by_measure,
            completion_threshold=item.completion_threshold,
            prerequisites=item.prerequisites,
            max_time_allowed=item.max_time_allowed,
            time_limit_action=item.time_limit_action,
            data_from_lms=item.data_from_lms,
            sequencing=item.sequencing,
        )
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
            "items": len(created),
            "files": package.file_count,
            "bytes": package.total_bytes,
            "sha256": archive_sha256,
        },
    )
    return package


__all__ = ["Limits", "PackageConflict", "PackageRejected", "PermissionDenied", "import_package"]
