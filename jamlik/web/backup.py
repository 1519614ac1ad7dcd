"""A whole installation in one folder, and back: ``jamlik backup DIR`` and ``jamlik restore DIR``.

What an installation cannot be rebuilt without:

- the database: ``pg_dump`` in its custom format on PostgreSQL (one consistent snapshot, taken
  while the site runs), SQLite's online backup API otherwise;
- ``JAMLIK_PRIVATE_ROOT`` (network documents, attachments, evidence, uploaded bundles) and
  ``JAMLIK_MEDIA_ROOT`` (course media, logos, diploma PDFs);
- every key: each setting named ``*_KEY_DIR`` (``JAMLIK_CREDENTIAL_KEY_DIR``: without its keys no
  diploma issued so far verifies) or ``*_KEY_FILE`` (``JAMLIK_IDENTITY_KEY_FILE``: without it no
  identity provider's client secret can be read), each folder ``JAMLIK_DATA_DIR/*-keys`` and each
  file ``JAMLIK_DATA_DIR/*.key``. A key store added later is included by following one of these
  conventions; tests/deploy/test_backup.py lists what a backup must hold.

The folder holds ``manifest.json`` (format, date, database vendor, applied migrations, and the
SHA-256 of every part), ``database.dump`` or ``database.sqlite3``, and one tar file per folder or
key file.
The database goes first: a file is written before the row naming it commits, so every file the
dump names is in the copies that follow (files written in between are extra, and harmless).

Restoring refuses a database that has tables and a folder that has files, and checks every
checksum before it writes anything: it fills a new installation, it never merges into one.
Static files are not included: ``collectstatic`` rebuilds them from the code.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "jamlik-backup"
VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


@dataclass(frozen=True)
class Folder:
    """A folder (or a single key file) to back up, named by where a restore finds its place again."""

    name: str  # a setting ("PRIVATE_ROOT") or a path in the data directory ("DATA_DIR/saml-keys")
    path: Path

    @property
    def archive(self) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]", "_", self.name) + ".tar"

    @property
    def is_key(self) -> bool:
        return self.name.endswith(("_KEY_DIR", "_KEY_FILE", "-keys", ".key"))


def folders() -> list[Folder]:
    """Private files, media and every key folder and key file, each once."""
    found = [Folder("PRIVATE_ROOT", Path(settings.PRIVATE_ROOT)), Folder("MEDIA_ROOT", Path(settings.MEDIA_ROOT))]
    for name in sorted(dir(settings)):
        value = getattr(settings, name) if name.endswith(("_KEY_DIR", "_KEY_FILE")) else None
        # A key file not made yet is left out: restoring it as an empty folder would block its creation.
        if value and (name.endswith("_KEY_DIR") or Path(value).is_file()):
            found.append(Folder(name, Path(value)))
    data_dir = Path(settings.DATA_DIR)
    if data_dir.is_dir():
        found += [Folder(f"DATA_DIR/{p.name}", p) for p in sorted(data_dir.glob("*-keys")) if p.is_dir()]
        found += [Folder(f"DATA_DIR/{p.name}", p) for p in sorted(data_dir.glob("*.key")) if p.is_file()]
    unique: dict[Path, Folder] = {}
    for folder in found:
        unique.setdefault(folder.path.resolve(), folder)
    return list(unique.values())


def target_of(name: str) -> Path:
    if name.startswith("DATA_DIR/"):
        return Path(settings.DATA_DIR) / name.removeprefix("DATA_DIR/")
    if not re.fullmatch(r"[A-Z_]+", name) or not hasattr(settings, name):
        raise BackupError(f"The backup names a folder this installation does not know: {name}")
    return Path(getattr(settings, name))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL's own tools -----------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The newest installed pg_dump/pg_restore: it must be at least the server's version."""
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _pg_environment() -> dict[str, str]:
    """Connection details for libpq's tools, from Django's settings (no password on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own arguments)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")


# --- Backing up -----------------------------------------------------------------------------------


def _dump_database(target: Path) -> dict[str, Any]:
    if connection.vendor == "postgresql":
        path = target / PG_DUMP_FILE
        _run([_pg_tool("pg_dump"), "--format=custom", "--file", str(path)], _pg_environment())
    elif connection.vendor == "sqlite":
        path = target / SQLITE_FILE
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"No backup for the {connection.vendor} database.")
    return {"vendor": connection.vendor, "file": path.name, "sha256": _sha256(path)}


def _archive(folder: Folder, target: Path) -> dict[str, Any]:
    """A tar of the folder's contents; of a single file, one member named after it."""
    path = target / folder.archive
    count = 0
    with tarfile.open(path, "w") as archive:
        if folder.path.is_file():
            archive.add(folder.path, arcname=folder.path.name, recursive=False)
            count = 1
        elif folder.path.is_dir():
            for item in sorted(folder.path.rglob("*")):
                archive.add(item, arcname=str(item.relative_to(folder.path)), recursive=False)
                count += item.is_file()
    single = folder.path.is_file()
    return {"name": folder.name, "file": path.name, "files": count, "single": single, "sha256": _sha256(path)}


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup(target: Path) -> dict[str, Any]:
    """Write a backup into ``target`` (a new or empty folder, made readable by its owner only)."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new folder.")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    target.chmod(0o700)  # it holds signing keys and personal data
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "site_url": settings.SITE_URL,
        "migrations": _migrations(),
        "database": _dump_database(target),
        "folders": [_archive(folder, target) for folder in folders()],
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


# --- Restoring ------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{source} is not a Jämlik backup of version {VERSION}.")
    for part in [manifest["database"], *manifest["folders"]]:
        path = source / part["file"]
        if Path(part["file"]).name != part["file"] or not path.is_file():
            raise BackupError(f"{part['file']} is missing from {source}.")
        if _sha256(path) != part["sha256"]:
            raise BackupError(f"{part['file']} does not match its checksum: the backup is damaged.")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(source: Path, part: dict[str, Any]) -> None:
    if part["vendor"] != connection.vendor:
        raise BackupError(f"The backup holds a {part['vendor']} database; this installation uses {connection.vendor}.")
    path = source / part["file"]
    if connection.vendor == "postgresql":
        connection.close()
        command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        env = _pg_environment()
        _run([*command, "--dbname", env["PGDATABASE"], str(path)], env)
    else:
        connection.ensure_connection()
        origin = sqlite3.connect(path)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        connection.close()


def _extract(source: Path, part: dict[str, Any]) -> Path:
    target = target_of(part["name"])
    is_key = Folder(part["name"], target).is_key
    with tarfile.open(source / part["file"]) as archive:
        if part.get("single"):
            [member] = archive.getmembers()
            content = archive.extractfile(member)
            if content is None:
                raise BackupError(f"{part['file']} holds no file.")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if is_key else 0o644)
            with os.fdopen(fd, "wb") as handle:
                shutil.copyfileobj(content, handle)
            return target
        target.mkdir(parents=True, exist_ok=True)
        archive.extractall(target, filter="data")  # refuses absolute paths, '..' and links out
    if is_key:
        target.chmod(0o700)
    return target


def restore(source: Path) -> dict[str, Any]:
    """Fill an empty database and empty folders from the backup in ``source``."""
    manifest = read_manifest(source)
    if not _database_is_empty():
        raise BackupError("The database already has tables: restore into a new, empty database.")
    for part in manifest["folders"]:
        target = target_of(part["name"])
        if (target.is_dir() and any(target.iterdir())) or target.is_file():
            raise BackupError(f"{target} ({part['name']}) is not empty: restore into empty folders.")
    _restore_database(source, manifest["database"])
    for part in manifest["folders"]:
        _extract(source, part)
    return manifest
