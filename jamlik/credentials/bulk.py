"""Diplomas for many course completions in a few queries (imports, bulk issue).

``issue_for_completions`` writes the same rows as calling ``actions.issue_for_completion`` for
each completion in turn — the diploma with its frozen achievement, its issuer, one
``credentials.diploma_issued`` audit entry — but reads what exists and the versions' modules
once per batch and inserts with ``bulk_create``: a handful of queries for a few hundred
completions instead of about ten for each. Diplomas are not signed or rendered when issued (the
Open Badge is signed and the PDF made when someone downloads them), so nothing per diploma costs
more than building its row.

A concurrent issue of one of the same diplomas makes the insert fail on the partial unique
constraint; the batch then falls back to the one-by-one path, where each loser returns the
winner's diploma, as ``issue_diploma`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from jamlik.audit.models import AuditEntry
from jamlik.credentials import actions
from jamlik.credentials.events import DiplomasIssued, diplomas_issued
from jamlik.credentials.models import Diploma, IssueOutcome
from jamlik.people.models import User

T = TypeVar("T")
CHUNK = 500


@dataclass
class Issued:
    diplomas: list[Diploma] = field(default_factory=list)
    # (completion, why): the completions that got no new diploma (HAD_ONE, or NO_NAME: it waits for
    # the person's name and credentials.names issues it then).
    skipped: list[tuple[Any, IssueOutcome]] = field(default_factory=list)


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def completions_for(completion_ids: Iterable[int]) -> list[Any]:
    """The completions with what issuing reads (course owner, version, enrolment, person), in id order."""
    from jamlik.courses.models import Completion

    ids = sorted(set(completion_ids))
    found: list[Any] = []
    for batch in _chunks(ids):
        found.extend(
            Completion.objects.select_related("course__owner", "version", "enrolment", "user")
            .filter(pk__in=batch)
            .order_by("pk")
        )
    return found


def issue_for_completions(actor: User | None, completions: Sequence[Any]) -> Issued:
    """The diploma for each completion (``completions_for`` reads them), as ``issue_for_completion``
    gives it, skipping those who hold one and those who have not given their name."""
    from jamlik.courses.models import Module

    outcome = Issued()
    for batch in _chunks(completions):
        with transaction.atomic():
            held = set(
                Diploma.objects.filter(
                    recipient_id__in={c.user_id for c in batch},
                    achievement_key__in={actions.course_key(c.course_id) for c in batch},
                    superseded_at__isnull=True,
                ).values_list("recipient_id", "achievement_key")
            )
            titles: dict[int, list[str]] = {}
            modules = Module.objects.filter(version_id__in={c.version_id for c in batch}).order_by(
                "version_id", "position", "id"
            )
            for version_id, title in modules.values_list("version_id", "title"):
                titles.setdefault(version_id, []).append(title)
            to_issue: list[tuple[Any, Diploma]] = []
            for completion in batch:
                key = actions.course_key(completion.course_id)
                if (completion.user_id, key) in held:
                    outcome.skipped.append((completion, IssueOutcome.HAD_ONE))
                    continue
                name = completion.user.name.strip()
                if not name:
                    outcome.skipped.append((completion, IssueOutcome.NO_NAME))
                    continue
                held.add((completion.user_id, key))  # a second completion of the course in this batch
                achievement = actions.course_achievement(completion, titles.get(completion.version_id, []))
                diploma = Diploma(
                    recipient=completion.user,
                    recipient_name=name,
                    language=completion.user.preferred_language,
                    kind=achievement.kind,
                    achievement_key=key,
                    achievement=achievement.model_dump(mode="json"),
                    course_version=completion.version,
                    completion=completion,
                    issued_by=actor,
                )
                to_issue.append((completion, diploma))
            try:
                with transaction.atomic():
                    _insert(actor, to_issue)
            except IntegrityError:
                # Someone issued one of these a moment ago: one by one, each loser gets the winner's.
                for completion, _diploma in to_issue:
                    outcome.diplomas.append(actions.issue_for_completion(actor, completion))
                continue
            outcome.diplomas.extend(diploma for _completion, diploma in to_issue)
    return outcome


def _insert(actor: User | None, to_issue: list[tuple[Any, Diploma]]) -> None:
    """The diplomas, their issuer (the course's owner) and their audit entries, as ``issue_diploma``
    writes them."""
    Diploma.objects.bulk_create([d for _c, d in to_issue])
    if any(d.pk is None for _c, d in to_issue):  # a database that returns no ids from a bulk insert
        raise IntegrityError("bulk insert returned no ids")
    Diploma.issuers.through.objects.bulk_create(
        [
            Diploma.issuers.through(diploma_id=d.pk, organisation_id=c.course.owner_id)
            for c, d in to_issue
            if c.course.owner_id is not None
        ]
    )
    who = actor if actor is not None and actor.is_authenticated else None
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=who,
                organisation_id=c.course.owner_id,
                action="credentials.diploma_issued",
                target_type=Diploma._meta.label_lower,
                target_id=str(d.pk),
                summary=f"{d.recipient_name}: {d.title}"[:300],
                after=actions.snapshot(d),
            )
            for c, d in to_issue
        ]
    )
    if to_issue:
        diplomas_issued.publish(DiplomasIssued(tuple(d.pk for _c, d in to_issue)))
