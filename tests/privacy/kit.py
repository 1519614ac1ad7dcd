"""A person with data in every app, made through the apps' own actions where they have one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.utils import timezone

from jamlik.campaigns.models import Campaign
from jamlik.courses import actions as course_actions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Block, Completion, Course
from jamlik.evaluations import actions as evaluation_actions
from jamlik.evaluations.rounds import Occasion
from jamlik.packages import tracking
from jamlik.people import actions as people_actions
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from jamlik.programmes.models import Booking
from jamlik.strategies import rounds
from jamlik.strategies.models import Response
from tests.campaigns.factories import make_campaign
from tests.courses.factories import lessons_of, make_course
from tests.networks.factories import make_document, make_network, make_thread
from tests.packages.tracking_kit import make_package, scos_of
from tests.programmes.factories import attend, make_programme
from tests.strategies.factories import make_round, questions


@dataclass
class Everything:
    course: Course
    campaign: Campaign
    reflection: str


def fill(
    person: User,
    organisation: Organisation,
    programme_manager: User,
    capture: Any,
    *,
    lessons: int = 2,
    language: str = "en",
) -> Everything:
    """Rows about ``person`` (a coordinator of ``organisation``) in every app: account, courses (progress, a check, a reflection, a
    completion counted in a campaign, a diploma), a SCORM attempt, programmes (answers, needs,
    attendance, completion), a network (membership, post, document), a strategy follow-up, tokens,
    sign-in identities and sessions, audit entries."""
    people_actions.update_profile(person, name=person.name or "Lina Lärande", preferred_language=language, kon="kvinna")
    people_actions.create_api_token(person, name="Kalkylark")
    EmailAddress.objects.get_or_create(user=person, email=person.email, defaults={"verified": True, "primary": True})
    SocialAccount.objects.create(user=person, provider="saml-sater", uid="lina.larande@sater.se")
    UserSession.objects.create(user=person, ip="192.0.2.10", session_key=f"s{person.pk}", user_agent="Firefox")

    course = make_course(lessons=lessons, checks_per_lesson=1, reflection=True, title="Bemötande")
    version = course.published_version
    assert version is not None
    version.issues_diploma = True
    version.save(update_fields=["issues_diploma"])
    campaign = make_campaign({organisation: 40}, courses=[course])
    reflection = "Jag tar med mig att fråga i stället för att anta."
    with capture(execute=True):
        course_actions.enrol(person, course)
        for lesson in lessons_of(course):
            for block in Block.objects.filter(lesson=lesson).order_by("position"):
                if block.kind == BlockKind.KNOWLEDGE_CHECK:
                    course_actions.answer_check(person, block, ["a"])
                elif block.kind == BlockKind.REFLECTION:
                    course_actions.save_reflection(person, block, reflection)
            course_actions.record_progress(person, lesson)

    completion = Completion.objects.get(user=person, course=course)
    answers = {1: 5, 2: 4, 3: 4, 4: 5}
    evaluation_actions.answer(person, Occasion(completion=completion), answers, {5: "Bra kurs."}, asked=0)

    package = make_package()
    with capture(execute=True):
        course_actions.enrol(person, package.version.course)
        tracking.open_attempt(person, scos_of(package)[0])

    shape = make_programme(organisation, organisation)
    question = shape.programme.questions.create(text="Varför vill du gå?", position=1)
    with capture(execute=True):
        programme_actions.register(
            person,
            shape.programme,
            [shape.stockholm.pk],
            answers={question.pk: "För att lära mig mer."},
            dietary="Vegetarisk",
            accessibility="Hörslinga",
        )
        for booking in Booking.objects.filter(registration__user=person).order_by("session__starts_at"):
            attend(person, booking, True)  # the person coordinates the host organisation

    network = make_network(programme_manager, person)
    make_thread(network, person, title="Hur följer ni upp?", body="Vi använder **enkäter**.")
    make_document(network, person, title="Vår plan")

    round_ = make_round([organisation])
    response = Response.objects.get(round=round_, organisation=organisation)
    ids = questions(round_)
    rounds.save_answers(person, response, {ids["text"]: "Mycket", ids["yes_no"]: True}, None)
    rounds.submit_response(person, response)
    return Everything(course=course, campaign=campaign, reflection=reflection)


def an_old_day(days: int = 30) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
