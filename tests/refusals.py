"""The shared check of the per-app action-permission tests (docs/architecture.md, "Who may make
a change"): an action called by a person who may not make the change raises ``PermissionDenied``
and writes nothing: no audit entry and no row of the models named."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from jamlik.audit.models import AuditEntry


def assert_refused(call: Callable[[], object], *watched: type[models.Model]) -> None:
    counts = [AuditEntry.objects.count(), *(model.objects.count() for model in watched)]
    with pytest.raises(PermissionDenied):
        call()
    assert [AuditEntry.objects.count(), *(model.objects.count() for model in watched)] == counts
