"""Small helpers shared by the authoring, bundle, group and import tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

# The smallest byte strings that pass the content checks for each file type.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
MP3 = b"ID3\x04\x00" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHej och v\xc3\xa4lkommen.\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def in_english(client: Client) -> Client:
    """Pages in English whatever the signed-in person's language, so tests can read messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def use_tmp_media(settings_fixture: object, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    settings_fixture.MEDIA_ROOT = media  # type: ignore[attr-defined]
    return media


# --- Rows for the browser checks of the authoring pages (tests/browser/pages.py) -----------


def authoring_course(cast: Any) -> None:
    """A draft of organisation A with a block of every kind; one video lacks captions."""
    from django.core.files.base import ContentFile

    from jamlik.courses.authoring import content
    from jamlik.courses.versions import create_course

    author = cast.coordinator_a
    course = create_course(author, slug="bemotande", title="Bemötande i offentlig tjänst", owner=cast.org_a)
    version = course.versions.get()
    module = content.add_module(author, version, title="Grunderna")
    lesson = content.add_lesson(author, module, title="Vad är ett gott bemötande?")
    content.add_lesson(author, module, title="De sju diskrimineringsgrunderna")
    content.add_block(author, lesson, kind="text", data={"markdown": "Alla har rätt till ett **gott bemötande**."})
    image = content.add_block(
        author, lesson, kind="image", data={"alt": "En handläggare vid en disk"}, file=ContentFile(PNG, name="a.png")
    )
    video = content.add_block(
        author, lesson, kind="video", data={"transcript": "Hej och välkommen."}, file=ContentFile(MP4, name="f.mp4")
    )
    check = content.add_block(
        author,
        lesson,
        kind="knowledge_check",
        data={
            "question": "Hur många diskrimineringsgrunder finns det?",
            "options": [
                {"id": "a", "text": "Sju", "correct": True, "feedback": "Ja."},
                {"id": "b", "text": "Tre", "feedback": "Nej, fler."},
            ],
        },
    )
    content.add_block(
        author,
        lesson,
        kind="scenario",
        data={
            "situation": "En besökare talar lite svenska.",
            "choices": [
                {"id": "a", "text": "Tolk", "feedback": "Bra."},
                {"id": "b", "text": "Vänta", "feedback": "Nja."},
            ],
        },
    )
    content.add_block(author, lesson, kind="reflection", data={"prompt": "När blev du väl bemött?"})
    cast.extra.update(
        course=str(course.public_id),
        lesson=str(lesson.public_id),
        module=str(module.pk),
        check=str(check.public_id),
        video=str(video.public_id),
        image=str(image.public_id),
    )


def published_authoring_course(cast: Any) -> None:
    """The course above, completed and published (no draft left), for group sessions and imports."""
    from django.core.files.base import ContentFile

    from jamlik.courses.authoring import content
    from jamlik.courses.models import Block, Lesson
    from jamlik.courses.versions import publish_version

    authoring_course(cast)
    video = Block.objects.get(public_id=cast.extra["video"])
    video.captions.save("captions.vtt", ContentFile(VTT), save=True)
    empty = Lesson.objects.get(version=video.lesson.version, blocks__isnull=True)
    content.add_block(cast.coordinator_a, empty, kind="text", data={"markdown": "Kön, ålder, religion …"})
    publish_version(cast.coordinator_a, video.lesson.version)
    cast.extra["slug"] = "bemotande"


def submit_the_form(page: Any) -> None:
    """Send the page's main form as it is (empty or with its current values)."""
    page.locator("main form.stacked button[type=submit]").last.click()
    page.wait_for_load_state()


def submit_without_a_title(page: Any) -> None:
    page.locator("#id_title").fill("")
    submit_the_form(page)


def upload_bad_completions(page: Any) -> None:
    content = "email,completed_on\nlina@sater.se,2025-10-01\nokand@sater.se,igår\n".encode()
    page.locator("#id_course").select_option("bemotande")
    page.locator("#id_file").set_input_files({"name": "gamla.csv", "mimeType": "text/csv", "buffer": content})
    submit_the_form(page)


def a_waiting_import(cast: Any) -> None:
    """A completion import the worker has not picked up yet (its progress page), made by coordinator A."""
    from jamlik.courses.models import CompletionImport, Course, ImportState

    published_authoring_course(cast)
    job = CompletionImport.objects.create(
        organisation=cast.org_a,
        course=Course.objects.get(slug="bemotande"),
        created_by=cast.coordinator_a,
        filename="gamla.csv",
        content=b"email,completed_on\nlina@sater.se,2025-10-01\n",
        state=ImportState.CHECKING,
        total_rows=20_000,
        checked_rows=6_000,
    )
    cast.extra["import"] = str(job.public_id)


def a_waiting_bundle_import(cast: Any) -> None:
    """A course bundle import the worker has not picked up yet, made by coordinator A."""
    from jamlik.courses.models import BundleImport

    job = BundleImport.objects.create(organisation=cast.org_a, created_by=cast.coordinator_a, filename="kurs.zip")
    cast.extra["bundle_import"] = str(job.public_id)
