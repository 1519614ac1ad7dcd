"""Who counts: distinct people, within the period in Europe/Stockholm, for the organisation of the moment."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import DailyCount, Participant, UnitCount
from jamlik.courses import actions as course_actions
from jamlik.people.models import MembershipRole, Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, last_day, local, make_campaign, participant
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UnitFactory, UserFactory


def counted(campaign: object, organisation: Organisation) -> int:
    return participant(campaign, organisation).completions  # type: ignore[arg-type]


def test_a_person_who_completes_two_counted_courses_counts_once(org_a: Organisation, learner_a: User) -> None:
    courses = [make_course(lessons=1), make_course(lessons=1)]
    campaign = make_campaign({org_a: 10}, courses=courses)
    complete(learner_a, courses[0], org_a, local(first_day() + datetime.timedelta(days=1)))
    complete(learner_a, courses[1], org_a, local(first_day() + datetime.timedelta(days=2)))
    assert counted(campaign, org_a) == 1
    assert sum(DailyCount.objects.values_list("added", flat=True)) == 1
    assert recompute(campaign) == []


def test_the_period_starts_and_ends_at_midnight_in_stockholm(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    course = first_course(campaign)
    start, end = first_day(), last_day() + datetime.timedelta(days=1)
    before_start = local(start - datetime.timedelta(days=1), 23, 59, 59)
    at_start = local(start, 0, 0, 0)
    last_second = local(end - datetime.timedelta(days=1), 23, 59, 59)
    at_end = local(end, 0, 0, 0)
    for moment in (before_start, at_start, last_second, at_end):
        complete(UserFactory(), course, org_a, moment)
    assert counted(campaign, org_a) == 2  # at_start and last_second
    assert campaign.start_at.utcoffset() is not None
    assert recompute(campaign) == []


def test_earlier_completions_count_only_when_the_campaign_says_so(org_a: Organisation, org_b: Organisation) -> None:
    course = make_course(lessons=1)
    strict = make_campaign({org_a: 10}, courses=[course])
    generous = make_campaign({org_a: 10}, courses=[course], counts_earlier=True)
    complete(UserFactory(), course, org_a, local(first_day() - datetime.timedelta(days=100)))
    assert counted(strict, org_a) == 0
    assert counted(generous, org_a) == 1
    # Charted on the first day.
    assert DailyCount.objects.get(participant__campaign=generous).day == first_day()


def test_a_person_who_changed_employer_counts_for_the_organisation_they_belonged_to(
    org_a: Organisation, org_b: Organisation
) -> None:
    courses = [make_course(lessons=1), make_course(lessons=1)]
    campaign = make_campaign({org_a: 10, org_b: 10}, courses=courses)
    person = UserFactory()
    complete(person, courses[0], org_a, local(first_day() + datetime.timedelta(days=1)))  # while at A
    complete(person, courses[1], org_b, local(first_day() + datetime.timedelta(days=9)))  # after moving to B
    assert counted(campaign, org_a) == 1
    assert counted(campaign, org_b) == 1


def test_a_completion_without_an_organisation_counts_for_nobody(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    complete(UserFactory(), first_course(campaign), None, local(first_day() + datetime.timedelta(days=1)))
    assert counted(campaign, org_a) == 0


def test_a_course_outside_the_campaign_does_not_count(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    complete(UserFactory(), make_course(lessons=1), org_a, local(first_day() + datetime.timedelta(days=1)))
    assert counted(campaign, org_a) == 0


def test_units_are_counted_for_the_coordinators(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    unit = UnitFactory(organisation=org_a, name="Socialförvaltningen")
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()), unit=unit)
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    assert {(u.unit_id, u.count) for u in UnitCount.objects.all()} == {(unit.pk, 1), (None, 1)}


def test_an_earlier_completion_arriving_late_moves_the_person_to_its_day(org_a: Organisation) -> None:
    courses = [make_course(lessons=1), make_course(lessons=1)]
    campaign = make_campaign({org_a: 10}, courses=courses)
    person = UserFactory()
    complete(person, courses[0], org_a, local(first_day() + datetime.timedelta(days=10)))
    complete(person, courses[1], org_a, local(first_day() + datetime.timedelta(days=3)))  # imported, earlier
    assert list(DailyCount.objects.filter(added__gt=0).values_list("day", flat=True)) == [
        first_day() + datetime.timedelta(days=3)
    ]
    assert recompute(campaign) == []


def test_recompute_reports_and_fixes_a_lost_event(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()), announce=False)
    with pytest.raises(CommandError, match="difference"):
        call_command("recompute_standings", campaign.slug)
    call_command("recompute_standings", campaign.slug, "--fix")
    assert counted(campaign, org_a) == 1
    assert recompute(campaign) == []


@pytest.mark.django_db(transaction=True)
def test_a_completion_made_through_the_course_is_counted_after_commit(org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    course = first_course(campaign)
    person = UserFactory()
    MembershipFactory(user=person, organisation=org_a, role=MembershipRole.LEARNER)
    course_actions.enrol(person, course)
    course_actions.record_progress(person, lessons_of(course)[0])
    assert Participant.objects.get(campaign=campaign).completions == 1


def test_campaigns_running_at_once_each_count_a_completion_of_a_course_they_share(
    org_a: Organisation, org_b: Organisation, learner_a: User
) -> None:
    course = make_course(lessons=1)
    autumn = make_campaign({org_a: 10, org_b: 10}, courses=[course])
    county = make_campaign({org_a: 10}, courses=[course])
    other = make_campaign({org_a: 10})  # runs at the same time, counts another course
    complete(learner_a, course, org_a, local(first_day() + datetime.timedelta(days=1)))
    assert (counted(autumn, org_a), counted(county, org_a), counted(other, org_a)) == (1, 1, 0)
    assert counted(autumn, org_b) == 0
    assert recompute(autumn) == recompute(county) == recompute(other) == []
