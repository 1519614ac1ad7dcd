"""The first integration (jamlik/api/walkthrough.py) works as written, and docs/api.md shows it."""

from __future__ import annotations

import io
import re
import shlex
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from jamlik.api.walkthrough import STAFF, STEPS, Step
from jamlik.courses import actions as courses
from jamlik.courses.models import Completion, Enrolment
from jamlik.people.models import Membership, MembershipRole, Organisation, User
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UserFactory

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def value_at(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def make_token(step: Step) -> str:
    words = shlex.split(step.command)
    assert words[0] == "jamlik"
    out = io.StringIO()
    call_command(*words[1:], stdout=out)
    return out.getvalue().strip()


def fill(text: str, kept: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: kept[m.group(1)], text)


def perform(client: Client, step: Step, token: str, kept: dict[str, str]) -> Any:
    if step.each:
        return [perform(client, replace(step, each=[]), token, {**kept, "each": value}) for value in step.each]
    path = fill(step.path, kept)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if step.file:
        upload = SimpleUploadedFile("personal.csv", step.body.encode(), content_type="text/csv")
        response = client.post(path, {"file": upload}, **headers)
    elif step.body:
        body = fill(step.body, kept)
        response = client.generic(step.method, path, body, content_type="application/json", **headers)
    else:
        response = client.generic(step.method, path, **headers)
    assert response.status_code == step.status, (step.title, response.content[:500])
    body = response.json()
    for dotted, expected in step.expect.items():
        assert value_at(body, dotted) == expected, (step.title, dotted)
    for name, dotted in step.keep.items():
        kept[name] = str(value_at(body, dotted))
    return body


@pytest.mark.django_db
def test_the_first_integration_works_as_written(
    client: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = UserFactory(email="samordnare@sater.se")
    MembershipFactory(user=coordinator, organisation=org_a, role=MembershipRole.COORDINATOR)
    course = make_course(lessons=2)
    token, kept = "", {}
    answers: dict[str, Any] = {}
    for step in STEPS:
        if step.command:
            token = make_token(step)
            continue
        if step.title == "Read completions":  # meanwhile, one of the twenty completes the course
            person = User.objects.get(email="person01@sater.se")
            for lesson in lessons_of(course):
                courses.record_progress(person, lesson)
        with django_capture_on_commit_callbacks(execute=True):  # the background jobs run as they would
            answers[step.title] = perform(client, step, token, kept)
    assert Membership.objects.current().filter(organisation=org_a).count() == STAFF + 1  # and the coordinator
    assert Enrolment.objects.filter(course=course).count() == STAFF
    completions = answers["Read completions"]
    assert completions["count"] == Completion.objects.filter(organisation=org_a).count() == 1


def test_docs_api_md_shows_each_step_as_the_reference_page_does() -> None:
    docs = DOCS.read_text()
    section = docs[docs.index("## First integration") :]
    for step in STEPS:
        assert f"### {step.title}" in section
        assert (step.command or step.request) in section, step.title
        for line in step.body.splitlines()[:3]:
            assert line in section, step.title
