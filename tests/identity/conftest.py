from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.identity.oidc_op import OpenIDProvider, port_for


@pytest.fixture(autouse=True)
def _identity_key(settings: object, tmp_path: Path) -> None:
    """Each test encrypts client secrets with a key file of its own."""
    settings.JAMLIK_IDENTITY_KEY_FILE = tmp_path / "identity.key"  # type: ignore[attr-defined]
    # The test provider answers on http://127.0.0.1 (test_oidc_registering checks the refusal).
    settings.JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS = True  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def _op_process(worker_id: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIDProvider]:
    provider = OpenIDProvider(port_for(worker_id), tmp_path_factory.mktemp("op"))
    yield provider
    provider.stop()


@pytest.fixture
def op(_op_process: OpenIDProvider) -> Iterator[OpenIDProvider]:
    """The real OpenID provider, with no users and no tampering at the start of each test."""
    _op_process.reset()
    yield _op_process
    _op_process.reset()
