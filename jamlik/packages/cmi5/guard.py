"""What a cmi5 session credential may do at the LRS besides sending statements (cmi5 sections 8.1.2,
10 and 11), the LRS's request hook for session credentials (registered in ``jamlik.packages.apps``).

A session credential reaches only its own session's documents: the State of its AU, learner and
registration (``LMS.LaunchData`` there is read-only: the LMS wrote it, 10.2.1.0-5) and its
learner's agent profiles, where ``cmi5LearnerPreferences`` must be what section 11 says
(``languagePreference`` a comma-separated list of language codes, ``audioPreference`` ``on`` or
``off``). Reading statements, other learners or other activities is refused (403), and so is
everything once the session has ended.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils import timezone

from jamlik.lrs.models import LrsClient
from jamlik.packages.cmi5 import statements as lms
from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.cmi5.models import Session
from jamlik.packages.cmi5.rules import Refused

LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
# Resources a session credential may use, and how.
ALLOWED = {
    "statements": {"PUT", "POST"},
    "activities/state": {"GET", "HEAD", "PUT", "POST", "DELETE"},
    "agents/profile": {"GET", "HEAD", "PUT", "POST", "DELETE"},
    "activities/profile": {"GET", "HEAD"},
    "activities": {"GET", "HEAD"},
    "about": {"GET", "HEAD"},
}


def _account(agent_json: str | None) -> tuple[Any, Any] | None:
    if agent_json is None:
        return None
    try:
        agent = json.loads(agent_json)
    except ValueError:
        return ("", "")
    account = agent.get("account") if isinstance(agent, dict) else None
    if not isinstance(account, dict):
        return ("", "")
    return (account.get("homePage"), account.get("name"))


def _preferences_ok(headers: dict[str, str], body: bytes) -> bool:
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    languages = data.get("languagePreference")
    if not isinstance(languages, str) or not languages:
        return False
    if not all(LANGUAGE.match(code) for code in languages.split(",")):
        return False
    return data.get("audioPreference") in ("on", "off")


def check_request(
    client: LrsClient, resource: str, method: str, params: dict[str, str], headers: dict[str, str], body: bytes
) -> None:
    """Raise ``Refused`` (403) for what the session credential ``client`` may not do."""
    session = Session.objects.select_related("registration__user", "item").filter(credential=client).first()
    if session is None or not session.is_open:
        raise Refused("This cmi5 session has ended; its credential no longer works.")
    if method not in ALLOWED.get(resource, set()):
        raise Refused("A cmi5 session's credential may not do this.")
    mine = (lms.site(), str(session.registration.user.public_id))
    if resource == "activities/state":
        if params.get("activityId") != lms.item_activity_id(session.item):
            raise Refused("A cmi5 session reaches only its own AU's state.")
        if _account(params.get("agent")) not in (None, mine):
            raise Refused("A cmi5 session reaches only its own learner's state.")
        registration = params.get("registration")
        if registration is not None and registration.lower() != str(session.registration.public_id):
            raise Refused("A cmi5 session reaches only its own registration's state.")
        if params.get("stateId") == v.LAUNCH_DATA and method not in ("GET", "HEAD"):
            raise Refused("LMS.LaunchData is the LMS's; an AU may only read it (10.2.1.0-5).")
        if "stateId" not in params and method == "DELETE":
            raise Refused("A cmi5 session may not delete every state document at once.")
    elif resource == "agents/profile":
        if _account(params.get("agent")) not in (None, mine):
            raise Refused("A cmi5 session reaches only its own learner's profile (11.0.0.0-1).")
        writes_preferences = params.get("profileId") == v.LEARNER_PREFERENCES and method in ("PUT", "POST")
        if writes_preferences and params.get("agent") is not None and not _preferences_ok(headers, body):
            raise Refused(
                "cmi5LearnerPreferences must be a JSON object with languagePreference and audioPreference (11.0.0.0-5)."
            )
        if params.get("profileId") == v.LEARNER_PREFERENCES and method in ("GET", "HEAD"):
            # The AU asked for the learner's preferences, found or not: it may now send initialized (11.0.0.0-3).
            Session.objects.filter(pk=session.pk, preferences_read_at__isnull=True).update(
                preferences_read_at=timezone.now()
            )
