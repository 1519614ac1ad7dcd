"""Importing completions made on another platform: all or nothing, with a report row by row."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import Workbook

from jamlik.audit.models import AuditEntry
from jamlik.courses.actions import enrol, record_progress
from jamlik.courses.events import CourseCompleted, course_completed
from jamlik.courses.imports import ImportRejected, import_completions
from jamlik.courses.models import Completion, CompletionImport, Course, Enrolment, LessonProgress
from jamlik.people.models import Organisation, Unit, User
from tests.courses.authoring_kit import in_english
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UnitFactory, UserFactory

NO_ACCOUNT = (
    "Nobody with this email address is in Jämlik yet. Add the person with the organisation's staff list "
    "(they need not have signed in), or ask them to sign in with this address, then upload the file again."
)
TODAY = timezone.localdate()
TOMORROW = (TODAY + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def course() -> Course:
    return make_course(lessons=2, checks_per_lesson=1)


@pytest.fixture
def social(org_a: Organisation) -> Unit:
    return UnitFactory(organisation=org_a, name="Socialförvaltningen")


@pytest.fixture
def nils(org_a: Organisation, social: Unit) -> User:
    user = UserFactory(email="nils@sater.se", name="Nils")
    MembershipFactory(user=user, organisation=org_a, unit=social)
    return user


@pytest.fixture
def received() -> Iterator[list[CourseCompleted]]:
    calls: list[CourseCompleted] = []
    course_completed.subscribe(calls.append)
    yield calls
    course_completed.unsubscribe(calls.append)


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def rejected(
    organisation: Organisation, course: Course, content: bytes, filename: str = "f.csv"
) -> list[tuple[Any, ...]]:
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        import_completions(None, organisation, course, filename=filename, content=content)
    assert not Completion.objects.exists()
    assert not LessonProgress.objects.filter(source="import").exists()
    assert not AuditEntry.objects.filter(action="course.completions_imported").exists()
    return [(e.row, e.column, e.message) for e in caught.value.errors]


@pytest.mark.django_db
def test_a_clean_file_records_completions_for_the_organisation_and_announces_each(
    django_capture_on_commit_callbacks: Any,
    received: list[CourseCompleted],
    coordinator_a: User,
    learner_a: User,
    nils: User,
    social: Unit,
    org_a: Organisation,
    course: Course,
) -> None:
    content = csv(
        "email,completed_on,unit", "LINA@sater.se,2025-10-01,Socialförvaltningen", "nils@sater.se,2025-11-15,"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = import_completions(coordinator_a, org_a, course, filename="gamla.csv", content=content)
    assert len(result.imported) == 2
    lina = Completion.objects.get(user=learner_a)
    assert (lina.organisation, lina.unit, lina.source) == (org_a, social, "import")
    assert timezone.localtime(lina.completed_at).date() == datetime.date(2025, 10, 1)
    assert Completion.objects.get(user=nils).unit == social  # no unit given: the person's own
    progress = LessonProgress.objects.filter(enrolment__user=learner_a)
    assert sorted(p.lesson_id for p in progress) == sorted(lesson.pk for lesson in lessons_of(course))
    assert {p.source for p in progress} == {"import"}
    assert Enrolment.objects.get(user=learner_a).completed_at == lina.completed_at
    assert sorted(e.completion_id for e in received) == sorted(c.pk for c in result.imported)
    assert AuditEntry.objects.filter(action="course.completed").count() == 2
    assert AuditEntry.objects.get(action="course.completions_imported").actor == coordinator_a


@pytest.mark.django_db
def test_any_bad_row_imports_nothing_and_every_problem_is_reported_by_row_and_column(
    learner_a: User, nils: User, coordinator_b: User, org_a: Organisation, course: Course
) -> None:
    content = csv(
        "email,completed_on,unit",
        "lina@sater.se,2025-10-01,",
        "not-an-address,2025-10-01,",
        "okand@sater.se,2025-10-01,",
        "erik@gagnef.se,2025-10-01,",
        f"nils@sater.se,{TOMORROW},",
        "lina@sater.se,2025-10-02,",
        "nils@sater.se,1 oktober,Ekonomi",
    )
    assert rejected(org_a, course, content) == [
        (3, "email", "“not-an-address” is not an email address."),
        (4, "email", NO_ACCOUNT),
        (5, "email", "Not a member of Säters kommun."),
        (6, "completed_on", "The date is in the future."),
        (7, "email", "The same person as on row 2."),
        (8, "email", "The same person as on row 6."),
        (8, "completed_on", "“1 oktober” is not a date as YYYY-MM-DD."),
        (8, "unit", "Säters kommun has no unit called “Ekonomi”."),
    ]
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_an_xlsx_file_with_date_cells_is_read_like_a_csv(learner_a: User, org_a: Organisation, course: Course) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Email", "Completed_on"])
    sheet.append(["lina@sater.se", datetime.datetime(2025, 9, 30)])
    target = io.BytesIO()
    book.save(target)
    result = import_completions(None, org_a, course, filename="Export.XLSX", content=target.getvalue())
    assert timezone.localtime(result.imported[0].completed_at).date() == datetime.date(2025, 9, 30)


@pytest.mark.django_db
def test_a_semicolon_separated_file_from_swedish_excel_is_read(nils: User, org_a: Organisation, course: Course) -> None:
    content = "e-post;datum;enhet\r\nnils@sater.se;2025-10-01;socialförvaltningen\r\n".encode("cp1252")
    result = import_completions(None, org_a, course, filename="excel.csv", content=content)
    assert [c.user for c in result.imported] == [nils]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("f.pdf", b"%PDF", (0, "", "Upload a .csv or .xlsx file.")),
        ("f.xlsx", b"not a workbook", (0, "", "The XLSX file could not be read. Save it again from Excel.")),
        ("f.csv", b"", (0, "", "The file is empty.")),
        ("f.csv", b"email,completed_on\n", (0, "", "The file has a header but no rows.")),
    ],
)
def test_an_unreadable_or_empty_file_is_refused(
    org_a: Organisation, course: Course, filename: str, content: bytes, expected: tuple[Any, ...]
) -> None:
    assert rejected(org_a, course, content, filename) == [expected]


@pytest.mark.django_db
def test_a_missing_column_is_reported_on_the_header_row(learner_a: User, org_a: Organisation, course: Course) -> None:
    problems = rejected(org_a, course, csv("email,date_done", "lina@sater.se,2025-10-01"))
    assert [(row, column) for row, column, _message in problems] == [(1, "completed_on")]


@pytest.mark.django_db
def test_people_who_already_completed_are_left_as_they_are(
    learner_a: User, org_a: Organisation, course: Course
) -> None:
    content = csv("email,completed_on", "lina@sater.se,2025-10-01")
    import_completions(None, org_a, course, filename="a.csv", content=content)
    again = import_completions(None, org_a, course, filename="a.csv", content=content)
    assert (again.imported, again.already_completed) == ([], ["lina@sater.se"])
    assert Completion.objects.count() == 1


@pytest.mark.django_db
def test_a_learner_in_the_middle_of_the_course_keeps_their_own_progress(
    learner_a: User, org_a: Organisation, course: Course
) -> None:
    enrol(learner_a, course)
    first = lessons_of(course)[0]
    record_progress(learner_a, first)
    import_completions(
        None, org_a, course, filename="a.csv", content=csv("email,completed_on", "lina@sater.se,2025-10-01")
    )
    sources = dict(LessonProgress.objects.values_list("lesson_id", "source"))
    assert sources == {first.pk: "self", lessons_of(course)[1].pk: "import"}
    assert Completion.objects.get().enrolment.source == "self"


@pytest.mark.django_db
def test_an_unpublished_course_takes_no_imports(learner_a: User, org_a: Organisation) -> None:
    draft = make_course(lessons=1, publish=False)
    content = csv("email,completed_on", "lina@sater.se,2025-10-01")
    assert rejected(org_a, draft, content) == [
        (0, "", "The course is not published, so completions cannot be imported for it.")
    ]


# --- The coordinator page and the command ---------------------------------------------------


def page(organisation: Organisation) -> str:
    return reverse("courses:authoring:import_completions", args=[organisation.slug])


def upload(content: bytes, name: str = "import.csv") -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@pytest.mark.django_db
def test_a_coordinator_imports_on_their_organisations_page(
    as_coordinator_a: Client,
    learner_a: User,
    org_a: Organisation,
    course: Course,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = in_english(as_coordinator_a)
    assert client.get(page(org_a)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page(org_a), {"course": course.slug, "file": upload(csv("email,completed_on", "lina@sater.se,2025-10-01"))}
        )
    job = CompletionImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:authoring:import_result", args=[org_a.slug, job.public_id])
    result = client.get(response["Location"])
    assert "1 completion was imported." in result.text
    assert Completion.objects.get().organisation == org_a
    assert (job.state, job.content) == ("done", b"")  # the file is not kept once read


@pytest.mark.django_db
def test_the_page_lists_each_bad_row_and_imports_nothing(
    as_coordinator_a: Client,
    learner_a: User,
    org_a: Organisation,
    course: Course,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = in_english(as_coordinator_a)
    content = csv("email,completed_on", "lina@sater.se,2025-10-01", "okand@sater.se,2025-10-01")
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(page(org_a), {"course": course.slug, "file": upload(content)})
    response = client.get(posted["Location"])
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert f'<td class="num">3</td><td>email</td><td>{escape(NO_ACCOUNT)}</td>' in response.text
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_another_organisations_coordinator_and_a_learner_get_404(
    as_coordinator_b: Client, as_learner_a: Client, learner_a: User, org_a: Organisation, course: Course
) -> None:
    content = csv("email,completed_on", "lina@sater.se,2025-10-01")
    assert as_coordinator_b.get(page(org_a)).status_code == 404
    assert as_coordinator_b.post(page(org_a), {"course": course.slug, "file": upload(content)}).status_code == 404
    assert as_learner_a.get(page(org_a)).status_code == 404
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_or_lists_the_problems(
    learner_a: User, org_a: Organisation, course: Course, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv("email,completed_on", "lina@sater.se,2025-13-01"))
    with translation.override("en"), pytest.raises(CommandError, match="row 2, completed_on"):
        call_command("import_completions", "sater", str(bad), course=course.slug)
    assert not Completion.objects.exists()

    good = tmp_path / "good.csv"
    good.write_bytes(csv("email,completed_on", "lina@sater.se,2025-10-01"))
    out = io.StringIO()
    call_command("import_completions", "sater", str(good), course=course.slug, stdout=out)
    assert "Imported 1 completions." in out.getvalue()
    assert Completion.objects.get().source == "import"


# --- Malformed files: the row-level report, never an exception ---------------------------------


@pytest.mark.django_db
def test_a_file_with_cr_only_line_endings_from_excel_for_mac_is_imported(
    learner_a: User, nils: User, org_a: Organisation, course: Course
) -> None:
    content = b"email;completed_on\rlina@sater.se;2025-10-01\rnils@sater.se;2025-10-02\r"
    result = import_completions(None, org_a, course, filename="mac.csv", content=content)
    assert sorted(c.user.email for c in result.imported) == ["lina@sater.se", "nils@sater.se"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"email,completed_on\nlina@sater.se\x00,2025-10-01\n",
            (0, "", "The file contains NUL bytes, so it is not a text (CSV) file. Save it as CSV UTF-8 or as XLSX."),
        ),
        (
            b'email,completed_on\nlina@sater.se,"2025-10-01"x\n',
            (
                2,
                "",
                "Line 2 cannot be read as CSV (',' expected after '\"'). Check its quotes, or save the file as XLSX.",
            ),
        ),
        (
            b"email,completed_on,unit\nlina@sater.se,2025-10-01,Social\rtj\xc3\xa4nst\n",
            (3, "completed_on", "“” is not a date as YYYY-MM-DD."),
        ),
    ],
)
def test_a_malformed_csv_gets_the_row_level_report(
    learner_a: User, org_a: Organisation, course: Course, content: bytes, expected: tuple[Any, ...]
) -> None:
    assert expected in rejected(org_a, course, content)


@pytest.mark.django_db
def test_random_bytes_get_the_row_level_report(learner_a: User, org_a: Organisation, course: Course) -> None:
    import random

    generator = random.Random(7)  # noqa: S311 - reproducible test bytes, not a secret
    for filename in ("f.csv", "f.xlsx"):
        for _ in range(20):
            content = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 2000)))
            assert rejected(org_a, course, content, filename)  # at least one problem, with a row number
