"""The player page: who may open it, what it embeds for the runtime, and how the course's page
and enrolment lead to it for a version delivered as SCORM."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.courses import actions as course_actions
from jamlik.packages.attempts import Attempt
from jamlik.packages.models import Package
from jamlik.people.models import User
from tests.packages.player_kit import Sco, make_package

CONTENT = "http://innehall.testserver"


@pytest.fixture(autouse=True)
def content_origin(settings: Any) -> None:
    settings.JAMLIK_CONTENT_ORIGIN = CONTENT


@pytest.fixture
def package(db: None) -> Package:
    return make_package(
        {"one.html": "1", "two.html": "2", "three.html": "3"},
        [
            Sco("one", "Del ett", "one.html"),
            Sco("two", "Del två", "two.html", prerequisites="one"),
            Sco("three", "Del tre", "three.html", parameters="?lang=sv"),
        ],
    )


def player_data(response: Any) -> dict[str, Any]:
    html = response.content.decode()
    start = html.index('<script id="player-data" type="application/json">') + len(
        '<script id="player-data" type="application/json">'
    )
    return dict(json.loads(html[start : html.index("</script>", start)]))


def test_an_enrolled_learner_gets_the_first_part_with_its_runtime_data(
    as_learner_a: Client, learner_a: User, package: Package
) -> None:
    course = package.version.course
    course_actions.enrol(learner_a, course)
    response = as_learner_a.get(f"/kurser/{course.slug}/spela/")
    assert response.status_code == 200
    data = player_data(response)
    attempt = Attempt.objects.get()
    assert attempt.item.identifier == "one"
    assert data["attempt"] == str(attempt.public_id) and data["seq"] == 0
    assert data["standard"] == "scorm12"
    assert data["cmi"]["cmi.core.entry"] == "ab-initio"
    assert data["commitUrl"] == f"/kurser/paket/forsok/{attempt.public_id}/commit"
    assert data["runnerUrl"] == f"{CONTENT}/run/{package.public_id}/?sco=one.html"
    assert data["contentOrigin"] == CONTENT
    policy = response["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert CONTENT in frame_src
    # The table of contents: the second part waits for the first (its prerequisites).
    html = response.content.decode()
    assert "Del två</span>" in html and "Del tre</a>" in html


def test_the_table_of_contents_opens_a_part_once_its_prerequisites_are_met(
    as_learner_a: Client, learner_a: User, package: Package
) -> None:
    course = package.version.course
    course_actions.enrol(learner_a, course)
    two = package.items.get(identifier="two")
    response = as_learner_a.get(f"/kurser/{course.slug}/spela/{two.public_id}/")
    assert response.status_code == 200 and "player-data" not in response.content.decode()
    assert not Attempt.objects.exists()
    one = package.items.get(identifier="one")
    Attempt.objects.create(enrolment=learner_a.enrolments.get(), item=one, lesson_status="completed")
    response = as_learner_a.get(f"/kurser/{course.slug}/spela/{two.public_id}/")
    assert player_data(response)["runnerUrl"].endswith("?sco=two.html")


def test_launch_parameters_go_to_the_runner(as_learner_a: Client, learner_a: User, package: Package) -> None:
    course = package.version.course
    course_actions.enrol(learner_a, course)
    three = package.items.get(identifier="three")
    data = player_data(as_learner_a.get(f"/kurser/{course.slug}/spela/{three.public_id}/"))
    assert data["runnerUrl"] == f"{CONTENT}/run/{package.public_id}/?sco=three.html%3Flang%3Dsv"


def test_a_learner_not_enrolled_is_sent_to_the_course_page(as_learner_a: Client, package: Package) -> None:
    course = package.version.course
    response = as_learner_a.get(f"/kurser/{course.slug}/spela/")
    assert response.status_code == 302 and response["Location"] == f"/kurser/{course.slug}/"
    assert not Attempt.objects.exists()


def test_signed_out_visitors_are_asked_to_sign_in(client: Client, package: Package) -> None:
    response = client.get(f"/kurser/{package.version.course.slug}/spela/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_another_packages_item_is_not_found(as_learner_a: Client, learner_a: User, package: Package) -> None:
    course = package.version.course
    course_actions.enrol(learner_a, course)
    other = make_package({"x.html": "x"}, [Sco("x", "Annan", "x.html")])
    item = other.items.get()
    assert as_learner_a.get(f"/kurser/{course.slug}/spela/{item.public_id}/").status_code == 404


def test_without_a_content_origin_the_page_says_so_and_opens_nothing(
    as_learner_a: Client, learner_a: User, package: Package, settings: Any
) -> None:
    settings.JAMLIK_CONTENT_ORIGIN = ""
    course = package.version.course
    course_actions.enrol(learner_a, course)
    response = as_learner_a.get(f"/kurser/{course.slug}/spela/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "player-data" not in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_course_page_and_enrolment_lead_to_the_player(
    as_learner_a: Client, learner_a: User, package: Package
) -> None:
    course = package.version.course
    response = as_learner_a.post(f"/kurser/{course.slug}/anmal/")
    assert response.status_code == 302 and response["Location"] == f"/kurser/{course.slug}/spela/"
    page = as_learner_a.get(f"/kurser/{course.slug}/").content.decode()
    assert f'href="/kurser/{course.slug}/spela/"' in page
    assert "/lektion/" not in page
