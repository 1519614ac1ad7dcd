"""Fixtures for the deployment tests: the database the subprocesses share with the test."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.deploy import stack


def url_of(settings_dict: dict[str, object], name: str | None = None) -> str:
    """A PostgreSQL URL for the database Django is connected to (or another on the same server)."""
    user = quote(str(settings_dict.get("USER") or ""))
    password = quote(str(settings_dict.get("PASSWORD") or ""))
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(str(name or settings_dict['NAME']))}"


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> tuple[str, Path]:
    """(database URL, data folder) for servers started by the test, seeing what the test commits.

    On PostgreSQL the servers use the test database itself (committed rows are visible to them);
    on SQLite, whose test database lives in this process's memory, they get a migrated file.
    """
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if connection.vendor == "postgresql":
        return url_of(connection.settings_dict), data_dir
    env = stack.app_environment(data_dir, "", settings.SECRET_KEY)
    stack.jamlik(env, "migrate", "--no-input", "-v", "0")
    stack.jamlik(env, "createcachetable")
    return "", data_dir
