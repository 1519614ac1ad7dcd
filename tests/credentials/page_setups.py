"""Rows the browser tests need for the diploma pages (listed in ``tests/browser/pages.py``)."""

from __future__ import annotations

from typing import Any

from jamlik.courses import actions as course_actions
from jamlik.courses.models import Completion
from jamlik.credentials import actions
from tests.courses.factories import lessons_of
from tests.credentials.kit import diploma_course


def a_diploma(cast: Any) -> None:
    """learner_a completes a course of organisation A and holds its diploma."""
    course = diploma_course(owner=cast.org_a, title="Bemötande i offentlig verksamhet")
    course_actions.enrol(cast.learner_a, course)
    for lesson in lessons_of(course):
        course_actions.record_progress(cast.learner_a, lesson)
    diploma = actions.issue_for_completion(None, Completion.objects.get(user=cast.learner_a, course=course))
    cast.extra["diploma_id"] = str(diploma.public_id)
    cast.extra["diploma_code"] = diploma.display_code
    cast.extra["achievement"] = diploma.achievement_key.replace(":", "-")


def a_revoked_diploma(cast: Any) -> None:
    a_diploma(cast)
    from jamlik.credentials.models import Diploma

    diploma = Diploma.objects.get(public_id=cast.extra["diploma_id"])
    actions.revoke_diploma(cast.programme_manager, diploma, "Utfärdat av misstag")


def a_logo(cast: Any) -> None:
    """Organisation A has uploaded a logo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jamlik.people import actions as people_actions
    from tests.credentials.kit import tiny_png

    people_actions.set_logo(None, cast.org_a, SimpleUploadedFile("sater.png", tiny_png(120, 40)))


def a_diploma_with_a_logo(cast: Any) -> None:
    a_logo(cast)
    a_diploma(cast)


def upload_an_svg_logo(page: Any) -> None:
    """Send an SVG as the logo: the page answers with the error tied to the field."""
    from playwright.sync_api import expect

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    page.locator("#id_logo").set_input_files(files=[{"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": svg}])
    page.locator("main form.stacked button[type=submit]").first.click()
    expect(page.locator("#id_logo_error")).to_be_visible()


def a_diploma_waiting_for_a_name(cast: Any) -> None:
    """learner_a has not given a name and completes a course that ends with a diploma."""
    cast.learner_a.name = ""
    cast.learner_a.save(update_fields=["name"])
    course = diploma_course(owner=cast.org_a, title="Bemötande i offentlig verksamhet")
    course_actions.enrol(cast.learner_a, course)
    for lesson in lessons_of(course):
        course_actions.record_progress(cast.learner_a, lesson)


def a_diploma_with_an_old_name(cast: Any) -> None:
    """learner_a holds a diploma and has since corrected their name."""
    a_diploma(cast)
    cast.learner_a.name = "Lina Lärande-Ek"
    cast.learner_a.save(update_fields=["name"])


def a_bulk_issue(cast: Any) -> None:
    """The programme manager issued diplomas for a course learner_a completed (the outcome page)."""
    from jamlik.credentials import bulk_jobs

    course = diploma_course(owner=cast.org_a, issues_diploma=False, title="Likabehandling")
    course_actions.enrol(cast.learner_a, course)
    for lesson in lessons_of(course):
        course_actions.record_progress(cast.learner_a, lesson)
    job = bulk_jobs.start_bulk_issue(cast.programme_manager, course, language="sv")
    bulk_jobs.run_bulk_issue.call(job.pk)  # nothing more if the commit ran it already
    cast.extra["bulk_issue_id"] = str(job.public_id)


def a_bulk_issue_waiting(cast: Any) -> None:
    """A bulk issue the worker has not started (the progress page)."""
    from jamlik.credentials.models import BulkIssueJob

    course = diploma_course(owner=cast.org_a, issues_diploma=False)
    job = BulkIssueJob.objects.create(course=course, created_by=cast.programme_manager)
    cast.extra["bulk_issue_id"] = str(job.public_id)
