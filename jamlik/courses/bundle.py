"""Course bundles: how a course moves to another organisation or installation.

A bundle is a zip with ``manifest.json`` (format name and version, the published version's
settings and structure, and each block's data) and the media files under ``media/``.
Importing creates a new course owned by the importing organisation, with new ids, as a draft
to review and publish. The import is all or nothing: everything is checked before anything
is written, then one transaction writes it, and files already stored are removed if it fails.

Format version 1::

    {"format": "jamlik-course-bundle", "format_version": 1, "exported_at": "…",
     "course": {"slug", "title", "summary", "language", "estimated_minutes", "topic",
                "audience", "order_mode", "pass_mark", "issues_diploma"},
     "modules": [{"title", "lessons": [{"title", "blocks": [
         {"kind", "data", "file": "media/…" | null, "captions": "media/…" | null}]}]}]}
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from jamlik.audit.models import record
from jamlik.courses.authoring.access import authorable_courses
from jamlik.courses.authoring.forms import RESERVED_SLUGS
from jamlik.courses.authoring.media import HEAD_BYTES, check_captions, check_media
from jamlik.courses.blocks import CAPTIONS_RULE, MEDIA_RULES, BlockKind, validate_block_data
from jamlik.courses.models import (
    Audience,
    Block,
    Course,
    CourseVersion,
    Lesson,
    Module,
    OrderMode,
    Topic,
    VersionStatus,
)
from jamlik.courses.versions import create_course
from jamlik.lib import safejson
from jamlik.people.models import Language, Organisation, User

FORMAT = "jamlik-course-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 5 * 1024 * 1024
# A real manifest nests about ten levels (course, modules, lessons, blocks, a block's data).
MAX_MANIFEST_DEPTH = 32
MAX_MEMBERS = 5_000
# What a course needs: a few hours of video at web quality. Checked on the header first, then
# on the bytes actually unpacked while extracting (a header can lie).
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
# Video, audio and images are compressed already: a member that unpacks to many times its packed
# size is not one (a 449 KB "video" that unpacks to 450 MB). Small files (captions) may compress well.
MAX_RATIO = 20
RATIO_FROM_BYTES = 1024 * 1024


class BundleError(Exception):
    """The bundle cannot be imported; ``messages`` says why, one problem each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# --- Export -------------------------------------------------------------------------------


def _settings(course: Course, version: CourseVersion) -> dict[str, Any]:
    return {
        "slug": course.slug,
        "title": version.title,
        "summary": version.summary,
        "language": version.language,
        "estimated_minutes": version.estimated_minutes,
        "topic": course.topic,
        "audience": version.audience,
        "order_mode": version.order_mode,
        "pass_mark": version.pass_mark,
        "issues_diploma": version.issues_diploma,
    }


def export_course(course: Course, target: IO[bytes], *, version: CourseVersion | None = None) -> dict[str, Any]:
    """Write the bundle of ``version`` (default: the published one) to ``target``; return its manifest."""
    version = version or course.published_version
    if version is None:
        raise BundleError([_("The course has no published version to export.")])
    lessons: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.filter(version=version).order_by("position", "id"):
        lessons.setdefault(lesson.module_id, []).append(lesson)
    blocks: dict[int, list[Block]] = {}
    for block in Block.objects.filter(lesson__version=version).order_by("position", "id"):
        blocks.setdefault(block.lesson_id, []).append(block)
    files: list[tuple[str, Any]] = []

    def member(field: Any, stem: str) -> str | None:
        if not field:
            return None
        name = f"media/{len(files) + 1:04d}-{stem}{PurePosixPath(field.name).suffix.lower()}"
        files.append((name, field))
        return name

    modules = []
    for module in Module.objects.filter(version=version).order_by("position", "id"):
        module_out: dict[str, Any] = {"title": module.title, "lessons": []}
        for lesson in lessons.get(module.pk, []):
            lesson_out: dict[str, Any] = {"title": lesson.title, "blocks": []}
            for block in blocks.get(lesson.pk, []):
                lesson_out["blocks"].append(
                    {
                        "kind": block.kind,
                        "data": block.data,
                        "file": member(block.file, block.kind),
                        "captions": member(block.captions, "captions"),
                    }
                )
            module_out["lessons"].append(lesson_out)
        modules.append(module_out)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "course": _settings(course, version),
        "modules": modules,
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, field in files:
            with field.open("rb") as source, zf.open(name, "w", force_zip64=True) as sink:
                while chunk := source.read(1024 * 1024):
                    sink.write(chunk)
    return manifest


