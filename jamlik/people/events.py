"""Events the people app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class NameGiven:
    """A person gave or changed their name (diplomas waiting for a name can now be issued)."""

    user_id: int


name_given: Event[NameGiven] = Event("name_given")
