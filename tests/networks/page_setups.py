"""Rows the browser checks need for the network pages (listed in ``tests/networks/browser_pages.py``).

The programme manager moderates a closed network that coordinator A belongs to; learner A is
outside it. The space has a thread with a hidden and a reported post, a document in two
versions and two meetings, one of them a programme session.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page

from jamlik.networks import actions, space
from jamlik.networks.models import Visibility
from tests.networks.factories import make_document, make_network, make_thread, pdf_upload, place_of
from tests.programmes.factories import make_programme

SLUG = "strateger"


def a_network(cast: Any) -> None:
    pm, member = cast.programme_manager, cast.coordinator_a
    network = make_network(pm, member, slug=SLUG)
    make_network(pm, visibility=Visibility.OPEN, slug="oppet-forum")
    thread = make_thread(
        network, member, title="Hur följer ni upp målen?", body="Vi använder **två indikatorer** per avdelning."
    )
    moderator, mine = place_of(pm, network), place_of(member, network)
    reported = space.reply(pm, moderator, thread, "Se mallen i dokumenten.\n\n- mål\n- aktiviteter")
    hidden = space.reply(member, mine, thread, "Ett inlägg med personuppgifter.")
    space.hide_post(pm, moderator, hidden, "Personuppgifter om en brukare")
    space.report_post(member, mine, reported, "Länken fungerar inte")
    document = make_document(network, member, title="Mall för lägesrapport")
    space.add_version(pm, moderator, document, pdf_upload("mall-v2.pdf"), "Nytt avsnitt om analys")
    shape = make_programme(cast.org_a, seats=5)
    start = timezone.now() + datetime.timedelta(days=14)
    meeting = space.add_meeting(
        pm,
        moderator,
        space.MeetingFields(
            title="Nätverksträff i Falun",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            place="Åsgatan 38, Falun",
            agenda="1. Laget runt\n2. Rapporten till regeringen",
            minutes="## Beslut\n- Vi delar en gemensam mall.",
            session_id=shape.stockholm.pk,
        ),
    )
    cast.extra.update(
        thread=str(thread.public_id),
        post=str(reported.public_id),
        document=str(document.public_id),
        meeting=str(meeting.public_id),
    )


def a_request_to_join(cast: Any) -> None:
    a_network(cast)
    from jamlik.networks.models import Network

    actions.request_to_join(cast.learner_a, Network.objects.get(slug=SLUG), "Jag arbetar med jämställdhet i Säter.")


def submit_empty(page: Page) -> None:
    page.locator("main form.stacked button[type=submit]").last.click()
    page.wait_for_load_state()


def meeting_ending_first(page: Page) -> None:
    page.fill("#id_title", "Träff")
    page.fill("#id_starts_at", "2027-03-01T13:00")
    page.fill("#id_ends_at", "2027-03-01T09:00")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
