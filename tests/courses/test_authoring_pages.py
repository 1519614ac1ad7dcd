"""Authoring through the pages: who may author what, and the course/module/lesson life cycle."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jamlik.audit.models import AuditEntry
from jamlik.courses.authoring import content
from jamlik.courses.models import Audience, Course, CourseVersion, Enrolment, Lesson, Module, VersionStatus
from jamlik.courses.versions import create_course
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import in_english, use_tmp_media


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> None:
    use_tmp_media(settings, tmp_path)


def url(name: str, *args: object) -> str:
    return reverse(f"courses:authoring:{name}", args=args)


@pytest.fixture
def sater_course(org_a: Organisation, coordinator_a: User) -> Course:
    """A draft course owned by organisation A: one module, one lesson with a text block."""
    course = create_course(coordinator_a, slug="bemotande", title="Bemötande", owner=org_a)
    version = course.versions.get()
    module = content.add_module(coordinator_a, version, title="Grunderna")
    lesson = content.add_lesson(coordinator_a, module, title="Vad är bemötande?")
    content.add_block(coordinator_a, lesson, kind="text", data={"markdown": "Alla ska få ett gott bemötande."})
    return course


def draft(course: Course) -> CourseVersion:
    return course.versions.get(status=VersionStatus.DRAFT)


# --- Who may author -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_programme_manager_creates_a_course_as_a_draft(as_programme_manager: Client) -> None:
    response = as_programme_manager.post(
        url("new_course"), {"title": "Ett Dalarna för alla", "slug": "dalarna-for-alla", "language": "sv", "owner": ""}
    )
    course = Course.objects.get(slug="dalarna-for-alla")
    assert response.status_code == 302
    assert response["Location"] == url("course", course.public_id)
    assert course.owner is None
    assert draft(course).title == "Ett Dalarna för alla"
    assert AuditEntry.objects.filter(action="course.created", target_id=str(course.pk)).exists()


@pytest.mark.django_db
def test_a_coordinator_creates_courses_only_for_their_own_organisation(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    client = in_english(as_coordinator_a)
    refused = client.post(url("new_course"), {"title": "X", "slug": "x-kurs", "language": "sv", "owner": org_b.slug})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.text
    assert not Course.objects.exists()

    client.post(url("new_course"), {"title": "X", "slug": "x-kurs", "language": "sv", "owner": org_a.slug})
    assert Course.objects.get(slug="x-kurs").owner == org_a


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["redigera", "Inte OK", "bemotande"])
def test_a_reserved_badly_formed_or_taken_address_is_refused(
    as_programme_manager: Client, sater_course: Course, slug: str
) -> None:
    response = in_english(as_programme_manager).post(
        url("new_course"), {"title": "Ny", "slug": slug, "language": "sv", "owner": ""}
    )
    assert response.status_code == 200
    assert 'id="id_slug_error"' in response.text
    assert Course.objects.count() == 1


@pytest.mark.django_db
def test_a_learner_has_no_authoring_pages(as_learner_a: Client, sater_course: Course) -> None:
    assert as_learner_a.get(url("courses")).status_code == 404
    assert as_learner_a.get(url("new_course")).status_code == 404
    assert as_learner_a.get(url("course", sater_course.public_id)).status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(url("courses"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_a_coordinator_of_another_organisation_cannot_see_or_change_the_course(
    as_coordinator_b: Client, sater_course: Course
) -> None:
    version = draft(sater_course)
    lesson = Lesson.objects.get(version=version)
    assert as_coordinator_b.get(url("course", sater_course.public_id)).status_code == 404
    assert as_coordinator_b.get(url("settings", sater_course.public_id)).status_code == 404
    assert as_coordinator_b.get(url("lesson", sater_course.public_id, lesson.public_id)).status_code == 404
    assert as_coordinator_b.get(url("preview", sater_course.public_id, lesson.public_id)).status_code == 404
    response = as_coordinator_b.post(url("add_module", sater_course.public_id), {"module-title": "Intrång"})
    assert response.status_code == 404
    assert Module.objects.filter(version=version).count() == 1
    assert "Bemötande" not in as_coordinator_b.get(url("courses")).text


@pytest.mark.django_db
def test_a_programme_manager_may_edit_any_organisations_course(
    as_programme_manager: Client, sater_course: Course
) -> None:
    response = as_programme_manager.post(url("add_module", sater_course.public_id), {"module-title": "Fördjupning"})
    assert response.status_code == 302
    assert list(Module.objects.filter(version=draft(sater_course)).values_list("title", flat=True)) == [
        "Grunderna",
        "Fördjupning",
    ]


# --- Settings -------------------------------------------------------------------------------


SETTINGS = {
    "title": "Bemötande i offentlig tjänst",
    "summary": "För alla som möter allmänheten.",
    "language": "sv",
    "estimated_minutes": "45",
    "topic": "discrimination_law",
    "audience": "chosen_organisations",
    "order_mode": "sequential",
    "pass_mark": "70",
    "issues_diploma": "on",
}


@pytest.mark.django_db
def test_settings_are_saved_with_an_audit_entry(
    as_coordinator_a: Client, sater_course: Course, org_a: Organisation, org_b: Organisation
) -> None:
    response = as_coordinator_a.post(
        url("settings", sater_course.public_id), {**SETTINGS, "organisations": [org_a.slug, org_b.slug]}
    )
    assert response.status_code == 302
    version = draft(sater_course)
    sater_course.refresh_from_db()
    assert (version.title, version.estimated_minutes, version.pass_mark) == ("Bemötande i offentlig tjänst", 45, 70)
    assert (version.audience, version.order_mode, version.issues_diploma) == (
        Audience.CHOSEN_ORGANISATIONS,
        "sequential",
        True,
    )
    assert set(version.organisations.all()) == {org_a, org_b}
    assert sater_course.topic == "discrimination_law"
    entry = AuditEntry.objects.get(action="course.settings_changed")
    assert entry.before is not None and entry.after is not None
    assert entry.before["title"] == "Bemötande"
    assert entry.after["organisations"] == ["gagnef", "sater"]


@pytest.mark.django_db
def test_chosen_organisations_without_any_chosen_is_an_error_on_that_field(
    as_coordinator_a: Client, sater_course: Course
) -> None:
    response = in_english(as_coordinator_a).post(url("settings", sater_course.public_id), SETTINGS)
    assert response.status_code == 200
    assert 'id="id_organisations_error"' in response.text
    assert "Choose at least one organisation" in response.text
    assert draft(sater_course).title == "Bemötande"


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("pass_mark", "101"), ("estimated_minutes", "0"), ("title", "")])
def test_out_of_range_settings_are_refused(
    as_coordinator_a: Client, sater_course: Course, field: str, value: str
) -> None:
    response = as_coordinator_a.post(
        url("settings", sater_course.public_id), {**SETTINGS, "audience": "all_organisations", field: value}
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert not AuditEntry.objects.filter(action="course.settings_changed").exists()


# --- Structure ------------------------------------------------------------------------------


def titles(queryset: object) -> list[str]:
    return list(queryset.order_by("position", "id").values_list("title", flat=True))  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_modules_are_added_moved_with_buttons_and_removed(as_coordinator_a: Client, sater_course: Course) -> None:
    cid = sater_course.public_id
    as_coordinator_a.post(url("add_module", cid), {"module-title": "Lagen"})
    as_coordinator_a.post(url("add_module", cid), {"module-title": "Avslutning"})
    version = draft(sater_course)
    modules = Module.objects.filter(version=version)
    assert titles(modules) == ["Grunderna", "Lagen", "Avslutning"]

    last = modules.get(title="Avslutning")
    response = as_coordinator_a.post(url("move_module", cid, last.pk), {"direction": "up"})
    assert response["Location"].endswith(f"#module-{last.pk}")
    assert titles(modules) == ["Grunderna", "Avslutning", "Lagen"]
    as_coordinator_a.post(url("move_module", cid, modules.get(title="Grunderna").pk), {"direction": "down"})
    assert titles(modules) == ["Avslutning", "Grunderna", "Lagen"]

    first = modules.get(title="Grunderna")
    as_coordinator_a.post(url("remove_module", cid, first.pk))
    assert titles(modules) == ["Avslutning", "Lagen"]
    assert not Lesson.objects.filter(version=version).exists()
    assert AuditEntry.objects.filter(action="course.module_removed").get().before == {
        "title": "Grunderna",
        "lessons": ["Vad är bemötande?"],
    }


@pytest.mark.django_db
def test_moving_the_first_module_up_changes_nothing(as_coordinator_a: Client, sater_course: Course) -> None:
    module = Module.objects.get(version=draft(sater_course))
    as_coordinator_a.post(url("move_module", sater_course.public_id, module.pk), {"direction": "up"})
    assert not AuditEntry.objects.filter(action="course.module_moved").exists()


@pytest.mark.django_db
def test_lessons_are_added_moved_renamed_into_another_module_and_removed(
    as_coordinator_a: Client, sater_course: Course
) -> None:
    cid = sater_course.public_id
    version = draft(sater_course)
    module = Module.objects.get(version=version)
    response = as_coordinator_a.post(url("add_lesson", cid, module.pk), {f"m{module.pk}-title": "De sju grunderna"})
    added = Lesson.objects.get(title="De sju grunderna")
    assert response["Location"] == url("lesson", cid, added.public_id)
    as_coordinator_a.post(url("move_lesson", cid, added.public_id), {"direction": "up"})
    assert titles(Lesson.objects.filter(module=module)) == ["De sju grunderna", "Vad är bemötande?"]

    other = content.add_module(User.objects.get(email="malin@sater.se"), version, title="Lagen")
    as_coordinator_a.post(url("lesson", cid, added.public_id), {"title": "Sju grunder", "module": other.pk})
    added.refresh_from_db()
    assert (added.title, added.module_id) == ("Sju grunder", other.pk)

    as_coordinator_a.post(url("remove_lesson", cid, added.public_id))
    assert not Lesson.objects.filter(pk=added.pk).exists()


@pytest.mark.django_db
def test_a_direction_other_than_up_or_down_is_not_found(as_coordinator_a: Client, sater_course: Course) -> None:
    module = Module.objects.get(version=draft(sater_course))
    response = as_coordinator_a.post(url("move_module", sater_course.public_id, module.pk), {"direction": "left"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_course_page_lists_the_structure_with_labelled_move_buttons(
    as_coordinator_a: Client, sater_course: Course
) -> None:
    body = in_english(as_coordinator_a).get(url("course", sater_course.public_id)).text
    assert "Grunderna" in body and "Vad är bemötande?" in body
    assert 'Move up<span class="visually-hidden"> \N{EN DASH} Grunderna</span>' in body
    assert '<label for="id_m' in body  # the add-lesson field has a label of its own per module


@pytest.mark.django_db
def test_the_course_page_takes_a_constant_number_of_queries(as_coordinator_a: Client, sater_course: Course) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_coordinator_a.get(url("course", sater_course.public_id)).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a session also records the session
    before = count()
    coordinator = User.objects.get(email="malin@sater.se")
    for n in range(4):
        module = content.add_module(coordinator, draft(sater_course), title=f"Modul {n}")
        for m in range(3):
            lesson = content.add_lesson(coordinator, module, title=f"Lektion {n}.{m}")
            content.add_block(coordinator, lesson, kind="text", data={"markdown": "Text"})
    assert count() == before


# --- Publishing and versions ----------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_is_refused_with_a_message_naming_each_missing_piece(
    as_coordinator_a: Client, sater_course: Course, coordinator_a: User
) -> None:
    version = draft(sater_course)
    module = Module.objects.get(version=version)
    content.add_lesson(coordinator_a, module, title="Tom lektion")
    client = in_english(as_coordinator_a)
    page = client.get(url("course", sater_course.public_id)).text
    assert "Tom lektion" in page and "has no content" in page

    response = client.post(url("publish", sater_course.public_id), follow=True)
    assert "The course was not published" in response.text
    assert "Lesson “Tom lektion” has no content." in response.text
    assert draft(sater_course).status == VersionStatus.DRAFT
    assert not AuditEntry.objects.filter(action="course.published").exists()


@pytest.mark.django_db
def test_a_complete_draft_is_published_and_reaches_the_catalogue(
    as_coordinator_a: Client, sater_course: Course
) -> None:
    response = as_coordinator_a.post(url("publish", sater_course.public_id))
    assert response.status_code == 302
    sater_course.refresh_from_db()
    assert sater_course.published_version is not None
    assert sater_course.published_version.number == 1
    assert AuditEntry.objects.filter(action="course.published").exists()


@pytest.mark.django_db
def test_editing_a_published_course_makes_a_new_draft_and_a_learner_keeps_their_version(
    as_coordinator_a: Client, sater_course: Course, learner_a: User
) -> None:
    from jamlik.courses.actions import enrol

    cid = sater_course.public_id
    as_coordinator_a.post(url("publish", cid))
    sater_course.refresh_from_db()
    enrolment = enrol(learner_a, sater_course)
    v1 = sater_course.published_version
    assert v1 is not None

    # A published version has no draft to edit until one is started.
    assert as_coordinator_a.post(url("add_module", cid), {"module-title": "Nytt"}).status_code == 404
    as_coordinator_a.post(url("new_draft", cid))
    v2 = draft(sater_course)
    assert v2.number == 2
    assert titles(Lesson.objects.filter(version=v2)) == ["Vad är bemötande?"]
    assert Lesson.objects.get(version=v2).key == Lesson.objects.get(version=v1).key

    as_coordinator_a.post(url("add_module", cid), {"module-title": "Nytt"})
    assert Module.objects.filter(version=v1).count() == 1
    as_coordinator_a.post(url("publish", cid))  # the new module has no lessons, which is allowed
    sater_course.refresh_from_db()
    assert sater_course.published_version == v2
    assert Enrolment.objects.get(pk=enrolment.pk).version == v1


@pytest.mark.django_db
def test_a_second_draft_cannot_be_started_while_one_exists(as_coordinator_a: Client, sater_course: Course) -> None:
    response = in_english(as_coordinator_a).post(url("new_draft", sater_course.public_id), follow=True)
    assert "already has a draft" in response.text
    assert sater_course.versions.count() == 1


@pytest.mark.django_db
def test_a_course_list_shows_only_the_courses_one_may_author(
    as_coordinator_a: Client, as_programme_manager: Client, sater_course: Course
) -> None:
    other = create_course(None, slug="plattformens", title="Plattformens kurs")
    assert "Plattformens kurs" not in as_coordinator_a.get(url("courses")).text
    assert "Bemötande" in as_coordinator_a.get(url("courses")).text
    body = as_programme_manager.get(url("courses")).text
    assert "Plattformens kurs" in body and "Bemötande" in body
    assert as_coordinator_a.get(url("course", other.public_id)).status_code == 404
