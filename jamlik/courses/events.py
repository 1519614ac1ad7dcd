"""Events the courses app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class CourseCompleted:
    completion_id: int


course_completed: Event[CourseCompleted] = Event("course_completed")
