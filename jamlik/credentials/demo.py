"""Demo diplomas: a signing key if there is none, and a diploma for every demo learner who
completed a course or programme that ends with one (the event listeners usually did it
already). Idempotent."""

from __future__ import annotations

from jamlik.courses.models import Completion
from jamlik.credentials import actions, keys
from jamlik.credentials.programmes import issue_for_programme_completion
from jamlik.programmes.models import ProgrammeCompletion


def load() -> list[str]:
    new_key = keys.ensure_key()
    # Only people who can sign in: the campaigns demo's synthetic, inactive people get none.
    completions = Completion.objects.select_related("course__owner", "version", "enrolment", "user").filter(
        version__issues_diploma=True, user__is_active=True
    )
    diplomas = [actions.issue_for_completion(None, completion) for completion in completions]
    finished = ProgrammeCompletion.objects.select_related("programme", "registration", "user").filter(
        programme__issues_diploma=True, user__is_active=True
    )
    diplomas += [issue_for_programme_completion(None, completion) for completion in finished]
    lines = [f"Demo diplomas: /min-sida/diplom/ ({len(diplomas)} issued); check one at /verifiera/"]
    if new_key:
        lines.append(f"Credential signing key {new_key} created in {keys.key_dir()}")
    return lines
