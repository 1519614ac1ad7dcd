"""Blocks of every kind through the authoring pages: validation, uploads, order, preview, injection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jamlik.audit.models import AuditEntry
from jamlik.courses.authoring import content
from jamlik.courses.models import Block, Course, Lesson, VersionStatus
from jamlik.courses.versions import create_course
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import JPEG, MP3, MP4, PNG, VTT, in_english, upload, use_tmp_media


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> None:
    use_tmp_media(settings, tmp_path)


@pytest.fixture
def lesson(org_a: Organisation, coordinator_a: User) -> Lesson:
    course = create_course(coordinator_a, slug="bemotande", title="Bemötande", owner=org_a)
    module = content.add_module(coordinator_a, course.versions.get(), title="Grunderna")
    return content.add_lesson(coordinator_a, module, title="Vad är bemötande?")


@pytest.fixture
def author(as_coordinator_a: Client) -> Client:
    return in_english(as_coordinator_a)


def course_of(lesson: Lesson) -> Course:
    return lesson.version.course


def new_block_url(lesson: Lesson, kind: str) -> str:
    return reverse("courses:authoring:new_block", args=[course_of(lesson).public_id, lesson.public_id, kind])


def block_url(block: Block, name: str = "block") -> str:
    return reverse(f"courses:authoring:{name}", args=[block.lesson.version.course.public_id, block.public_id])


def check_post(**extra: Any) -> dict[str, Any]:
    return {
        "question": "Vilka är diskrimineringsgrunderna?",
        "explanation": "Lagen räknar upp sju grunder.",
        "options_0_text": "Sju grunder",
        "options_0_correct": "on",
        "options_0_feedback": "Ja: kön, könsöverskridande identitet, etnisk tillhörighet, religion, funktionsnedsättning, sexuell läggning och ålder.",
        "options_1_text": "Tre grunder",
        "options_1_feedback": "Nej, de är fler.",
        **extra,
    }


VALID: dict[str, dict[str, Any]] = {
    "text": {"markdown": "Alla har rätt till ett **gott bemötande**."},
    "image": {"alt": "En handläggare hjälper en besökare", "caption": "Foto: Länsstyrelsen"},
    "video": {"transcript": "Handläggaren hälsar och frågar vad besökaren behöver."},
    "audio": {"transcript": "En berättelse om att bli bemött."},
    "reflection": {"prompt": "När blev du själv väl bemött?"},
    "knowledge_check": check_post(),
    "scenario": {
        "situation": "En besökare talar lite svenska och vill ha hjälp med en ansökan.",
        "question": "Vad gör du?",
        "choices_0_text": "Tar fram en tolk",
        "choices_0_feedback": "Bra: alla har rätt att förstå sitt ärende.",
        "choices_1_text": "Ber hen komma tillbaka med en anhörig",
        "choices_1_feedback": "Det kan leda till att hen inte får sina rättigheter.",
    },
}


def files_for(kind: str) -> dict[str, Any]:
    if kind == "image":
        return {"file": upload("karta.png", PNG, "image/png")}
    if kind == "video":
        return {"file": upload("film.mp4", MP4, "video/mp4"), "captions": upload("film.vtt", VTT, "text/vtt")}
    if kind == "audio":
        return {"file": upload("ljud.mp3", MP3, "audio/mpeg")}
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(VALID))
def test_every_kind_of_block_can_be_added(author: Client, lesson: Lesson, kind: str) -> None:
    assert author.get(new_block_url(lesson, kind)).status_code == 200
    response = author.post(new_block_url(lesson, kind), {**VALID[kind], **files_for(kind)})
    assert response.status_code == 302, response.text
    block = Block.objects.get(lesson=lesson)
    assert block.kind == kind
    assert block.publishing_problems() == []
    assert AuditEntry.objects.filter(action="course.block_added", target_id=str(block.pk)).exists()


@pytest.mark.django_db
def test_an_unknown_kind_of_block_is_not_found(author: Client, lesson: Lesson) -> None:
    assert author.get(new_block_url(lesson, "quiz")).status_code == 404


@pytest.mark.django_db
def test_an_image_without_alternative_text_is_refused_with_the_error_on_that_field(
    author: Client, lesson: Lesson
) -> None:
    response = author.post(new_block_url(lesson, "image"), {"alt": "  ", **files_for("image")})
    assert response.status_code == 200
    assert 'id="id_alt_error"' in response.text
    assert 'aria-describedby="id_alt_helptext id_alt_error"' in response.text
    assert not Block.objects.exists()


@pytest.mark.django_db
def test_audio_needs_a_transcript(author: Client, lesson: Lesson) -> None:
    response = author.post(new_block_url(lesson, "audio"), {"transcript": "", **files_for("audio")})
    assert 'id="id_transcript_error"' in response.text
    assert not Block.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bild.exe", PNG, "not an allowed type"),
        ("bild.png", b"<html><script>alert(1)</script></html>", "does not contain what its name says"),
        ("bild.png", b"", "empty"),
        ("bild.jpg", JPEG + b"\x00" * (5 * 1024 * 1024), "the limit is 5.0"),
    ],
)
def test_image_uploads_are_limited_by_type_content_and_size(
    author: Client, lesson: Lesson, name: str, data: bytes, message: str
) -> None:
    response = author.post(new_block_url(lesson, "image"), {"alt": "Karta", "file": upload(name, data)})
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.text
    assert message in response.text
    assert not Block.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("film.srt", b"1\n00:00:00,000 --> 00:00:02,000\nHej\n", "must be a WebVTT file"),
        ("film.vtt", b"1\n00:00:00.000 --> 00:00:02.000\nHej\n", "its first line must be"),
        ("film.vtt", b"WEBVTTX\n", "its first line must be"),
    ],
)
def test_captions_must_be_webvtt(author: Client, lesson: Lesson, name: str, data: bytes, message: str) -> None:
    response = author.post(
        new_block_url(lesson, "video"),
        {**VALID["video"], "file": upload("film.mp4", MP4), "captions": upload(name, data)},
    )
    assert 'id="id_captions_error"' in response.text
    assert message in response.text
    assert not Block.objects.exists()


@pytest.mark.django_db
def test_captions_with_a_byte_order_mark_are_accepted(author: Client, lesson: Lesson) -> None:
    response = author.post(
        new_block_url(lesson, "video"),
        {
            **VALID["video"],
            "file": upload("film.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 32),
            "captions": upload("a.vtt", b"\xef\xbb\xbf" + VTT),
        },
    )
    assert response.status_code == 302
    assert Block.objects.get().captions.read().startswith(b"\xef\xbb\xbfWEBVTT")


@pytest.mark.django_db
def test_a_video_without_captions_is_saved_but_cannot_be_published(author: Client, lesson: Lesson) -> None:
    author.post(new_block_url(lesson, "video"), {**VALID["video"], "file": upload("film.mp4", MP4)})
    block = Block.objects.get()
    course = course_of(lesson)
    page = author.get(reverse("courses:authoring:lesson", args=[course.public_id, lesson.public_id])).text
    assert "The video has no captions file (WebVTT)." in page

    response = author.post(reverse("courses:authoring:publish", args=[course.public_id]), follow=True)
    assert "The video has no captions file (WebVTT)." in response.text
    assert course.versions.get().status == VersionStatus.DRAFT

    author.post(block_url(block), {**VALID["video"], "captions": upload("film.vtt", VTT)})
    block.refresh_from_db()
    assert block.captions and block.file  # the video file was kept
    author.post(reverse("courses:authoring:publish", args=[course.public_id]))
    assert course.versions.get().status == VersionStatus.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        (check_post(options_1_text="", options_1_feedback=""), None, "Fill in at least 2 rows"),
        (check_post(options_0_correct=""), None, "Mark at least one option as correct"),
        (check_post(options_1_feedback=""), "options_1_feedback", "Write the feedback"),
        (check_post(options_1_correct="on"), "multiple", "Several options are marked correct"),
        (check_post(options_0_text=""), "options_0_text", "Write the text of this row"),
    ],
)
def test_a_knowledge_check_needs_two_options_a_correct_one_and_feedback_for_each(
    author: Client, lesson: Lesson, post: dict[str, Any], field: str | None, message: str
) -> None:
    response = author.post(new_block_url(lesson, "knowledge_check"), post)
    assert response.status_code == 200
    assert message in response.text
    if field:
        assert f'id="id_{field}_error"' in response.text
    assert not Block.objects.exists()


@pytest.mark.django_db
def test_a_multiple_choice_check_may_have_several_correct_options(author: Client, lesson: Lesson) -> None:
    author.post(new_block_url(lesson, "knowledge_check"), check_post(options_1_correct="on", multiple="on"))
    data = Block.objects.get().data
    assert data["multiple"] is True
    assert [o["correct"] for o in data["options"]] == [True, True]


@pytest.mark.django_db
def test_editing_a_check_keeps_the_ids_of_its_options(author: Client, lesson: Lesson) -> None:
    author.post(new_block_url(lesson, "knowledge_check"), check_post())
    block = Block.objects.get()
    ids = [o["id"] for o in block.data["options"]]
    form = author.get(block_url(block)).text
    assert 'name="options_0_id" value="o1"' in form
    assert 'name="options_3_text"' in form  # two empty rows to add more
    author.post(
        block_url(block),
        check_post(options_0_id=ids[0], options_1_id=ids[1], options_2_text="Fem grunder", options_2_feedback="Nej."),
    )
    block.refresh_from_db()
    assert [o["id"] for o in block.data["options"]] == [*ids, "o3"]
    assert AuditEntry.objects.filter(action="course.block_changed").get().before["data"]["options"][0]["id"] == "o1"


@pytest.mark.django_db
def test_blocks_are_reordered_with_up_and_down_buttons_and_removed(
    author: Client, lesson: Lesson, coordinator_a: User
) -> None:
    first = content.add_block(coordinator_a, lesson, kind="text", data={"markdown": "Först"})
    second = content.add_block(coordinator_a, lesson, kind="reflection", data={"prompt": "Sedan"})
    response = author.post(block_url(second, "move_block"), {"direction": "up"})
    assert response["Location"].endswith(f"#block-{second.public_id}")
    assert list(Block.objects.filter(lesson=lesson).order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    page = author.get(reverse("courses:authoring:lesson", args=[course_of(lesson).public_id, lesson.public_id])).text
    assert 'Move down<span class="visually-hidden"> \N{EN DASH} Reflection question 1</span>' in page
    author.post(block_url(first, "remove_block"))
    assert list(Block.objects.filter(lesson=lesson)) == [second]


@pytest.mark.django_db
def test_the_preview_shows_the_lesson_with_the_learners_templates(
    author: Client, lesson: Lesson, coordinator_a: User
) -> None:
    content.add_block(coordinator_a, lesson, kind="text", data={"markdown": "## Rättigheter\n\nAlla har **rätt**."})
    content.add_block(
        coordinator_a,
        lesson,
        kind="knowledge_check",
        data={
            "question": "Hur många grunder?",
            "options": [
                {"id": "a", "text": "Sju", "correct": True, "feedback": "Ja."},
                {"id": "b", "text": "Två", "feedback": "Nej."},
            ],
        },
    )
    response = author.get(reverse("courses:authoring:preview", args=[course_of(lesson).public_id, lesson.public_id]))
    assert response.status_code == 200
    body = response.text
    assert "Rättigheter</h" in body and "<strong>rätt</strong>" in body  # rendered Markdown
    assert 'class="block block-check"' in body and "Hur många grunder?" in body
    assert "Nothing you do here is saved" in body


@pytest.mark.django_db
def test_script_and_style_in_any_field_are_neutralised(author: Client, lesson: Lesson, coordinator_a: User) -> None:
    evil = '<script>alert("x")</script><style>body{display:none}</style><img src=x onerror=alert(1)>'
    course = course_of(lesson)
    author.post(
        reverse("courses:authoring:lesson", args=[course.public_id, lesson.public_id]),
        {"title": f"Lektion {evil}", "module": lesson.module_id},
    )
    author.post(new_block_url(lesson, "text"), {"markdown": f"Hej {evil} [klicka](javascript:alert(1))"})
    author.post(new_block_url(lesson, "image"), {"alt": evil, "caption": evil, **files_for("image")})
    author.post(new_block_url(lesson, "knowledge_check"), check_post(question=evil, options_0_feedback=evil))
    assert Block.objects.count() == 3
    pages = [
        author.get(reverse("courses:authoring:preview", args=[course.public_id, lesson.public_id])).text,
        author.get(reverse("courses:authoring:lesson", args=[course.public_id, lesson.public_id])).text,
        author.get(reverse("courses:authoring:course", args=[course.public_id])).text,
    ]
    for body in pages:
        assert "<script>alert" not in body
        assert "<style>body" not in body
        assert "<img src=x" not in body
        assert 'href="javascript:' not in body
    assert "&lt;script&gt;" in pages[0]


@pytest.mark.django_db
def test_the_form_says_add_for_a_new_block_and_edit_with_the_current_file_for_a_saved_one(
    author: Client, lesson: Lesson
) -> None:
    assert "<h1>Add: Image</h1>" in author.get(new_block_url(lesson, "image")).text
    author.post(new_block_url(lesson, "image"), {**VALID["image"], **files_for("image")})
    block = Block.objects.get()
    page = author.get(block_url(block)).text
    assert "<h1>Edit: Image</h1>" in page
    assert f'Current file: <a href="/media/{block.file.name}">' in page
    assert "Leave empty to keep the current file." in page


@pytest.mark.django_db
def test_problems_with_the_question_and_the_options_are_reported_together(author: Client, lesson: Lesson) -> None:
    response = author.post(new_block_url(lesson, "knowledge_check"), check_post(question="", options_1_feedback=""))
    assert 'id="id_question_error"' in response.text
    assert 'id="id_options_1_feedback_error"' in response.text
    assert "Mark at least one option" not in response.text


@pytest.mark.django_db
def test_a_publishing_problem_numbers_the_block_as_the_lesson_page_shows_it(
    author: Client, lesson: Lesson, coordinator_a: User
) -> None:
    from django.core.files.base import ContentFile

    content.add_block(coordinator_a, lesson, kind="text", data={"markdown": "Först"})
    content.add_block(coordinator_a, lesson, kind="video", data={"transcript": "Hej."}, file=ContentFile(MP4, "f.mp4"))
    page = author.get(reverse("courses:authoring:course", args=[course_of(lesson).public_id])).text
    assert "block 2 (Video): The video has no captions file (WebVTT)." in page
