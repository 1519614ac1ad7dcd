from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jamlik.lib.env import env_bool, env_int, env_list, env_str


def test_a_secret_can_come_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("JAMLIK_X", "from-env")
    monkeypatch.setenv("JAMLIK_X_FILE", str(secret))
    assert env_str("JAMLIK_X", "default") == "from-file"


def test_an_unreadable_secret_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAMLIK_X_FILE", "/nonexistent/secret")
    with pytest.raises(ImproperlyConfigured, match="JAMLIK_X_FILE"):
        env_str("JAMLIK_X", "default")


def test_typed_readers_parse_and_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAMLIK_B", "yes")
    monkeypatch.setenv("JAMLIK_I", "42")
    monkeypatch.setenv("JAMLIK_L", "a.se, b.se,,")
    assert env_bool("JAMLIK_B", False) is True
    assert env_int("JAMLIK_I", 0) == 42
    assert env_list("JAMLIK_L", []) == ["a.se", "b.se"]
    assert env_int("JAMLIK_UNSET", 7) == 7
    monkeypatch.setenv("JAMLIK_B", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        env_bool("JAMLIK_B", False)
    monkeypatch.setenv("JAMLIK_I", "many")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("JAMLIK_I", 0)
