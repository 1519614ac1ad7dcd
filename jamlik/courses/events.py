"""Events the courses app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class CourseCompleted:
    completion_id: int
    # Recorded by a bulk import, whose ``completions_imported`` listeners already ran in its
    # transaction: a listener subscribed to both leaves these to that one.
    imported: bool = False


@dataclass(frozen=True)
class CompletionsImported:
    """Completions a bulk import recorded (or found already recorded), in the import's transaction."""

    completion_ids: tuple[int, ...]


@dataclass(frozen=True)
class CompletionsAnnounced:
    """Imported completions, a few hundred at a time, after the import committed: the bulk form of
    ``course_completed`` (which goes out for each of them too, with ``imported=True``), for a
    listener that does in a few queries what it would do for each completion in turn."""

    completion_ids: tuple[int, ...]


@dataclass(frozen=True)
class Enrolled:
    enrolment_id: int


@dataclass(frozen=True)
class LessonDone:
    progress_id: int


@dataclass(frozen=True)
class CheckAnswered:
    """A knowledge check answered (again: ``attempt`` counts the answers that changed it)."""

    answer_id: int
    attempt: int


course_completed: Event[CourseCompleted] = Event("course_completed")
enrolled: Event[Enrolled] = Event("enrolled")
lesson_done: Event[LessonDone] = Event("lesson_done")
check_answered: Event[CheckAnswered] = Event("check_answered")
# Delivered inside the import's transaction: what its listeners write commits with the completions.
completions_imported: Event[CompletionsImported] = Event("completions_imported", in_transaction=True)
completions_announced: Event[CompletionsAnnounced] = Event("completions_announced")
