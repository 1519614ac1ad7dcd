"""Property: whatever the order and mix of completions, the incremental standings equal a recomputation."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Participant
from jamlik.courses.models import Completion, Enrolment
from tests.campaigns.factories import complete, first_day, local, make_campaign
from tests.courses.factories import make_course
from tests.factories import OrganisationFactory, UserFactory

# (person, course, organisation, day offset from the start: negative is before, 70+ after the end)
events = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 1), st.integers(0, 2), st.integers(-5, 65)),
    max_size=25,
    unique_by=lambda e: (e[0], e[1]),  # one completion per person and course, as in the courses app
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=events, counts_earlier=st.booleans())
def test_incremental_counting_equals_recomputation(
    events: list[tuple[int, int, int, int]], counts_earlier: bool
) -> None:
    Completion.objects.all().delete()
    Enrolment.objects.all().delete()
    orgs = [OrganisationFactory() for _ in range(3)]
    courses = [make_course(lessons=1) for _ in range(2)]
    campaign = make_campaign(
        {orgs[0]: 5, orgs[1]: 7}, courses=courses, counts_earlier=counts_earlier
    )  # orgs[2] not in it
    people = [UserFactory() for _ in range(6)]
    for person, course, org, offset in events:
        complete(people[person], courses[course], orgs[org], local(first_day() + datetime.timedelta(days=offset), 9))
    assert recompute(campaign) == []
    for p in Participant.objects.filter(campaign=campaign):
        assert p.completions == len(
            {(e[0]) for e in events if e[2] == orgs.index(p.organisation) and _inside(e, counts_earlier)}
        )


def _inside(event: tuple[int, int, int, int], counts_earlier: bool) -> bool:
    offset = event[3]
    return offset <= 60 and (counts_earlier or offset >= 0)
