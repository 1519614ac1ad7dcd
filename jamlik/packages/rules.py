"""How a commit's values become an attempt's statuses, and when an item is done.

The package reports its own status; the platform applies what the manifest adds (SCORM 1.2's
mastery score, SCORM 2004's completion threshold and passing score, RTE 3.4.4 and 4.2) and
never lets a late or repeated report take back what was reached: a completed attempt stays
completed, a passed one passed, and an item once done stays done (docs/scorm.md, "Track").
"""

from __future__ import annotations

from decimal import Decimal

from jamlik.packages.attempts import Attempt, CompletionStatus, LessonStatus, SuccessStatus
from jamlik.packages.models import PackageItem

_RANK_12 = {
    "": 0,
    LessonStatus.NOT_ATTEMPTED: 0,
    LessonStatus.BROWSED: 1,
    LessonStatus.INCOMPLETE: 1,
    LessonStatus.FAILED: 2,
    LessonStatus.COMPLETED: 3,
    LessonStatus.PASSED: 4,
}
_FINISHED_12 = {LessonStatus.COMPLETED, LessonStatus.PASSED, LessonStatus.FAILED}


def passing_score(item: PackageItem) -> Decimal | None:
    """SCORM 2004's ``cmi.scaled_passing_score``: the primary objective's minimum normalised
    measure when the objective is satisfied by measure."""
    if item.satisfied_by_measure and item.min_normalized_measure is not None:
        return item.min_normalized_measure
    return None


def done_12(item: PackageItem, status: str) -> bool:
    if item.mastery_score is not None:
        return status == LessonStatus.PASSED
    return status in {LessonStatus.COMPLETED, LessonStatus.PASSED}


def done_2004(item: PackageItem, completion: str, success: str) -> bool:
    if passing_score(item) is not None:
        return success == SuccessStatus.PASSED
    return success == SuccessStatus.PASSED or (
        completion == CompletionStatus.COMPLETED and success != SuccessStatus.FAILED
    )


def settle_12(attempt: Attempt, item: PackageItem, reported: str | None) -> None:
    """The lesson status after a commit: the package's, judged by the mastery score when the
    manifest sets one and the package gave a raw score, never falling back from done."""
    status = reported if reported is not None else attempt.lesson_status or LessonStatus.NOT_ATTEMPTED
    if item.mastery_score is not None and attempt.score_raw is not None and status in _FINISHED_12:
        status = LessonStatus.PASSED if attempt.score_raw >= item.mastery_score else LessonStatus.FAILED
    stored = attempt.lesson_status
    if stored and done_12(item, stored) and _RANK_12[status] < _RANK_12[stored]:
        status = stored
    attempt.lesson_status = status
    attempt.completion_status = {
        LessonStatus.NOT_ATTEMPTED: CompletionStatus.NOT_ATTEMPTED,
        LessonStatus.BROWSED: CompletionStatus.INCOMPLETE,
        LessonStatus.INCOMPLETE: CompletionStatus.INCOMPLETE,
    }.get(LessonStatus(status), CompletionStatus.COMPLETED)
    attempt.success_status = {
        LessonStatus.PASSED: SuccessStatus.PASSED,
        LessonStatus.FAILED: SuccessStatus.FAILED,
    }.get(LessonStatus(status), SuccessStatus.UNKNOWN)


def settle_2004(attempt: Attempt, item: PackageItem, completion: str | None, success: str | None) -> None:
    """Completion and success after a commit: the package's, with the completion threshold
    judging a progress measure and the passing score judging a scaled score; completed and
    passed are never taken back."""
    new_completion = completion if completion is not None else attempt.completion_status
    if item.completion_threshold is not None and attempt.progress_measure is not None:
        reached = attempt.progress_measure >= item.completion_threshold
        new_completion = CompletionStatus.COMPLETED if reached else CompletionStatus.INCOMPLETE
    new_success = success if success is not None else attempt.success_status
    threshold = passing_score(item)
    if threshold is not None:
        if attempt.score_scaled is not None:
            new_success = SuccessStatus.PASSED if attempt.score_scaled >= threshold else SuccessStatus.FAILED
        else:
            new_success = SuccessStatus.UNKNOWN
    if attempt.completion_status != CompletionStatus.COMPLETED:
        attempt.completion_status = new_completion
    if attempt.success_status != SuccessStatus.PASSED:
        attempt.success_status = new_success


def is_done(attempt: Attempt, item: PackageItem, *, scorm_2004: bool) -> bool:
    if scorm_2004:
        return done_2004(item, attempt.completion_status, attempt.success_status)
    return done_12(item, attempt.lesson_status)


def is_finished(attempt: Attempt, *, scorm_2004: bool) -> bool:
    """Whether the attempt is over, so the next launch starts a new one: the package ended its
    session without asking to be resumed, having reached a final status."""
    if not attempt.terminated or attempt.exit == "suspend":
        return False
    if scorm_2004:
        return attempt.completion_status == CompletionStatus.COMPLETED or attempt.success_status in {
            SuccessStatus.PASSED,
            SuccessStatus.FAILED,
        }
    return attempt.lesson_status in _FINISHED_12
