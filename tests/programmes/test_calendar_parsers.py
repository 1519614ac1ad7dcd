"""Two independent calendar engines read our files and put a winter and a summer session at the right instant.

vobject (Python) and ical.js (the engine of Thunderbird's calendar, run with Node) each resolve
TZID=Europe/Stockholm through the VTIMEZONE in the file, never through their own time zone
data: that is what a calendar program on another continent does.

ical.js is installed from the committed ``tests/js/package-lock.json`` (``npm ci --prefix tests/js``,
done by ``.ci/run``). Without it the ical.js checks are skipped, except with
``JAMLIK_REQUIRE_ICALJS=1`` (CI), where a missing parser fails the run.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
import vobject
from django.core import mail
from django.test import Client
from django.utils import timezone
from vobject.icalendar import TimezoneComponent

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, calendar
from jamlik.programmes.models import Session
from tests.programmes.factories import make_programme

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
JS = Path(__file__).resolve().parent.parent / "js"
WINTER = datetime.datetime(2027, 1, 22, 9, 30, tzinfo=STOCKHOLM)  # CET, UTC+1: 08:30Z
SUMMER = datetime.datetime(2027, 6, 10, 9, 30, tzinfo=STOCKHOLM)  # CEST, UTC+2: 07:30Z


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def icaljs_missing_reason() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS / "node_modules" / "ical.js" / "package.json").exists():
        return "ical.js is not installed (npm ci --prefix tests/js)"
    return None


def read_with_icaljs(text: str) -> list[dict[str, Any]]:
    reason = icaljs_missing_reason()
    if reason is not None:
        if os.environ.get("JAMLIK_REQUIRE_ICALJS") == "1":
            pytest.fail(f"{reason}; JAMLIK_REQUIRE_ICALJS=1 requires the ical.js checks to run", pytrace=False)
        pytest.skip(reason)
    node = shutil.which("node") or "node"
    done = subprocess.run(  # noqa: S603 (our own script, our own file on standard input)
        [node, str(JS / "read_ics.mjs")], input=text, capture_output=True, text=True, cwd=JS, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    events: list[dict[str, Any]] = json.loads(done.stdout)
    return events


def read_with_vobject(text: str) -> list[dict[str, Any]]:
    parsed = vobject.readOne(text)
    method = parsed.method.value if hasattr(parsed, "method") else None
    return [
        {
            "uid": event.uid.value,
            "method": method,
            "tzid": TimezoneComponent.pickTzid(event.dtstart.value.tzinfo),
            "start": _utc(event.dtstart.value),
            "end": _utc(event.dtend.value),
        }
        for event in parsed.vevent_list
    ]


PARSERS = [pytest.param(read_with_vobject, id="vobject"), pytest.param(read_with_icaljs, id="ical.js")]


def _winter_and_summer(org: Organisation) -> tuple[Any, Session, Session]:
    """The seed's shape with the in-person day in Stockholm in January and the closing webinar in June."""
    shape = make_programme(org)
    Session.objects.filter(pk=shape.stockholm.pk).update(starts_at=WINTER, ends_at=WINTER + datetime.timedelta(hours=6))
    Session.objects.filter(pk=shape.closing.pk).update(starts_at=SUMMER, ends_at=SUMMER + datetime.timedelta(hours=3))
    shape.stockholm.refresh_from_db()
    shape.closing.refresh_from_db()
    return shape, shape.stockholm, shape.closing


def _expected(*sessions: Session) -> dict[str, tuple[str, str]]:
    return {str(s.public_id): (_utc(s.starts_at), _utc(s.ends_at)) for s in sessions}


def _by_session(events: list[dict[str, Any]], sessions: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    found = {}
    for event in events:
        assert event["tzid"] == "Europe/Stockholm"
        for public_id in sessions:
            if public_id in event["uid"]:
                found[public_id] = (event["start"], event["end"])
    return found


@pytest.mark.parametrize("read", PARSERS)
@pytest.mark.django_db
def test_emailed_invitations_put_a_winter_and_a_summer_session_at_the_right_instant(
    read: Any, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape, winter, summer = _winter_and_summer(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(learner_a, shape.programme, [winter.pk])
    expected = _expected(winter, summer)
    assert expected[str(winter.public_id)][0] == "2027-01-22T08:30:00.000Z"
    assert expected[str(summer.public_id)][0] == "2027-06-10T07:30:00.000Z"
    events = [e for _name, content, _type in mail.outbox[0].attachments for e in read(content)]
    assert {e["method"] for e in events} == {"REQUEST"}
    assert _by_session(events, expected) == expected


@pytest.mark.parametrize("read", PARSERS)
@pytest.mark.django_db
def test_the_public_feed_and_the_download_put_summer_and_winter_sessions_at_the_right_instant(
    read: Any, as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    shape, winter, summer = _winter_and_summer(org_a)
    actions.register(learner_a, shape.programme, [winter.pk])
    expected = _expected(winter, summer)
    feed = as_learner_a.get("/program/kalender.ics").content.decode()
    assert _by_session(read(feed), expected) == expected
    download = as_learner_a.get(f"/program/{shape.programme.slug}/min-anmalan/kalender.ics").content.decode()
    assert _by_session(read(download), expected) == expected


@pytest.mark.heavy  # years of hours, no database
def test_the_written_time_zone_agrees_with_the_tz_database_every_hour_for_years_ahead() -> None:
    """The rule in the file (read by vobject into a tzinfo) gives Stockholm's offset at every hour
    from now to fifteen years ahead; if Sweden's summer time changes, the tz database will say so
    and this test fails until ``calendar.stockholm_timezone`` follows."""
    file = calendar.public_feed([])  # a calendar with the time zone and no events
    written = vobject.readOne(file).vtimezone.gettzinfo()
    year = timezone.localdate().year
    moment = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + 15, 1, 1, tzinfo=datetime.UTC)
    while moment < end:
        assert moment.astimezone(written).utcoffset() == moment.astimezone(STOCKHOLM).utcoffset(), moment
        moment += datetime.timedelta(hours=1)
