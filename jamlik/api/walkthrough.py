"""A first integration, step by step: the reference page shows these steps and docs/api.md repeats them.

``tests/test_api_walkthrough.py`` performs the steps as written here against the test client
(``{name}`` in a path is a value an earlier answer gave) and checks docs/api.md shows each request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORGANISATION = "sater"
STAFF = 20


EMAILS = [f"person{n:02}@sater.se" for n in range(1, STAFF + 1)]


def staff_list() -> str:
    """The CSV file of step 2: twenty people of one organisation, as Excel on Swedish Windows saves it."""
    rows = ["E-postadress;Förnamn;Efternamn;Enhet"]
    rows += [f"{email};Person;Nummer {n};Socialförvaltningen" for n, email in enumerate(EMAILS, 1)]
    return "\n".join(rows) + "\n"


@dataclass(frozen=True)
class Step:
    title: str
    text: str  # `code` in backticks
    command: str = ""  # a shell command, instead of a request
    method: str = ""
    path: str = ""  # "{job}": the value an earlier answer named ``job`` (see ``keep``)
    body: str = ""  # JSON, or a file for a multipart ``file`` field
    file: bool = False  # the body is sent as the multipart field ``file``
    status: int = 200
    keep: dict[str, str] = field(default_factory=dict)  # name: the answer's field to keep for later steps
    each: list[str] = field(default_factory=list)  # sent once for each, as {each} in the path or the body
    expect: dict[str, object] = field(default_factory=dict)  # the answer's fields (dotted) and their values

    @property
    def request(self) -> str:
        return f"{self.method} {self.path}" if self.method else ""


STEPS = [
    Step(
        title="Make a token",
        text=(
            "A coordinator makes a personal token on My page (API tokens), or an administrator on the "
            "server. It is shown once; send it as `Authorization: Bearer jml_…` with every request below. "
            "The token acts as that person: it reaches their organisation only."
        ),
        command="jamlik token create samordnare@sater.se --name hr-system",
    ),
    Step(
        title="Find your organisation's id",
        text=(
            "`GET /api/v1/me` answers who the token belongs to and their memberships: each names its "
            "organisation by `id`, which every request below takes (the organisation's slug works too)."
        ),
        method="GET",
        path="/api/v1/me",
        keep={"organisation": "memberships.0.organisation"},
        expect={"memberships.0.organisation_slug": ORGANISATION, "memberships.0.role": "coordinator"},
    ),
    Step(
        title="Upload the staff list",
        text=(
            "Send the organisation's staff as a CSV or XLSX file (the field `file`, multipart). Nothing "
            "changes yet: the answer (202) is a job that checks the list and prepares a preview."
        ),
        method="POST",
        path="/api/v1/roster-imports?organisation={organisation}",
        body=staff_list(),
        file=True,
        status=202,
        keep={"job": "id"},
    ),
    Step(
        title="Read the preview",
        text=(
            "Ask for the job until `state` is `ready` (or `rejected`: every problem by row in `problems`). "
            "`counts` says what applying it would do: here twenty people `joining`."
        ),
        method="GET",
        path="/api/v1/roster-imports/{job}",
        expect={"state": "ready", "counts.joining": STAFF, "counts.new_people": STAFF},
    ),
    Step(
        title="Apply it",
        text=(
            "The twenty become members of the organisation (accounts without a password: they sign in "
            "with a code sent to their address). Ask for the job again until `state` is `done`."
        ),
        method="POST",
        path="/api/v1/roster-imports/{job}/apply",
        status=202,
    ),
    Step(
        title="Check that it is done",
        text="The job's `state` is `done` when every member is in place.",
        method="GET",
        path="/api/v1/roster-imports/{job}",
        expect={"state": "done"},
    ),
    Step(
        title="Find the course",
        text=(
            "The catalogue lists the published courses; keep the `id` of the one your staff should take "
            "(its `slug` works in paths too)."
        ),
        method="GET",
        path="/api/v1/courses",
        keep={"course": "items.0.id"},
    ),
    Step(
        title="Enrol them",
        text=(
            "Enrol each member, named by `email` (or by `person`, their id): 201 with the enrolment, or 200 "
            "with the existing one when they were enrolled already, so a retry changes nothing. They find the "
            "course on their page when they sign in."
        ),
        method="POST",
        path="/api/v1/courses/{course}/enrolments",
        body='{"organisation": "{organisation}", "email": "{each}"}',
        each=EMAILS,
        status=201,
    ),
    Step(
        title="Read completions",
        text=(
            "As people complete the course, their completions appear here, newest first, with paging "
            "(`limit`, `offset`, and `Link` headers) and filters (`course`, `unit`, `from`, `to`)."
        ),
        method="GET",
        path="/api/v1/courses/completions?organisation={organisation}",
    ),
]
