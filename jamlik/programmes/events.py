"""Events the programmes app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class ProgrammeCompleted:
    completion_id: int


programme_completed: Event[ProgrammeCompleted] = Event("programme_completed")
