"""``Idempotency-Key`` on POSTs under ``/api/``: a retry replays the first answer, never acts twice.

An integrator whose POST timed out cannot know whether it was done; sending the same request
again with the same key is always safe. The middleware does it for every operation:

1. A POST with the header, by a credential (a token, by its hash, or a signed-in session's
   person; an anonymous POST creates nothing and is not tracked), claims the key: a row made in
   its own transaction, committed before the operation runs, with the request's fingerprint
   (method, path with query and body; a multipart body counts by method, path and query only,
   as clients draw a new boundary for each try). The unique constraint on (credential, key)
   decides between two requests that arrive together.
2. The operation runs. Any answer below 500 is kept (status, content type, body, ``Location``
   and ``ETag``), except 401, 403 and 429, which say the request was not attempted; for those
   and for 5xx the row is deleted, so a retry runs afresh.
3. A later request with the same key and fingerprint gets the kept answer with
   ``Idempotent-Replayed: true``; with another fingerprint, a 422 problem; while the first
   still runs, a 409 problem with ``Retry-After``. A claim older than ``STALE_AFTER`` whose
   answer never came (the process died) is taken over by the next try.

Rows are pruned after ``KEPT_FOR`` by the ``prune_idempotency_keys`` job (``jamlik/schedule.py``).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jamlik.api.models import IdempotencyKey
from jamlik.lib.api.problems import problem, too_large
from jamlik.people.models import hash_token

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEPT_FOR = datetime.timedelta(hours=24)
STALE_AFTER = datetime.timedelta(minutes=10)  # far beyond any request's time limit
NOT_ATTEMPTED = {401, 403, 429}
REPLAYED_HEADERS = ("Location", "ETag")

IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "A key of your choice (a UUID) that makes a retry safe: the same key with the same request "
        "within 24 hours answers the first answer again (with `Idempotent-Replayed: true`) instead of "
        "acting twice; with another request, 422; while the first still runs, 409. Keys are per token "
        "or signed-in person; requests without either are not tracked. See docs/api.md."
    ),
}


def credential_scope(request: HttpRequest) -> str | None:
    """Whose key this is: the bearer token (by its hash) or the session's person; None if anonymous."""
    scheme, _sep, credential = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return "token:" + hash_token(credential.strip())
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method}\n{request.get_full_path()}\n".encode())
    if not (request.content_type or "").startswith("multipart/"):
        digest.update(request.body)
    return digest.hexdigest()


def _claim(scope: str, key: str, print_: str) -> IdempotencyKey | HttpResponse:
    """The row this request now owns, or the answer for a key already used."""
    for _attempt in range(2):  # a row deleted between our insert and our read: try once more
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(scope=scope, key=key, fingerprint=print_)
        except IntegrityError:
            pass
        used = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if used is None:
            continue
        if used.fingerprint != print_:
            return problem(
                422,
                _("This Idempotency-Key was used for another request."),
                _("Send a new key for a new request; a retry must repeat the first request exactly."),
            )
        if used.completed_at is not None:
            return replay(used)
        now = timezone.now()
        abandoned = IdempotencyKey.objects.filter(
            pk=used.pk, completed_at__isnull=True, created_at=used.created_at, created_at__lt=now - STALE_AFTER
        )
        if abandoned.update(created_at=now) == 1:
            return IdempotencyKey.objects.get(pk=used.pk)
        response = problem(
            409,
            _("A request with this Idempotency-Key is still being processed."),
            _("Retry in a moment to get its answer."),
        )
        response["Retry-After"] = "1"
        return response
    return problem(409, _("A request with this Idempotency-Key is still being processed."))


def replay(used: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(used.body), status=used.status or 200, content_type=used.content_type)
    for name, value in used.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def _settle(row: IdempotencyKey, response: HttpResponse) -> None:
    if response.status_code >= 500 or response.status_code in NOT_ATTEMPTED or response.streaming:
        IdempotencyKey.objects.filter(pk=row.pk).delete()
        return
    IdempotencyKey.objects.filter(pk=row.pk).update(
        completed_at=timezone.now(),
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        headers={
            **{name: response[name] for name in REPLAYED_HEADERS if name in response},
            "Content-Language": translation.get_language(),  # the body's, whatever a retry asks for
        },
        body=response.content,
    )


class IdempotencyMiddleware:
    """After authentication (a session's person is a scope); answers only POSTs under ``/api/``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path_info.startswith("/api/"):
            return self.get_response(request)
        key = key.strip()
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            return problem(
                400,
                _("The Idempotency-Key is not valid."),
                _("Send a key of 1 to %(most)s characters, such as a UUID.") % {"most": MAX_KEY_LENGTH},
            )
        scope = credential_scope(request)
        if scope is None:
            return self.get_response(request)
        try:
            print_ = fingerprint(request)
        except RequestDataTooBig:
            return too_large()
        claimed = _claim(scope, key, print_)
        if isinstance(claimed, HttpResponse):
            return claimed
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyKey.objects.filter(pk=claimed.pk).delete()
            raise
        _settle(claimed, response)
        return response


def prune_idempotency_keys(now: datetime.datetime | None = None) -> int:
    """Forget keys older than ``KEPT_FOR``; returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
