"""The dashboards: who sees what, filters, bad input, and a query count that does not grow with people."""

from __future__ import annotations

import datetime
import re

from django.test import Client

from jamlik.courses.models import Course, ReflectionAnswer
from jamlik.people.models import County, Organisation, User
from tests.statistics.factories import completed, people
from tests.statistics.kit import MARCH, english, queries, two_organisations


def test_the_programme_manager_sees_counties_first_and_every_organisation_on_request(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    dalarna = County.objects.get_or_create(code="20", defaults={"name": "Dalarnas län", "short_name": "Dalarna"})[0]
    Organisation.objects.filter(pk=org_a.pk).update(county=dalarna)  # Gagnef: no county
    two_organisations(org_a, org_b)
    page = as_programme_manager.get("/statistik/").content.decode()
    assert re.search(r'Dalarnas län</th>(<td class="num">[^<]*</td>){4}<td class="num">14</td>', page)  # Säter
    assert "Säters kommun</th>" not in page
    page = as_programme_manager.get("/statistik/", {"dimension": "organisation"}).content.decode()
    assert '<th scope="row">Säters kommun</th>' in page
    assert '<th scope="row">Gagnefs kommun</th>' in page
    assert "<svg" in page
    assert '<option value="organisation" selected>' in page


def test_the_county_filter_keeps_only_that_countys_organisations(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    dalarna = County.objects.get_or_create(code="20", defaults={"name": "Dalarnas län", "short_name": "Dalarna"})[0]
    Organisation.objects.filter(pk=org_a.pk).update(county=dalarna)
    two_organisations(org_a, org_b)
    page = as_programme_manager.get("/statistik/", {"county": dalarna.pk, "dimension": "organisation"}).content.decode()
    assert '<th scope="row">Säters kommun</th>' in page
    assert '<th scope="row">Gagnefs kommun</th>' not in page


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    response = english(as_programme_manager).get("/statistik/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    page = response.content.decode()
    assert "The last day cannot be before the first day." in page
    assert '<th scope="row">Säters kommun</th>' not in page


def test_a_coordinator_is_sent_to_their_own_organisation(as_coordinator_a: Client, org_a: Organisation) -> None:
    response = as_coordinator_a.get("/statistik/")
    assert response.status_code == 302
    assert response["Location"] == "/statistik/organisationer/sater/"


def test_a_coordinator_sees_their_units_and_courses_but_not_another_organisation(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation, coordinator_b: User
) -> None:
    world = two_organisations(org_a, org_b)
    assert as_coordinator_a.get("/statistik/organisationer/sater/").status_code == 200
    by_course = as_coordinator_a.get("/statistik/organisationer/sater/", {"dimension": "item"}).content.decode()
    assert world.course.published_version.title in by_course  # type: ignore[union-attr]
    assert "Gagnefs kommun" not in by_course
    assert as_coordinator_a.get("/statistik/organisationer/gagnef/").status_code == 404
    assert as_coordinator_a.get("/statistik/organisationer/no-such-org/").status_code == 404


def test_learners_and_visitors_have_no_dashboard(as_learner_a: Client, client: Client) -> None:
    assert as_learner_a.get("/statistik/").status_code == 404
    assert as_learner_a.get("/statistik/organisationer/sater/").status_code == 404
    assert client.get("/statistik/").status_code == 302  # to sign in


def test_the_public_summary_shows_totals_only(client: Client, org_a: Organisation, org_b: Organisation) -> None:
    two_organisations(org_a, org_b, size=2)
    page = client.get("/statistik/oversikt/").content.decode()
    assert "Säters kommun" not in page
    assert "<svg" in page
    assert '<td class="num">41</td>' in page  # 12 + 10 + 3 in Säter and 14 + 2 in Gagnef completed


def test_reflection_answers_never_reach_a_statistics_page(
    as_programme_manager: Client, as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    from jamlik.courses.models import Block, Enrolment

    enrolment = Enrolment.objects.filter(course=world.course).first()
    assert enrolment is not None and world.course.published_version is not None
    block = Block.objects.filter(lesson__version=world.course.published_version).first()
    assert block is not None
    ReflectionAnswer.objects.create(enrolment=enrolment, block=block, text="Hemlig reflektion 42")
    for client, url in [
        (as_programme_manager, "/statistik/"),
        (as_programme_manager, "/statistik/export/alla.xlsx"),
        (as_coordinator_a, "/statistik/organisationer/sater/"),
    ]:
        assert b"Hemlig reflektion" not in client.get(url).content


def test_the_dashboards_cost_the_same_number_of_queries_for_more_people(
    as_programme_manager: Client, as_coordinator_a: Client, client: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    urls = [
        (as_programme_manager, "/statistik/"),
        (as_programme_manager, "/statistik/?dimension=county"),
        (as_programme_manager, "/statistik/?dimension=item&date_from=2026-01-01"),
        (as_coordinator_a, "/statistik/organisationer/sater/"),
        (as_coordinator_a, "/statistik/organisationer/sater/?dimension=item"),
        (client, "/statistik/oversikt/"),
    ]
    for c, u in urls:
        c.get(u)  # the first request of a session writes it once
    before = [queries(lambda c=c, u=u: c.get(u)) for c, u in urls]
    completed(people(org_a, 20, "kvinna") + people(org_b, 15, "annat"), world.course, None, MARCH)
    completed(people(org_a, 12, "man"), world.course, org_a, datetime.date(2026, 4, 2))
    after = [queries(lambda c=c, u=u: c.get(u)) for c, u in urls]
    assert before == after
    assert max(after) <= 40


def test_a_course_no_longer_published_is_named_by_its_title_not_its_address(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    title = world.course.published_version.title  # type: ignore[union-attr]
    Course.objects.filter(pk=world.course.pk).update(published_version=None)  # retired after people took it
    by_course = as_coordinator_a.get("/statistik/organisationer/sater/", {"dimension": "item"}).content.decode()
    assert f'<th scope="row">{title}</th>' in by_course
    assert f'<th scope="row">{world.course.slug}</th>' not in by_course
