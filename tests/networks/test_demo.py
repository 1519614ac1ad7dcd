"""The demo network of county-board strategists loads twice without creating anything twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jamlik.networks import demo
from jamlik.networks.models import DocumentVersion, Meeting, MemberState, Network, Post, Thread
from jamlik.people import demo as people_demo
from jamlik.programmes import demo as programmes_demo


@pytest.mark.django_db
def test_the_demo_network_has_members_from_several_county_boards_a_meeting_and_a_discussion() -> None:
    people_demo.load()
    programmes_demo.load()
    lines = demo.load()
    demo.load()
    network = Network.objects.get()
    assert network.slug == demo.SLUG and not network.is_open
    assert lines and demo.SLUG in lines[0]
    active = network.members.filter(state=MemberState.ACTIVE).select_related("organisation")
    organisations = {m.organisation.slug for m in active if m.organisation}
    assert {"lansstyrelsen-dalarna", "lansstyrelsen-stockholm", "lansstyrelsen-vastra-gotaland"} <= organisations
    assert network.members.filter(state=MemberState.REQUESTED).count() == 1
    assert Meeting.objects.filter(starts_at__gt=timezone.now()).count() == 1
    assert Meeting.objects.exclude(minutes="").count() == 1
    assert Thread.objects.count() == 1 and Post.objects.count() >= 2
    assert DocumentVersion.objects.count() == 2
