"""``jamlik backup`` and ``jamlik restore``: a new installation gets back every person, completion,
diploma (still verifying), registration and document.

The backup is taken in this process, from the test database; the restore runs as an operator
would run it, as a command in another installation (a new PostgreSQL database or SQLite file, a
new data folder), and that installation is then read by ``tests.deploy.inventory``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from jamlik.credentials import keys, openbadges, pdf
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from tests.credentials.kit import complete, diploma_course, diploma_of
from tests.deploy import stack
from tests.deploy.conftest import url_of
from tests.deploy.inventory import inventory
from tests.networks.factories import make_document, make_network
from tests.programmes.factories import make_programme


@pytest.fixture
def source(settings: Any, tmp_path: Path) -> Path:
    """The installation being backed up: its own data folder, with a key store added by another app."""
    data_dir = tmp_path / "source"
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "media"
    settings.PRIVATE_ROOT = data_dir / "private"
    settings.CREDENTIAL_KEY_DIR = data_dir / "credential-keys"
    settings.JAMLIK_IDENTITY_KEY_FILE = data_dir / "identity.key"
    keys.generate_key()
    (data_dir / "identity.key").write_text("the key that encrypts identity providers' secrets\n")
    (data_dir / "identity.key").chmod(0o600)
    # Its own webhook key too: the default lies in the shared test data folder, where it exists
    # or not depending on which tests ran before (the backup takes every *_KEY_FILE that exists).
    settings.JAMLIK_WEBHOOK_KEY_FILE = data_dir / "webhooks.key"
    (data_dir / "webhooks.key").write_text("the key that encrypts webhook secrets\n")
    (data_dir / "webhooks.key").chmod(0o600)
    # A key store of a kind not known yet, following the convention (jamlik/web/backup.py).
    saml = data_dir / "saml-keys"
    saml.mkdir(mode=0o700)
    (saml / "sp.pem").write_text("-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n")
    return data_dir


@pytest.fixture
def new_database() -> Iterator[str]:
    """A database URL for the restored installation: a new PostgreSQL database, or '' for SQLite."""
    if connection.vendor != "postgresql":
        yield ""
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = url_of(connection.settings_dict, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url_of(connection.settings_dict, name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _installation(data_dir: Path, database_url: str) -> dict[str, str]:
    return stack.app_environment(data_dir, database_url, settings.SECRET_KEY, JAMLIK_SITE_URL=settings.SITE_URL)


@pytest.mark.django_db(transaction=True)
def test_a_restored_installation_holds_everything_and_its_diplomas_still_verify(
    source: Path,
    new_database: str,
    tmp_path: Path,
    org_a: Organisation,
    learner_a: User,
    programme_manager: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    course = diploma_course(org_a)
    complete(django_capture_on_commit_callbacks, learner_a, course)
    diploma = diploma_of(learner_a)
    downloaded = tmp_path / "diploma.json"  # what the learner downloaded before the backup
    downloaded.write_text(json.dumps(openbadges.signed_credential(diploma)))
    pdf.pdf_bytes(diploma)  # the PDF is made at its first download and kept in media
    shape = make_programme(org_a, seats=5)
    programme_actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    make_document(make_network(programme_manager, learner_a), learner_a, title="Handlingsplan 2027")
    before = inventory()
    assert before["completions"] and before["diplomas"] and before["registrations"] and before["documents"]

    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert {part["name"] for part in manifest["folders"]} == {
        "PRIVATE_ROOT",
        "MEDIA_ROOT",
        "CREDENTIAL_KEY_DIR",
        "JAMLIK_IDENTITY_KEY_FILE",
        "JAMLIK_WEBHOOK_KEY_FILE",
        "DATA_DIR/saml-keys",
    }
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0

    restored = _installation(tmp_path / "restored", new_database)
    stack.jamlik(restored, "restore", str(tmp_path / "backup"))
    after = json.loads(
        subprocess.run(
            [sys.executable, "-m", "tests.deploy.inventory"],
            env=restored,
            cwd=stack.ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert after == before
    assert after["other_keys"] == ["sp.pem"]
    for key in ("credential-keys", "saml-keys", "identity.key"):
        assert (tmp_path / "restored" / key).stat().st_mode & 0o077 == 0, key
    assert (tmp_path / "restored" / "identity.key").read_bytes() == (source / "identity.key").read_bytes()

    # The diploma downloaded before the backup verifies in the restored installation (its keys and
    # revocation list came back) and would not in one without them.
    assert stack.jamlik(restored, "credentials-check", str(downloaded)).strip() == "valid"
    keyless = {**restored, "JAMLIK_CREDENTIAL_KEY_DIR": str(tmp_path / "no-keys")}
    with pytest.raises(AssertionError, match="unknown-key"):
        stack.jamlik(keyless, "credentials-check", str(downloaded))
    # Nothing is merged into an installation that already holds data.
    with pytest.raises(AssertionError, match="already has tables"):
        stack.jamlik(restored, "restore", str(tmp_path / "backup"))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_written(
    source: Path, new_database: str, tmp_path: Path, learner_a: User
) -> None:
    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    archive = tmp_path / "backup" / "PRIVATE_ROOT.tar"
    archive.write_bytes(archive.read_bytes() + b"\0")
    restored = _installation(tmp_path / "restored", new_database)
    with pytest.raises(AssertionError, match="does not match its checksum"):
        stack.jamlik(restored, "restore", str(tmp_path / "backup"))
    assert not (tmp_path / "restored" / "credential-keys").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_goes_into_a_new_folder(source: Path, tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "last-week.dump").write_text("older")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "backup"), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_key_file_not_made_yet_is_left_out_rather_than_restored_as_a_folder(source: Path, tmp_path: Path) -> None:
    (source / "identity.key").unlink()
    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    names = {part["name"] for part in manifest["folders"]}
    assert "JAMLIK_IDENTITY_KEY_FILE" not in names
    assert "CREDENTIAL_KEY_DIR" in names