# --- The manifest's schema ------------------------------------------------------------------


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlockIn(_In):
    kind: str
    data: dict[str, Any]
    file: str | None = None
    captions: str | None = None


class LessonIn(_In):
    title: str = Field(min_length=1, max_length=200)
    blocks: list[BlockIn] = Field(max_length=500)


class ModuleIn(_In):
    title: str = Field(min_length=1, max_length=200)
    lessons: list[LessonIn] = Field(max_length=500)


class CourseIn(_In):
    slug: str = Field(min_length=1, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field("", max_length=20_000)
    language: str
    estimated_minutes: int = Field(ge=1, le=6000)
    topic: str
    audience: str
    order_mode: str
    pass_mark: int = Field(ge=0, le=100)
    issues_diploma: bool = False


class ManifestIn(_In):
    format: str
    format_version: int
    exported_at: str = ""
    course: CourseIn
    modules: list[ModuleIn] = Field(max_length=200)


# --- Reading and checking a bundle ---------------------------------------------------------


def _where(loc: tuple[int | str, ...]) -> str:
    words = {"modules": _("module"), "lessons": _("lesson"), "blocks": _("block")}
    parts: list[str] = []
    items = list(loc)
    for i, part in enumerate(items):
        if isinstance(part, int) and i > 0 and items[i - 1] in words:
            parts[-1] = f"{words[str(items[i - 1])]} {part + 1}"
        else:
            parts.append(str(part))
    return " / ".join(parts)


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters, backslashes, '..' segments and control characters."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name:
        return True
    if any(ord(c) < 32 for c in name):
        return True
    return any(part in ("..", ".") for part in name.split("/"))


def _too_large_unpacked() -> BundleError:
    return BundleError(
        [
            _("The bundle unpacks to more than %(size)s, more than a course needs.")
            % {"size": filesizeformat(MAX_TOTAL_BYTES)}
        ]
    )


class _Unpacked(io.RawIOBase):
    """A member's unpacked bytes, stopped as soon as they pass what its header said or the budget left."""

    def __init__(self, handle: IO[bytes], info: zipfile.ZipInfo, budget: list[int]) -> None:
        self._handle, self._info, self._budget, self._seen = handle, info, budget, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        self._seen += len(data)
        self._budget[0] -= len(data)
        if self._seen > self._info.file_size:
            raise BundleError([_("%(name)s is larger than the bundle says.") % {"name": self._info.filename}])
        if self._budget[0] < 0:
            raise _too_large_unpacked()
        buffer[: len(data)] = data
        return len(data)


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than ``limit`` even if its header lies about its size."""
    with zf.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BundleError([_("%(name)s is larger than allowed.") % {"name": info.filename}])
    return data


class Bundle:
    """An opened, fully checked bundle, ready to import."""

    def __init__(self, zf: zipfile.ZipFile, manifest: ManifestIn) -> None:
        self.zf = zf
        self.manifest = manifest


def open_bundle(source: IO[bytes]) -> Bundle:
    """Open and check a bundle. Raises BundleError listing every problem found."""
    try:
        zf = zipfile.ZipFile(source)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BundleError(
            [_("The file is not a readable zip file. It may be damaged or not a course bundle.")]
        ) from exc
    problems: list[str] = []
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if unsafe_name(info.filename):
            problems.append(_("Refused: the bundle contains an unsafe file name (%(name)s).") % {"name": info.filename})
        elif not info.is_dir():
            members[info.filename] = info
    if len(infos) > MAX_MEMBERS:
        problems.append(_("The bundle has too many files (at most %(n)d).") % {"n": MAX_MEMBERS})
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        problems.append(_too_large_unpacked().messages[0])
    for info in infos:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            problems.append(
                _("Refused: %(name)s unpacks to %(times)d times its packed size, which no real media file does.")
                % {"name": info.filename, "times": info.file_size // max(info.compress_size, 1)}
            )
    if problems:
        raise BundleError(problems)
    if MANIFEST not in members:
        raise BundleError([_("The zip file has no manifest.json, so it is not a course bundle.")])
    try:
        raw = safejson.loads(_read(zf, members[MANIFEST], MAX_MANIFEST_BYTES), max_depth=MAX_MANIFEST_DEPTH)
    except safejson.TooDeep as exc:
        raise BundleError(
            [_("manifest.json nests deeper than %(n)d levels; a course bundle never does.") % {"n": MAX_MANIFEST_DEPTH}]
        ) from exc
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        raise BundleError([_("manifest.json is damaged or not valid JSON.")]) from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError([_("manifest.json does not describe a Jämlik course bundle.")])
    if raw.get("format_version") != FORMAT_VERSION:
        raise BundleError(
            [
                _("The bundle has format version %(found)s; this installation reads version %(known)d.")
                % {"found": raw.get("format_version"), "known": FORMAT_VERSION}
            ]
        )
    try:
        manifest = ManifestIn.model_validate(raw)
    except PydanticValidationError as exc:
        raise BundleError([f"{_where(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]) from exc
    problems.extend(_check_course(manifest.course))
    for m, module in enumerate(manifest.modules, start=1):
        for n, lesson in enumerate(module.lessons, start=1):
            for b, block in enumerate(lesson.blocks, start=1):
                where = _("Module %(m)d, lesson %(n)d, block %(b)d") % {"m": m, "n": n, "b": b}
                problems.extend(
                    _("%(where)s: %(problem)s") % {"where": where, "problem": p}
                    for p in _check_block(zf, members, block)
                )
    if problems:
        raise BundleError(problems)
    return Bundle(zf, manifest)


def _check_course(course: CourseIn) -> list[str]:
    problems = []
    if course.language not in Language.values:
        problems.append(_("Unknown language “%(value)s”.") % {"value": course.language})
    if course.audience not in Audience.values:
        problems.append(_("Unknown audience “%(value)s”.") % {"value": course.audience})
    if course.order_mode not in OrderMode.values:
        problems.append(_("Unknown order “%(value)s”.") % {"value": course.order_mode})
    return problems


def _check_block(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], block: BlockIn) -> list[str]:
    if block.kind not in BlockKind.values:
        return [_("Unknown block kind “%(kind)s”.") % {"kind": block.kind}]
    problems: list[str] = []
    try:
        validate_block_data(block.kind, block.data)
    except ValidationError as exc:
        problems.extend(exc.messages)
    for name, is_captions in ((block.file, False), (block.captions, True)):
        if name is None:
            continue
        allowed = block.kind == BlockKind.VIDEO if is_captions else block.kind in MEDIA_RULES
        if not allowed:
            problems.append(
                _("A block of the kind “%(kind)s” cannot have this file.") % {"kind": BlockKind(block.kind).label}
            )
            continue
        info = members.get(name)
        if info is None or not name.startswith("media/"):
            problems.append(_("The file %(name)s is not in the bundle.") % {"name": name})
            continue
        try:
            if is_captions:
                check_captions(name, info.file_size, _read(zf, info, CAPTIONS_RULE.max_bytes)[:HEAD_BYTES])
            else:
                check_media(block.kind, name, info.file_size, _head(zf, info))
        except ValidationError as exc:
            problems.extend(exc.messages)
        except BundleError as exc:
            problems.extend(exc.messages)
        except (zipfile.BadZipFile, OSError, EOFError):
            problems.append(_("%(name)s is damaged.") % {"name": name})
    return problems


def _head(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as handle:
        return handle.read(HEAD_BYTES)


# --- Import -------------------------------------------------------------------------------


def _free_slug(wanted: str) -> str:
    base = wanted.strip().lower()[:70] or "kurs"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Course.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def import_course(actor: User | None, organisation: Organisation, source: IO[bytes]) -> Course:
    """Create a new draft course for ``organisation`` from a bundle. All or nothing."""
    bundle = open_bundle(source)
    stored: list[str] = []
    try:
        return _write(actor, organisation, bundle, stored, [MAX_TOTAL_BYTES])
    except BaseException as exc:
        for name in stored:
            Block._meta.get_field("file").storage.delete(name)
        if isinstance(exc, zipfile.BadZipFile | EOFError):  # a CRC error shows only when a file is copied
            raise BundleError([_("A file in the bundle is damaged: %(error)s") % {"error": exc}]) from exc
        raise


@transaction.atomic
def _write(
    actor: User | None, organisation: Organisation, bundle: Bundle, stored: list[str], budget: list[int]
) -> Course:
    settings = bundle.manifest.course
    topic = settings.topic if settings.topic in Topic.values else Topic.OTHER
    course = create_course(
        actor,
        slug=_free_slug(settings.slug),
        title=settings.title,
        owner=organisation,
        topic=topic,
        language=settings.language,
    )
    version = CourseVersion.objects.get(course=course)
    counts = _write_version(version, organisation, bundle, stored, budget)
    record(
        "course.imported",
        actor=actor,
        organisation=organisation,
        target=course,
        summary=f"{course.slug}: {settings.title}"[:300],
        after={"from_slug": settings.slug, "exported_at": bundle.manifest.exported_at, **counts},
    )
    return course


def _write_version(
    version: CourseVersion, organisation: Organisation | None, bundle: Bundle, stored: list[str], budget: list[int]
) -> dict[str, int]:
    """The bundle's settings and content into ``version`` (a new, empty draft)."""
    settings = bundle.manifest.course
    version.title = settings.title
    version.language = settings.language
    version.summary = settings.summary
    version.estimated_minutes = settings.estimated_minutes
    version.audience = settings.audience
    version.order_mode = settings.order_mode
    version.pass_mark = settings.pass_mark
    version.issues_diploma = settings.issues_diploma
    if settings.audience == Audience.CHOSEN_ORGANISATIONS and organisation is None:
        version.audience = Audience.ALL_ORGANISATIONS  # a platform course has no organisation to choose
    version.save()
    if version.audience == Audience.CHOSEN_ORGANISATIONS and organisation is not None:
        version.organisations.set([organisation])  # the exporter's choices mean nothing here
    counts = {"modules": 0, "lessons": 0, "blocks": 0, "files": 0}
    for m, module_in in enumerate(bundle.manifest.modules, start=1):
        module = Module.objects.create(version=version, position=m, title=module_in.title)
        counts["modules"] += 1
        for n, lesson_in in enumerate(module_in.lessons, start=1):
            lesson = Lesson.objects.create(module=module, position=n, title=lesson_in.title)
            counts["lessons"] += 1
            for b, block_in in enumerate(lesson_in.blocks, start=1):
                block = Block(lesson=lesson, position=b, kind=block_in.kind, data=block_in.data)
                for attr, name in (("file", block_in.file), ("captions", block_in.captions)):
                    if name:
                        field = getattr(block, attr)
                        info = bundle.zf.getinfo(name)
                        with bundle.zf.open(info) as handle:
                            unpacked = io.BufferedReader(_Unpacked(handle, info, budget), 1024 * 1024)
                            field.save(PurePosixPath(name).name, File(unpacked), save=False)
                        stored.append(field.name)
                        counts["files"] += 1
                block.save()
                counts["blocks"] += 1
    return counts


def import_version(actor: User | None, course: Course, source: IO[bytes]) -> CourseVersion:
    """A new draft version of ``course`` from a bundle (a course re-imported after changes elsewhere).

    All or nothing, like ``import_course``. The course keeps its address, owner and topic; learners keep
    the version they take until the draft is published. Refused while the course has a draft.
    """
    if actor is not None and not authorable_courses(actor).filter(pk=course.pk).exists():
        raise PermissionDenied
    bundle = open_bundle(source)
    stored: list[str] = []
    try:
        return _write_new_version(actor, course, bundle, stored, [MAX_TOTAL_BYTES])
    except BaseException as exc:
        for name in stored:
            Block._meta.get_field("file").storage.delete(name)
        if isinstance(exc, zipfile.BadZipFile | EOFError):
            raise BundleError([_("A file in the bundle is damaged: %(error)s") % {"error": exc}]) from exc
        raise


@transaction.atomic
def _write_new_version(
    actor: User | None, course: Course, bundle: Bundle, stored: list[str], budget: list[int]
) -> CourseVersion:
    course = Course.objects.select_for_update(of=("self",)).select_related("owner").get(pk=course.pk)
    if CourseVersion.objects.filter(course=course, status=VersionStatus.DRAFT).exists():
        raise BundleError([_("This course already has a draft. Publish or finish it before importing a new version.")])
    number = (CourseVersion.objects.filter(course=course).aggregate(m=Max("number"))["m"] or 0) + 1
    version = CourseVersion.objects.create(
        course=course, number=number, title=bundle.manifest.course.title, created_by=actor
    )
    counts = _write_version(version, course.owner, bundle, stored, budget)
    record(
        "course.version_imported",
        actor=actor,
        organisation=course.owner,
        target=version,
        summary=f"{course.slug} v{number}: {bundle.manifest.course.title}"[:300],
        after={"from_slug": bundle.manifest.course.slug, "exported_at": bundle.manifest.exported_at, **counts},
    )
    return version
