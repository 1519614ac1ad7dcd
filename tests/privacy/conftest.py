from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jamlik.credentials import keys
from jamlik.people.models import Organisation, User
from tests.privacy.kit import Everything, fill


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Path) -> str:
    """Diplomas in an export are signed with a throw-away key; files go to tmp."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    return keys.generate_key()


@pytest.fixture
def everything(
    coordinator_a: User, org_a: Organisation, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> Everything:
    """``coordinator_a`` (Malin) with data in every app."""
    return fill(coordinator_a, org_a, programme_manager, django_capture_on_commit_callbacks)
