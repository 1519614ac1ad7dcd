"""The shapes of the browser checks: who looks (the named cast) and at what (a ``Check``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from playwright.sync_api import Page

from jamlik.people.models import Membership, Organisation, User

Viewer = Literal["anonymous", "learner_a", "coordinator_a", "programme_manager", "administrator"]


@dataclass
class Cast:
    """The named cast, plus an organisation with enough in it that every table and list renders."""

    org_a: Organisation
    learner_a: User
    coordinator_a: User
    programme_manager: User
    administrator: User
    member: Membership  # learner_a's membership in org_a, for the member edit page
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    name: str
    path: str | Callable[[Cast], str]
    viewer: Viewer = "anonymous"
    setup: Callable[[Cast], None] | None = None
    then: Callable[[Page], None] | None = None
    status: int = 200

    def url_path(self, cast: Cast) -> str:
        return self.path if isinstance(self.path, str) else self.path(cast)


# What the ``visit`` fixture returns: open a check's page in a language, as its viewer.
Visit = Callable[[Check, str], Page]
