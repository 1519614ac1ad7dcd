"""Making cmi5 courses for tests: the demo course (or a structure of one's own) imported and
published, a learner enrolled, and the AU's side of a session (fetch, statements) over HTTP."""

from __future__ import annotations

import base64
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from jamlik.courses.actions import enrol
from jamlik.courses.models import CourseVersion
from jamlik.courses.versions import publish_version
from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.cmi5.demo import demo_zip
from jamlik.packages.cmi5.importing import import_course
from jamlik.packages.cmi5.models import Session
from jamlik.packages.models import ItemKind, PackageItem
from jamlik.people.models import User

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


def zip_of(files: dict[str, str | bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def published(upload: io.BytesIO | None = None, *, filename: str = "kurs.zip") -> CourseVersion:
    version = import_course(None, upload or demo_zip(), filename=filename)
    return publish_version(None, version)


def aus(version: CourseVersion) -> list[PackageItem]:
    return list(version.package.items.filter(kind=ItemKind.AU).order_by("position"))


@dataclass
class Au:
    """The AU's side of one launch, as a browser would run it."""

    url: str
    client: Client
    session: str
    token: str = ""

    @property
    def params(self) -> dict[str, str]:
        return {name: values[0] for name, values in parse_qs(urlsplit(self.url).query).items()}

    def fetch(self, *, preferences: bool = True) -> dict[str, Any]:
        response = self.client.post(urlsplit(self.params["fetch"]).path)
        assert response.status_code == 200, response.content
        answer: dict[str, Any] = response.json()
        if "auth-token" in answer:
            self.token = answer["auth-token"]
            if preferences:
                self.read_preferences()
        return answer

    def read_preferences(self) -> int:
        """Ask for the learner's preferences, as an AU must before initialized (cmi5 11.0)."""
        response = self.client.get(
            "/xapi/agents/profile",
            {"profileId": "cmi5LearnerPreferences", "agent": self.params["actor"]},
            **self.headers(),
        )
        return response.status_code

    def headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Basic {self.token}", "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}

    def statement(
        self, verb: str, *, result: dict[str, Any] | None = None, move_on: bool = False, mastery: float | None = None
    ) -> dict[str, Any]:
        params = self.params
        categories = [{"id": v.CATEGORY_CMI5}] + ([{"id": v.CATEGORY_MOVE_ON}] if move_on else [])
        session = self.session
        extensions: dict[str, Any] = {v.EXT_SESSION: session}
        if mastery is not None:
            extensions[v.EXT_MASTERY] = mastery
        data: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": json.loads(params["actor"]),
            "verb": {"id": verb},
            "object": {"id": params["activityId"]},
            "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "context": {
                "registration": params["registration"],
                "contextActivities": {"category": categories},
                "extensions": extensions,
            },
        }
        if result is not None:
            data["result"] = result
        return data

    def send(self, *statements: dict[str, Any]) -> int:
        response = self.client.post(
            "/xapi/statements", data=json.dumps(list(statements)), content_type="application/json", **self.headers()
        )
        return response.status_code


def launch(client: Client, item: PackageItem) -> Au:
    response = client.post(f"/cmi5/starta/{item.public_id}/")
    assert response.status_code == 302, response.content
    session = Session.objects.filter(registration__user__enrolments__version=item.package.version).latest("id")
    return Au(url=response["Location"], client=Client(), session=str(session.public_id))


def enrolled(user: User, version: CourseVersion) -> None:
    enrol(user, version.course)


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
