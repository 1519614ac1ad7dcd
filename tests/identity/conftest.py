from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _identity_key(settings: object, tmp_path: Path) -> None:
    """Each test encrypts client secrets with a key file of its own."""
    settings.JAMLIK_IDENTITY_KEY_FILE = tmp_path / "identity.key"  # type: ignore[attr-defined]
    # The test provider answers on http://127.0.0.1 (test_oidc_registering checks the refusal).
    settings.JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS = True  # type: ignore[attr-defined]
