"""A published course with every kind of block and its media, and readers of an exported zip."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile

from jamlik.courses.authoring import content
from jamlik.courses.models import Course, CourseVersion
from jamlik.courses.versions import create_course, publish_version
from jamlik.packages.export import export_version
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import MP3, MP4, PNG, VTT
from tests.courses.factories import check_data

EVERY_KIND = {"text", "image", "video", "audio", "reflection", "knowledge_check", "scenario"}


def every_kind_course(author: User, owner: Organisation, *, language: str = "sv", slug: str = "bemotande") -> Course:
    """Two modules, three lessons, two knowledge checks (one single, one multiple), pass mark 50."""
    course = create_course(author, slug=slug, title="Bemötande", owner=owner, topic="discrimination_law")
    version = course.versions.get()
    version.summary, version.pass_mark, version.language = "Om gott bemötande.", 50, language
    version.save()
    one = content.add_module(author, version, title="Grunderna")
    two = content.add_module(author, version, title="Lagen")
    first = content.add_lesson(author, one, title="Vad är bemötande?")
    second = content.add_lesson(author, two, title="De sju grunderna")
    third = content.add_lesson(author, two, title="Fallet")
    content.add_block(
        author,
        first,
        kind="text",
        data={"markdown": "## Respekt\n\nAlla har rätt till **respekt**. Läs [lagen](https://example.org/lag)."},
    )
    content.add_block(
        author, first, kind="image", data={"alt": "En disk", "caption": "Mottagningen"}, file=ContentFile(PNG, "d.png")
    )
    content.add_block(
        author,
        first,
        kind="video",
        data={"transcript": "Hej och välkommen.", "description": "En film"},
        file=ContentFile(MP4, name="film.mp4"),
        captions=ContentFile(VTT, name="film.vtt"),
    )
    content.add_block(author, first, kind="audio", data={"transcript": "Ljudet."}, file=ContentFile(MP3, "ljud.mp3"))
    content.add_block(author, second, kind="knowledge_check", data=check_data("Vilken är rätt?"))
    content.add_block(author, second, kind="reflection", data={"prompt": "Vad tar du med dig?"})
    content.add_block(author, third, kind="knowledge_check", data=check_data("Vilka är rätt?", multiple=True))
    content.add_block(
        author,
        third,
        kind="scenario",
        data={
            "situation": "En besökare …",
            "choices": [{"id": "a", "text": "A", "feedback": "Bra."}, {"id": "b", "text": "B", "feedback": "Nja."}],
        },
    )
    publish_version(author, version)
    course.refresh_from_db()
    return course


def export_zip(version: CourseVersion, standard: str = "scorm12") -> zipfile.ZipFile:
    target = io.BytesIO()
    export_version(version, standard, target)
    return zipfile.ZipFile(io.BytesIO(target.getvalue()))
