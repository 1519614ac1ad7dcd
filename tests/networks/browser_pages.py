"""Pages of Networks that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from tests.browser.check import Check
from tests.networks.page_setups import SLUG, a_network, a_request_to_join, meeting_ending_first, submit_empty

N = f"/natverk/{SLUG}"

PAGES: list[Check] = [
    Check("networks-list", "/natverk/", setup=a_network),
    Check("networks-list-signed-in", "/natverk/", viewer="learner_a", setup=a_request_to_join),
    Check("networks-new", "/natverk/nytt/", viewer="programme_manager"),
    Check("networks-new-errors", "/natverk/nytt/", viewer="programme_manager", then=submit_empty),
    Check("networks-home", f"{N}/", viewer="coordinator_a", setup=a_network),
    Check("networks-home-outside", f"{N}/", viewer="learner_a", setup=a_network),
    Check("networks-home-requested", f"{N}/", viewer="learner_a", setup=a_request_to_join),
    Check("networks-home-open", "/natverk/oppet-forum/", viewer="learner_a", setup=a_network),
    Check("networks-ask-to-join", f"{N}/ga-med/", viewer="learner_a", setup=a_network),
    Check("networks-members", f"{N}/medlemmar/", viewer="coordinator_a", setup=a_network),
    Check("networks-members-moderator", f"{N}/medlemmar/", viewer="programme_manager", setup=a_request_to_join),
    Check("networks-preferences", f"{N}/e-post/", viewer="coordinator_a", setup=a_network),
    Check("networks-threads", f"{N}/diskussioner/", viewer="coordinator_a", setup=a_network),
    Check("networks-new-thread", f"{N}/diskussioner/ny/", viewer="coordinator_a", setup=a_network),
    Check(
        "networks-new-thread-errors",
        f"{N}/diskussioner/ny/",
        viewer="coordinator_a",
        setup=a_network,
        then=submit_empty,
    ),
    Check(
        "networks-thread",
        lambda cast: f"{N}/diskussioner/{cast.extra['thread']}/",
        viewer="coordinator_a",
        setup=a_network,
    ),
    Check(
        "networks-thread-moderator",
        lambda cast: f"{N}/diskussioner/{cast.extra['thread']}/",
        viewer="programme_manager",
        setup=a_network,
    ),
    Check(
        "networks-reply-errors",
        lambda cast: f"{N}/diskussioner/{cast.extra['thread']}/",
        viewer="coordinator_a",
        setup=a_network,
        then=submit_empty,
        status=200,
    ),
    Check(
        "networks-hide",
        lambda cast: f"{N}/inlagg/{cast.extra['post']}/dolj/",
        viewer="programme_manager",
        setup=a_network,
    ),
    Check(
        "networks-report",
        lambda cast: f"{N}/inlagg/{cast.extra['post']}/anmal/",
        viewer="coordinator_a",
        setup=a_network,
    ),
    Check(
        "networks-report-errors",
        lambda cast: f"{N}/inlagg/{cast.extra['post']}/anmal/",
        viewer="coordinator_a",
        setup=a_network,
        then=submit_empty,
    ),
    Check("networks-reports", f"{N}/anmalda-inlagg/", viewer="programme_manager", setup=a_network),
    Check("networks-documents", f"{N}/dokument/", viewer="coordinator_a", setup=a_network),
    Check("networks-documents-errors", f"{N}/dokument/", viewer="coordinator_a", setup=a_network, then=submit_empty),
    Check(
        "networks-document",
        lambda cast: f"{N}/dokument/{cast.extra['document']}/",
        viewer="coordinator_a",
        setup=a_network,
    ),
    Check(
        "networks-meeting",
        lambda cast: f"{N}/moten/{cast.extra['meeting']}/",
        viewer="coordinator_a",
        setup=a_network,
    ),
    Check("networks-new-meeting", f"{N}/moten/nytt/", viewer="programme_manager", setup=a_network),
    Check(
        "networks-new-meeting-errors",
        f"{N}/moten/nytt/",
        viewer="programme_manager",
        setup=a_network,
        then=meeting_ending_first,
    ),
    Check(
        "networks-edit-meeting",
        lambda cast: f"{N}/moten/{cast.extra['meeting']}/andra/",
        viewer="programme_manager",
        setup=a_network,
    ),
    Check("networks-invitation-invalid", "/natverk/inbjudan/finns-inte/", viewer="learner_a", status=404),
]
