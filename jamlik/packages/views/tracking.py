"""The runtime's commit: ``POST /kurser/paket/forsok/<attempt>/commit`` (docs/scorm.md, "Track").

JSON in, JSON out, on the platform's origin with the learner's session and the CSRF header:
``{"seq": n, "terminated": bool, "cmi": {element: value}}`` answers 200 ``{"ok": true, "seq",
"completed"}``, 409 for a stale ``seq``, 422 with the SCORM error code for a value the data
model refuses, 404 for an attempt that is not the learner's, 400 for a body that is not a commit.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jamlik.lib import safejson
from jamlik.packages import tracking
from jamlik.packages.attempts import Attempt
from jamlik.packages.datamodel import DataModelError
from jamlik.people.http import authenticated_user

# A 2004 package may keep 64,000 characters of suspend data and thousands of interactions.
MAX_BODY = 1024 * 1024
MAX_ELEMENTS = 10_000
MAX_SEQ = 2**31 - 1


def _refusal(status: int, message: str, *, code: int = 101) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "element": "", "message": message}, status=status)


def _read(request: HttpRequest) -> tuple[int, bool, dict[str, Any]] | str:
    """The commit in the body, or why it is not one."""
    if len(request.body) > MAX_BODY:
        return "The commit is too large."
    try:
        body = safejson.loads(request.body, max_depth=4)
    except (ValueError, UnicodeDecodeError):
        return "The body is not JSON."
    if not isinstance(body, dict):
        return "The body is not a JSON object."
    seq, terminated, cmi = body.get("seq"), body.get("terminated", False), body.get("cmi", {})
    if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_SEQ:
        return "seq must be a positive integer."
    if not isinstance(terminated, bool):
        return "terminated must be true or false."
    if not isinstance(cmi, dict) or len(cmi) > MAX_ELEMENTS:
        return f"cmi must be an object of at most {MAX_ELEMENTS} elements."
    return seq, terminated, cmi


def _stored(attempt: Attempt) -> dict[str, Any]:
    return {"seq": attempt.seq, "completed": attempt.done_at is not None}


@never_cache
@require_POST
def commit(request: HttpRequest, attempt_id: uuid.UUID) -> JsonResponse:
    if not request.user.is_authenticated:
        return _refusal(403, "Signed out: sign in again to save your progress.")
    user = authenticated_user(request)
    read = _read(request)
    if isinstance(read, str):
        return _refusal(400, read)
    seq, terminated, cmi = read
    try:
        result = tracking.commit(user, attempt_id, seq=seq, terminated=terminated, cmi=cmi)
    except Attempt.DoesNotExist:
        return _refusal(404, "No such attempt.")
    except tracking.StaleCommit as stale:
        return JsonResponse({"ok": False, "stale": True, **_stored(stale.attempt)}, status=409)
    except DataModelError as refused:
        body = {"ok": False, "error": refused.code, "element": refused.element, "message": refused.message}
        return JsonResponse(body, status=422)
    return JsonResponse({"ok": True, **_stored(result.attempt)})


__all__ = ["commit"]
