"""How diplomas follow other apps' events: after commit, with ids only."""

from __future__ import annotations

from contextlib import suppress

from jamlik.courses.events import CompletionsAnnounced, CourseCompleted, completions_announced, course_completed
from jamlik.credentials import actions
from jamlik.people.events import NameGiven, name_given
from jamlik.people.models import User
from jamlik.programmes.events import ProgrammeCompleted, programme_completed


def on_course_completed(event: CourseCompleted) -> None:
    from jamlik.courses.models import Completion

    if event.imported:
        return  # on_completions_announced issues these, a few hundred at a time
    completion = (
        Completion.objects.select_related("course__owner", "version", "enrolment", "user")
        .filter(pk=event.completion_id)
        .first()
    )
    if completion is not None and completion.version.issues_diploma:
        with suppress(actions.NameNeeded):  # waits for the person's name: credentials.names issues it then
            actions.issue_for_completion(None, completion)


def on_completions_announced(event: CompletionsAnnounced) -> None:
    """Imported completions: their diplomas in a few queries (those without a name wait, as above)."""
    from jamlik.credentials.bulk import completions_for, issue_for_completions

    completions = [c for c in completions_for(event.completion_ids) if c.version.issues_diploma]
    issue_for_completions(None, completions)


def on_programme_completed(event: ProgrammeCompleted) -> None:
    from jamlik.credentials.programmes import issue_for_programme_completion
    from jamlik.programmes.models import ProgrammeCompletion

    completion = (
        ProgrammeCompletion.objects.select_related("programme", "registration", "user")
        .filter(pk=event.completion_id)
        .first()
    )
    if completion is not None and completion.programme.issues_diploma:
        with suppress(actions.NameNeeded):  # waits for the person's name: credentials.names issues it then
            issue_for_programme_completion(None, completion)


def on_name_given(event: NameGiven) -> None:
    from jamlik.credentials.names import issue_waiting

    user = User.objects.filter(pk=event.user_id).first()
    if user is not None:
        issue_waiting(user)


def subscribe() -> None:
    course_completed.subscribe(on_course_completed)
    completions_announced.subscribe(on_completions_announced)
    programme_completed.subscribe(on_programme_completed)
    name_given.subscribe(on_name_given)
