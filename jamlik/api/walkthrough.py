"""A first integration, step by step: the reference page shows these steps and docs/api.md repeats them.

``tests/test_api_walkthrough.py`` performs the steps as written here against the test client
(``{name}`` in a path is a value an earlier answer gave) and checks docs/api.md shows each request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORGANISATION = "sater"
STAFF = 20


def staff_list() -> str:
    """The CSV file of step 2: twenty people of one organisation, as Excel on Swedish Windows saves it."""
    rows = ["E-postadress;Förnamn;Efternamn;Enhet"]
    rows += [f"person{n:02}@sater.se;Person;Nummer {n};Socialförvaltningen" for n in range(1, STAFF + 1)]
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
        title="Read completions",
        text=(
            "As people complete courses, their completions appear here, newest first, with paging "
            "(`limit`, `offset`) and filters (`course`, `unit`, `from`, `to`)."
        ),
        method="GET",
        path="/api/v1/courses/completions/{organisation}",
    ),
]
