"""Learner pages: catalogue, course page, lessons with accessible blocks, completion."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jamlik.courses import actions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import CheckAnswer, Topic
from jamlik.people.models import User
from tests.courses.factories import BlockFactory, lessons_of, make_course


@pytest.mark.django_db
def test_the_catalogue_filters_by_language_and_topic(client: Client) -> None:
    make_course(slug="svensk", title="Kurs Alfa", language="sv")
    english = make_course(slug="engelsk", title="Course Beta", language="en")
    english.topic = Topic.DISCRIMINATION_LAW
    english.save()
    assert "Kurs Alfa" in client.get("/kurser/").content.decode()
    only_en = client.get("/kurser/?language=en").content.decode()
    assert "Course Beta" in only_en and "Kurs Alfa" not in only_en
    by_topic = client.get("/kurser/?topic=discrimination_law").content.decode()
    assert "Course Beta" in by_topic and "Kurs Alfa" not in by_topic
    assert client.get("/kurser/?language=xx").status_code == 200  # an unknown filter is ignored


@pytest.mark.django_db
def test_every_page_links_to_the_catalogue(client: Client) -> None:
    assert 'href="/kurser/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_course_page_offers_enrolment_then_resume(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=2)
    first, second = lessons_of(course)
    page = as_learner_a.get(f"/kurser/{course.slug}/").content.decode()
    assert f'action="/kurser/{course.slug}/anmal/"' in page
    actions.enrol(learner_a, course)
    actions.record_progress(learner_a, first)
    page = as_learner_a.get(f"/kurser/{course.slug}/").content.decode()
    assert f'href="/kurser/{course.slug}/lektion/{second.public_id}/"' in page
    assert '<progress max="2" value="1"' in page


@pytest.mark.django_db
def test_a_lesson_renders_media_accessibly(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=1, publish=False)
    lesson = course.versions.get().ordered_lessons().get()
    BlockFactory(
        lesson=lesson,
        kind=BlockKind.VIDEO,
        data={"transcript": "Hej och välkommen."},
        file="courses/media/a/file.mp4",
        captions="courses/captions/a/captions.vtt",
    )
    BlockFactory(
        lesson=lesson, kind=BlockKind.IMAGE, data={"alt": "En karta över Dalarna"}, file="courses/media/b/f.png"
    )
    BlockFactory(
        lesson=lesson, kind=BlockKind.AUDIO, data={"transcript": "Ljudet i text."}, file="courses/media/c/f.mp3"
    )
    from jamlik.courses import versions

    versions.publish_version(None, course.versions.get())
    course.refresh_from_db()
    actions.enrol(learner_a, course)
    page = as_learner_a.get(f"/kurser/{course.slug}/lektion/{lesson.public_id}/").content.decode()
    assert '<track kind="captions" src="/media/courses/captions/a/captions.vtt" srclang="sv"' in page
    assert '<details class="transcript">' in page and "Hej och välkommen." in page
    assert 'alt="En karta över Dalarna"' in page
    assert "Ljudet i text." in page


@pytest.mark.django_db
def test_a_knowledge_check_is_a_real_form_with_feedback_announced(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=1, checks_per_lesson=1)
    lesson = lessons_of(course)[0]
    block = lesson.blocks.get(kind=BlockKind.KNOWLEDGE_CHECK)
    actions.enrol(learner_a, course)
    url = f"/kurser/{course.slug}/lektion/{lesson.public_id}/"
    page = as_learner_a.get(url).content.decode()
    assert "<fieldset" in page and "<legend>Which one is right?</legend>" in page
    assert 'type="radio" name="option" value="a"' in page
    assert 'role="status" aria-live="polite"' in page
    assert "timer" not in page.lower()

    # Without JavaScript: a plain POST, then back to the question with its feedback.
    response = as_learner_a.post(f"{url}fraga/{block.public_id}/", {"option": "b"})
    assert response["Location"] == f"{url}#b-{block.public_id}"
    page = as_learner_a.get(url).content.decode()
    assert "No, think again." in page
    assert re.search(r'value="b"\s+id="[^"]+" checked', page)  # the answer given stays chosen

    # With htmx: only the feedback fragment comes back, for the live region.
    fragment = as_learner_a.post(f"{url}fraga/{block.public_id}/", {"option": "a"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "Yes, that is it." in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert CheckAnswer.objects.get().correct is True


@pytest.mark.django_db
def test_a_scenario_shows_the_feedback_for_the_chosen_option_without_javascript(
    as_learner_a: Client, learner_a: User
) -> None:
    course = make_course(lessons=1, publish=False)
    lesson = course.versions.get().ordered_lessons().get()
    block = BlockFactory(
        lesson=lesson,
        kind=BlockKind.SCENARIO,
        data={
            "situation": "En man vid disken …",
            "choices": [
                {"id": "snabbt", "text": "Ge en blankett", "feedback": "Det går fort men hjälper inte."},
                {"id": "lyssna", "text": "Lyssna", "feedback": "Bra, du tar reda på behovet."},
            ],
        },
    )
    from jamlik.courses import versions

    versions.publish_version(None, course.versions.get())
    course.refresh_from_db()
    actions.enrol(learner_a, course)
    url = f"/kurser/{course.slug}/lektion/{lesson.public_id}/"
    assert "Bra, du tar reda på behovet." not in as_learner_a.get(url).content.decode()
    page = as_learner_a.get(f"{url}?s-{block.public_id}=lyssna").content.decode()
    assert "Bra, du tar reda på behovet." in page
    assert "Det går fort men hjälper inte." not in page


@pytest.mark.django_db
def test_the_completion_page_congratulates_only_after_completion(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=1)
    actions.enrol(learner_a, course)
    before = as_learner_a.get(f"/kurser/{course.slug}/klar/").content.decode()
    assert '<progress max="1" value="0"' in before
    response = as_learner_a.post(f"/kurser/{course.slug}/lektion/{lessons_of(course)[0].public_id}/klar/")
    assert response["Location"] == f"/kurser/{course.slug}/klar/"
    after = as_learner_a.get(response["Location"])
    assert after.status_code == 200
    assert "<h1>" in after.content.decode() and "<progress" not in after.content.decode()


@pytest.mark.django_db
def test_coordinators_find_the_course_report_in_the_organisation_menu(as_coordinator_a: Client, org_a: object) -> None:
    page = as_coordinator_a.get(f"/organisationer/{org_a.slug}/medlemmar/").content.decode()  # type: ignore[attr-defined]
    assert f'href="/organisationer/{org_a.slug}/kurser/"' in page  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_an_empty_answer_marks_the_question_invalid_and_describes_it(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=1, checks_per_lesson=1)
    lesson = lessons_of(course)[0]
    block = lesson.blocks.get(kind=BlockKind.KNOWLEDGE_CHECK)
    actions.enrol(learner_a, course)
    url = f"/kurser/{course.slug}/lektion/{lesson.public_id}/"
    response = as_learner_a.post(f"{url}fraga/{block.public_id}/", {})
    assert response.status_code == 302 and f"?fel={block.public_id}" in response["Location"]
    page = as_learner_a.get(response["Location"]).content.decode()
    anchor = f"b-{block.public_id}"
    assert f'<fieldset aria-describedby="{anchor}-feedback" aria-invalid="true">' in page
    feedback = page[page.index(f'id="{anchor}-feedback"') :]
    assert feedback.index("Välj ett svar.") < feedback.index("</div>")
    # Answered, the question is no longer marked.
    assert 'aria-invalid="true"' not in as_learner_a.get(url).content.decode()
