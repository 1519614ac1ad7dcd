"""Writing an exported course's zip: its pages, media, runtime script and manifest.

The content of each lesson is one static page (``pages/NN.html``) shown in the launch page's
frame (``index.html``, the SCO), which runs our runtime (``jamlik-sco.js``). Nothing in the
package loads anything from outside it: media are copied in, the style sheet uses system
fonts, and Markdown links (authors' references) are the only addresses that point elsewhere,
as links the learner may follow.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from jamlik.courses.blocks import BlockData, KnowledgeCheckData, ScenarioData, TextData
from jamlik.courses.models import Block, CourseVersion, Lesson, Module
from jamlik.lib.markdown import render_markdown
from jamlik.packages.export.manifest import LAUNCH, SCORM12, STANDARDS, ManifestInfo, build_manifest
from jamlik.people.models import Language

ASSETS = Path(__file__).with_name("assets")
RUNTIME = "jamlik-sco.js"
STYLE = "jamlik-sco.css"


class ExportError(Exception):
    """The version cannot be exported; the message says why, in the active language."""


@dataclass
class ExportedBlock:
    block: Block
    content: BlockData
    anchor: str
    html: SafeString | None = None
    file: str = ""
    captions: str = ""
    check_index: int = -1
    correct_ids: str = ""

    @property
    def template(self) -> str:
        return f"packages/export/blocks/{self.block.kind}.html"


@dataclass
class ExportedPage:
    index: int
    title: str
    module: str
    href: str
    blocks: list[ExportedBlock] = field(default_factory=list)


@dataclass(frozen=True)
class ExportSummary:
    standard: str
    filename: str
    pages: int
    checks: int
    files: list[str]


def filename_for(version: CourseVersion, standard: str) -> str:
    return f"{version.course.slug}-v{version.number}-{standard}.zip"


def _collect(version: CourseVersion) -> tuple[list[dict[str, Any]], list[ExportedPage], list[tuple[str, Any]], int]:
    """Modules with their pages, every page, the media to copy (name in the zip, file) and the check count."""
    media: list[tuple[str, Any]] = []

    def member(file_field: Any, stem: str) -> str:
        if not file_field:
            return ""
        name = f"media/{len(media) + 1:04d}-{stem}{PurePosixPath(file_field.name).suffix.lower()}"
        media.append((name, file_field))
        return name

    blocks: dict[int, list[Block]] = {}
    for block in Block.objects.filter(lesson__version=version).order_by("position", "id"):
        blocks.setdefault(block.lesson_id, []).append(block)
    lessons: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.filter(version=version).order_by("position", "id"):
        lessons.setdefault(lesson.module_id, []).append(lesson)
    modules: list[dict[str, Any]] = []
    pages: list[ExportedPage] = []
    checks = 0
    for module in Module.objects.filter(version=version).order_by("position", "id"):
        module_pages: list[ExportedPage] = []
        for lesson in lessons.get(module.pk, []):
            page = ExportedPage(
                index=len(pages), title=lesson.title, module=module.title, href=f"pages/{len(pages) + 1:03d}.html"
            )
            for number, block in enumerate(blocks.get(lesson.pk, []), start=1):
                content = block.content
                item = ExportedBlock(block=block, content=content, anchor=f"b{number}")
                if isinstance(content, TextData):
                    item.html = render_markdown(content.markdown)
                elif isinstance(content, ScenarioData):
                    item.html = render_markdown(content.situation)
                elif isinstance(content, KnowledgeCheckData):
                    item.check_index, checks = checks, checks + 1
                    item.correct_ids = " ".join(sorted(o.id for o in content.options if o.correct))
                item.file = member(block.file, block.kind)
                item.captions = member(block.captions, "captions")
                page.blocks.append(item)
            pages.append(page)
            module_pages.append(page)
        if module_pages:
            modules.append({"title": module.title, "pages": module_pages})
    return modules, pages, media, checks


def _strings() -> dict[str, str]:
    """The runtime's sentences, in the version's language ({…} filled in by the script)."""
    return {
        "offline": _("Not connected to a learning platform: you can read the course, but nothing is saved."),
        "position": _("Page {n} of {total}"),
        "progress": _("You have seen {seen} of {total} pages."),
        "passed": _("You have seen every page and answered {correct} of {checks} correctly ({percent} %). Passed."),
        "failed": _(
            "You have seen every page and answered {correct} of {checks} correctly ({percent} %). "
            "That is below the pass mark: try the knowledge checks again."
        ),
        "completed": _("You have seen every page. The course is completed."),
    }


def export_version(version: CourseVersion, standard: str, target: IO[bytes]) -> ExportSummary:
    """Write ``version`` as a SCORM package of ``standard`` (``scorm12`` or ``scorm2004``) to ``target``.

    Learners' data is never read: reflections (private to each learner) are shown as their
    question only, and nobody's answers are in the package.
    """
    if standard not in STANDARDS:
        raise ExportError(_("Choose SCORM 1.2 (scorm12) or SCORM 2004 (scorm2004)."))
    modules, pages, media, checks = _collect(version)
    if not pages:
        raise ExportError(_("The version has no lessons to export."))
    with translation.override(version.language):
        language_name = str(Language(version.language).label)
        config = {
            "standard": standard,
            "pages": [page.href for page in pages],
            "checks": checks,
            "passMark": version.pass_mark,
            "strings": _strings(),
        }
        shell = render_to_string(
            "packages/export/shell.html", {"version": version, "modules": modules, "checks": checks, "config": config}
        )
        rendered = [
            (
                page.href,
                render_to_string(
                    "packages/export/lesson.html", {"version": version, "page": page, "language_name": language_name}
                ),
            )
            for page in pages
        ]
    files = [LAUNCH, RUNTIME, STYLE] + [href for href, _html in rendered] + [name for name, _f in media]
    info = ManifestInfo(
        identifier=f"jamlik-{version.public_id}",
        title=version.title,
        pass_mark=version.pass_mark,
        scored=checks > 0,
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", build_manifest(standard, info, files))
        zf.writestr(LAUNCH, shell)
        zf.write(ASSETS / RUNTIME, RUNTIME)
        zf.write(ASSETS / STYLE, STYLE)
        for href, html in rendered:
            zf.writestr(href, html)
        for name, file_field in media:
            with file_field.open("rb") as source, zf.open(name, "w", force_zip64=True) as sink:
                while chunk := source.read(1024 * 1024):
                    sink.write(chunk)
    return ExportSummary(
        standard=standard, filename=filename_for(version, standard), pages=len(pages), checks=checks, files=files
    )


__all__ = ["SCORM12", "ExportError", "ExportSummary", "export_version", "filename_for"]
