"""The start page of each role and "My page" (issue 19): what each sees, what nobody else's people
show, and queries that stay the same however much data there is."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.campaigns import actions as campaign_actions
from jamlik.courses import actions as course_actions
from jamlik.credentials.actions import issue_for_completion
from jamlik.people.models import MembershipRole, MembershipStatus, Organisation, User
from jamlik.programmes import actions as programme_actions
from tests.campaigns.factories import complete, first_course, first_day, last_day, local, make_campaign
from tests.conftest import client_for
from tests.courses.factories import make_course
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import make_programme


def _english(client: Client, path: str = "/") -> str:
    """The page in English (a signed-in person's own language wins over Accept-Language, not the cookie)."""
    client.cookies["django_language"] = "en"
    page = client.get(path)
    assert page.status_code == 200
    return page.content.decode()


def _queries(client: Client, path: str = "/") -> tuple[int, str]:
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.status_code == 200
    return len(queries), page.content.decode()


def _same_queries_with_more(client: Client, add: Callable[[int], None], path: str = "/") -> str:
    add(0)
    first, _ = _queries(client, path)
    for n in range(1, 7):
        add(n)
    again, html = _queries(client, path)
    assert again == first, f"{first} queries with a little data, {again} with more"
    return html


# Signed out ---------------------------------------------------------------------------------


def test_a_visitor_sees_what_jamlik_is_courses_standings_sessions_and_search(
    client: Client, org_a: Organisation
) -> None:
    make_course(title="Bemötande för alla")
    campaign = make_campaign({org_a: 4})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    shape = make_programme()
    html = _english(client)
    assert "Competence for equality" in html
    assert "Bemötande för alla" in html
    assert campaign.title_en in html and "Säters kommun" in html and "25.0%" in html
    assert shape.programme.title in html and "Webbinarium 1" in html
    assert 'role="search"' in html and 'action="/sok/"' in html


def test_the_visitors_start_page_makes_the_same_queries_with_more_courses_campaigns_and_sessions(
    client: Client, db: None
) -> None:
    def add(n: int) -> None:
        make_course(title=f"Kurs {n}")
        make_campaign({OrganisationFactory(): 10, OrganisationFactory(): 20})
        make_programme()

    html = _same_queries_with_more(client, add)
    assert html.count('<li class="card"><h3><a href="/kurser/') == 5


def test_the_start_page_is_in_swedish_too(client: Client, db: None) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Kommande tillfällen" in html and "Sök" in html


def test_search_finds_courses_programmes_campaigns_by_title_and_hides_drafts(
    client: Client, org_a: Organisation
) -> None:
    make_course(title="Jämställd rekrytering")
    make_course(title="Rekrytering utkast", publish=False)
    campaign = make_campaign({org_a: 4})
    make_programme(title="Rekrytering i praktiken")
    html = client.get("/sok/", {"q": "rekrytering"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Jämställd rekrytering" in html and "Rekrytering i praktiken" in html
    assert "Rekrytering utkast" not in html
    assert "2 results" in html
    html = client.get("/sok/", {"q": campaign.title_sv.split()[0]}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert campaign.title_en in html
    assert "Nothing found" in client.get("/sok/", {"q": "zzzz"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.get("/sok/", {"q": "\x00" * 500}).status_code == 200


# The learner --------------------------------------------------------------------------------


def _learning(user: User, organisation: Organisation, n: int) -> None:
    """Started one course, finished another with a diploma, registered for a programme."""
    started = make_course(title=f"Påbörjad {n}", lessons=2)
    course_actions.enrol(user, started)
    finished = make_course(title=f"Avslutad {n}", lessons=1)
    issue_for_completion(None, complete(user, finished, organisation, timezone.now() - datetime.timedelta(days=1)))
    shape = make_programme(title=f"Programmet {n}")
    programme_actions.register(user, shape.programme, [shape.webinar.pk, shape.stockholm.pk, shape.closing.pk])


def test_after_signing_in_a_learner_lands_on_their_own_learning(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    _learning(learner_a, org_a, 1)
    campaign = make_campaign({org_a: 4})
    html = _english(as_learner_a)
    assert "Welcome, Lina Lärande" in html
    assert "Continue where you left off" in html and "Påbörjad 1" in html and "0 of 2 lessons done" in html
    assert "Avslutad 1" in html and "My diplomas" in html
    assert "Programmet 1" in html and "/min-anmalan/kalender.ics" in html and "Next:" in html
    assert campaign.title_en in html
    assert "Who Jämlik is for" not in html  # not the marketing page


def test_my_page_shows_my_courses_registrations_and_diplomas(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    _learning(learner_a, org_a, 1)
    html = _english(as_learner_a, "/min-sida/")
    assert "My learning" in html and "Påbörjad 1" in html and "Avslutad 1" in html and "Programmet 1" in html
    assert "API tokens" in html  # still there, below


def test_the_learners_start_page_makes_the_same_queries_with_more_learning(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    html = _same_queries_with_more(as_learner_a, lambda n: _learning(learner_a, org_a, n))
    assert "7 courses in all" in html or "14 courses in all" in html


def test_a_new_person_without_anything_is_shown_where_to_start(db: None) -> None:
    html = _english(client_for(UserFactory()))
    assert "Find a course" in html


# The coordinator ----------------------------------------------------------------------------


def test_a_coordinator_sees_their_organisation_at_a_glance(
    as_coordinator_a: Client, org_a: Organisation, learner_a: User
) -> None:
    MembershipFactory(user=UserFactory(), organisation=org_a, status=MembershipStatus.PENDING)
    course = make_course(title="Bemötande för alla", lessons=1)
    complete(learner_a, course, org_a, timezone.now())
    campaign = make_campaign({org_a: 4}, courses=[course])
    shape = make_programme(title="Jämlikhet i praktiken")
    programme_actions.register(learner_a, shape.programme, [shape.webinar.pk, shape.stockholm.pk, shape.closing.pk])
    html = _english(as_coordinator_a)
    assert "The organisation I coordinate" in html and "Säters kommun" in html
    assert "Waiting for approval" in html and "?status=pending" in html
    assert "Bemötande för alla" in html and "50%" in html  # one of today's two members
    assert campaign.title_en in html
    assert "Jämlikhet i praktiken" in html and "1 member registered" in html
    assert "My learning" in html  # a coordinator is a learner too


def test_a_coordinators_start_page_never_shows_another_organisations_people_or_figures(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation, coordinator_b: User
) -> None:
    other = UserFactory(name="Olle Annanstans", email="olle@gagnef.se")
    MembershipFactory(user=other, organisation=org_b)
    MembershipFactory(user=UserFactory(), organisation=org_b, status=MembershipStatus.PENDING)
    course = make_course(title="Bara i Gagnef", lessons=1)
    complete(other, course, org_b, timezone.now())
    make_campaign({org_b: 4}, courses=[course])
    shape = make_programme(title="Gagnefs programm")
    programme_actions.register(other, shape.programme, [shape.webinar.pk, shape.stockholm.pk, shape.closing.pk])
    html = _english(as_coordinator_a)
    for foreign in ("Gagnef", "Olle", "olle@", "Bara i Gagnef", "Gagnefs programm", "?status=pending"):
        assert foreign not in html, foreign


def test_the_coordinators_start_page_makes_the_same_queries_with_more_members_and_organisations(
    coordinator_a: User, org_a: Organisation
) -> None:
    client = client_for(coordinator_a)

    def add(n: int) -> None:
        organisation = org_a if n % 2 else OrganisationFactory()
        if organisation != org_a:
            MembershipFactory(user=coordinator_a, organisation=organisation, role=MembershipRole.COORDINATOR)
        person = UserFactory()
        MembershipFactory(user=person, organisation=organisation)
        MembershipFactory(user=UserFactory(), organisation=organisation, status=MembershipStatus.PENDING)
        course = make_course(lessons=1)
        complete(person, course, organisation, timezone.now())
        make_campaign({organisation: 5}, courses=[course])
        shape = make_programme()
        programme_actions.register(person, shape.programme, [shape.webinar.pk, shape.stockholm.pk, shape.closing.pk])

    _same_queries_with_more(client, add)


# The programme manager ----------------------------------------------------------------------


def _manager_work(n: int, org: Organisation) -> None:
    campaign_actions.create_campaign(
        None,
        slug=f"utkast-{n}",
        title_sv=f"Kampanjutkast {n}",
        title_en=f"Campaign draft {n}",
        courses=[make_course(lessons=1)],
        first_day=first_day(),
        last_day=last_day(),
        counts_earlier=False,
        headcount_freeze_on=first_day(),
    )
    make_programme(title=f"Programutkast {n}", status="draft")
    make_course(title=f"Kursutkast {n}", publish=False)
    shape = make_programme(title=f"Öppet program {n}", requires_approval=True)
    learner = UserFactory()
    programme_actions.register(learner, shape.programme, [shape.webinar.pk, shape.stockholm.pk, shape.closing.pk])
    applicant = OrganisationFactory()
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=applicant, role=MembershipRole.COORDINATOR)
    campaign_actions.apply(coordinator, make_campaign({}), applicant)


def test_a_programme_manager_sees_drafts_open_registrations_rounds_and_what_waits(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    _manager_work(1, org_a)
    html = _english(as_programme_manager)
    assert "Programme management" in html
    assert "Campaign draft 1" in html and "/kampanjer/utkast-1/hantera/" in html
    assert "Programutkast 1" in html and "Kursutkast 1" in html
    assert "Öppet program 1" in html
    assert "registration waits for approval" in html
    assert "organisation applied to a campaign" in html
    assert "Follow-up rounds" in html


def test_the_programme_managers_start_page_makes_the_same_queries_with_more_work(
    programme_manager: User, org_a: Organisation
) -> None:
    _same_queries_with_more(client_for(programme_manager), lambda n: _manager_work(n, org_a))


def test_a_person_with_several_roles_sees_each_part(programme_manager: User, org_a: Organisation) -> None:
    MembershipFactory(user=programme_manager, organisation=org_a, role=MembershipRole.COORDINATOR)
    html = _english(client_for(programme_manager))
    assert "Programme management" in html and "The organisation I coordinate" in html and "My learning" in html


def test_a_learner_finds_the_evaluations_waiting_for_them_on_the_start_page(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    # /utvardering/ listed them, but nothing led there.
    assert "/utvardering/" not in _english(as_learner_a)
    _learning(learner_a, org_a, 1)  # a completion this quarter: its evaluation is open
    html = _english(as_learner_a)
    assert 'href="/utvardering/"' in html and "1 course or session to evaluate" in html
