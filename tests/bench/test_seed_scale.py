"""``jamlik seed-scale``: the synthetic national data set, its shape, and that a second run adds nothing."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from jamlik.audit.models import AuditEntry
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign, Participant, ParticipantStatus
from jamlik.courses.models import Completion, Course, Enrolment, Lesson, LessonProgress, VersionStatus
from jamlik.people.models import HeadcountDeclaration, Membership, Organisation, OrganisationKind, Unit, User
from jamlik.programmes.models import Programme, Session
from jamlik.scale.events import CAMPAIGN, PROGRAMME
from jamlik.scale.people import EMAIL_SUFFIX
from jamlik.scale.seed import seed

PEOPLE = 1_500


@pytest.fixture
def seeded(db: None) -> None:
    seed(PEOPLE, lambda line: None)


@pytest.mark.usefixtures("seeded")
def test_every_county_board_municipality_and_region_employs_people_with_a_headcount() -> None:
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds[OrganisationKind.COUNTY_BOARD] == 21
    assert kinds[OrganisationKind.MUNICIPALITY] == 290
    assert kinds[OrganisationKind.REGION] == 20  # Gotland's region is the municipality
    national = Organisation.objects.filter(
        kind__in=[OrganisationKind.COUNTY_BOARD, OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]
    )
    declared = HeadcountDeclaration.objects.filter(organisation__in=national)
    assert declared.values("organisation").distinct().count() == 331
    assert Unit.objects.filter(organisation__in=national).values("organisation").distinct().count() == 331
    stockholm = declared.get(organisation__municipality_code="0180").headcount
    smallest = min(declared.values_list("headcount", flat=True))
    assert stockholm > 40 * smallest


@pytest.mark.usefixtures("seeded")
def test_the_people_are_synthetic_learners_with_one_membership_each() -> None:
    people = User.objects.filter(email__endswith=EMAIL_SUFFIX)
    assert people.count() == PEOPLE
    assert not people.exclude(password="!").exists()
    assert not any(u.has_usable_password() for u in people[:20])
    assert Membership.objects.filter(user__in=people, valid_to=None).count() == PEOPLE
    kon = Counter(people.values_list("kon", flat=True))
    assert 0.6 < kon["kvinna"] / PEOPLE < 0.73
    assert 0.2 < kon["man"] / PEOPLE < 0.32
    assert kon[""] > 0  # some leave kön out


@pytest.mark.usefixtures("seeded")
def test_people_are_spread_over_organisations_in_proportion_to_headcount() -> None:
    headcount = dict(HeadcountDeclaration.objects.values_list("organisation__slug", "headcount"))
    members = Counter(Membership.objects.values_list("organisation__slug", flat=True))
    total = sum(headcount.values())
    for slug in ("goteborg", "stockholm", "malmo"):
        assert abs(members[slug] / PEOPLE - headcount[slug] / total) < 0.02
    assert members["goteborg"] > 3 * members["lansstyrelsen-dalarna"]


@pytest.mark.usefixtures("seeded")
def test_two_published_courses_with_progress_for_most_and_completions_for_about_half() -> None:
    courses = Course.objects.filter(published_version__status=VersionStatus.PUBLISHED, slug__startswith="skala-")
    assert courses.count() == 2
    for course in courses:
        assert Lesson.objects.filter(version_id=course.published_version_id).count() == 8
    with_progress = LessonProgress.objects.values("enrolment__user").distinct().count()
    assert with_progress > 0.7 * PEOPLE
    first = Completion.objects.filter(course__slug="skala-bemotande").count()
    assert 0.4 * PEOPLE < first < 0.6 * PEOPLE
    # Every completion is counted for the organisation and unit of the person's membership.
    assert (
        not Completion.objects.exclude(
            organisation=F("user__memberships__organisation"), unit=F("user__memberships__unit")
        )
        .exclude(unit=None)
        .exists()
    )
    assert not Completion.objects.filter(organisation=None).exists()
    # A completed enrolment has all its lessons; an open one has fewer.
    counts = Enrolment.objects.annotate(n=Count("progress"))
    assert not counts.filter(completed_at__isnull=False).exclude(n=8).exists()
    assert not counts.filter(completed_at__isnull=True, n__gte=8).exists()


@pytest.mark.usefixtures("seeded")
def test_the_campaign_has_every_organisation_and_standings_that_match_the_completions() -> None:
    campaign = Campaign.objects.get(slug=CAMPAIGN)
    participants = Participant.objects.filter(campaign=campaign, status=ParticipantStatus.APPROVED)
    assert participants.count() == 331
    assert not participants.filter(frozen_headcount=None).exists()
    assert recompute(campaign) == []
    counted = sum(participants.values_list("completions", flat=True))
    people_completed = Completion.objects.filter(completed_at__gte=campaign.start_at).values("user").distinct().count()
    assert counted == people_completed > 0


@pytest.mark.usefixtures("seeded")
def test_the_programme_has_twenty_sessions_of_forty_seats_open_for_registration() -> None:
    programme = Programme.objects.get(slug=PROGRAMME)
    sessions = Session.objects.filter(module__programme=programme)
    assert sessions.count() == 20
    assert set(sessions.values_list("capacity", flat=True)) == {40}
    assert not programme.deadline_passed()


@pytest.mark.usefixtures("seeded")
def test_a_second_run_adds_nothing() -> None:
    before = {
        model.__name__: model.objects.count()
        for model in (User, Membership, Unit, HeadcountDeclaration, Enrolment, LessonProgress, Completion, Participant)
    }
    report = seed(PEOPLE, lambda line: None)
    after = {
        name: model.objects.count()
        for name, model in zip(
            before,
            (User, Membership, Unit, HeadcountDeclaration, Enrolment, LessonProgress, Completion, Participant),
            strict=True,
        )
    }
    assert report.total_added == 0
    assert after == before


@pytest.mark.usefixtures("seeded")
def test_a_larger_n_adds_only_the_new_people_and_their_learning() -> None:
    seed(PEOPLE + 200, lambda line: None)
    assert User.objects.filter(email__endswith=EMAIL_SUFFIX).count() == PEOPLE + 200
    assert recompute(Campaign.objects.get(slug=CAMPAIGN)) == []


def test_the_command_prints_progress_and_timings(db: None) -> None:
    out = StringIO()
    call_command("seed_scale", "--people", "50", stdout=out)
    text = out.getvalue()
    assert "people and memberships:" in text
    assert "added people: 50" in text


@pytest.mark.usefixtures("seeded")
def test_an_interrupted_run_fills_in_only_the_missing_learning_rows() -> None:
    total = LessonProgress.objects.count()
    first = list(LessonProgress.objects.order_by("pk").values_list("pk", flat=True)[:100])
    LessonProgress.objects.filter(pk__in=first).delete()
    assert seed(PEOPLE, lambda line: None).total_added == 0  # the finished run's entry: nothing is read again
    # As if the run had stopped before its end (it writes its audit entry last).
    AuditEntry.objects.filter(action="scale.seeded").delete()
    report = seed(PEOPLE, lambda line: None)
    assert report.added["progress"] == 100 and report.added["enrolments"] == report.added["completions"] == 0
    assert LessonProgress.objects.count() == total
