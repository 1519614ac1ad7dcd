"""Opening an uploaded package and unpacking it safely.

A zip is hostile until proven otherwise. Its central directory is checked first (names, kinds of
entry, encryption, count, declared sizes), but a header can lie, so the real limits are enforced
on the bytes actually unpacked, counted as they stream: the total, and each entry's ratio of
unpacked to packed size. Refused, each with a message naming the entry:

- names that could land outside the target: absolute paths, ``..`` or ``.`` segments,
  backslashes, drive letters, control characters, over-long paths;
- symbolic links and other special files (from the Unix mode in the external attributes);
- encrypted entries (the flag alone: we never try a password);
- the same name twice, or a file where another entry needs a folder;
- more entries than ``max_files``; an upload larger than ``max_upload_bytes``; more than
  ``max_unpacked_bytes`` unpacked in all; an entry unpacking to more than ``max_ratio`` times
  its packed size (past the first megabyte); a damaged entry (a CRC or size mismatch, which is
  also what an understated size in the header becomes).

Limits come from the settings (``JAMLIK_PACKAGE_MAX_*``) unless given.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024
CHUNK = 256 * 1024
MAX_PATH_LENGTH = 1024
RATIO_FROM_BYTES = MB


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int
    max_unpacked_bytes: int
    max_files: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_upload_bytes=settings.JAMLIK_PACKAGE_MAX_UPLOAD_MB * MB,
            max_unpacked_bytes=settings.JAMLIK_PACKAGE_MAX_UNPACKED_MB * MB,
            max_files=settings.JAMLIK_PACKAGE_MAX_FILES,
            max_ratio=settings.JAMLIK_PACKAGE_MAX_RATIO,
        )


class PackageRejected(Exception):
    """The package cannot be imported; ``messages`` says why, one problem each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class PackageConflict(PackageRejected):
    """Refused because of the course's state (it has a draft already), not the package's content."""


@dataclass(frozen=True)
class Extracted:
    path: str
    size: int
    sha256: str


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters, backslashes, ``..`` or ``.`` segments, control characters."""
    if not name or name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name):
        return True
    if len(name) > MAX_PATH_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", "..", ".") for part in parts)


def _special(info: zipfile.ZipInfo) -> bool:
    """A symbolic link, device, pipe or socket, as the Unix mode in the external attributes says."""
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    return mode != 0 and kind not in (0, stat.S_IFREG, stat.S_IFDIR)


def size_of(upload: IO[bytes]) -> int:
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def open_archive(upload: IO[bytes], limits: Limits) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip and its file entries (folders left out), after every check the central directory allows."""
    size = size_of(upload)
    if size > limits.max_upload_bytes:
        raise PackageRejected(
            [
                _("The file is %(size)s; a package may be at most %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limits.max_upload_bytes)}
            ]
        )
    try:
        zf = zipfile.ZipFile(upload)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageRejected([_("The file is not a readable zip file. It may be damaged or not a package.")]) from exc
    if len(infos) > limits.max_files:
        raise PackageRejected(
            [
                _("The package has %(count)d entries; at most %(n)d are allowed.")
                % {"count": len(infos), "n": limits.max_files}
            ]
        )
    problems: list[str] = []
    names: set[str] = set()
    files: list[zipfile.ZipInfo] = []
    for info in infos:
        name = info.filename
        shown = name[:200]
        if unsafe_name(name):
            problems.append(_("Refused: the entry “%(name)s” has an unsafe name.") % {"name": shown})
        elif _special(info):
            problems.append(_("Refused: the entry “%(name)s” is a link or special file.") % {"name": shown})
        elif info.flag_bits & 0x1:
            problems.append(_("Refused: the entry “%(name)s” is encrypted.") % {"name": shown})
        elif name.rstrip("/") in names:
            problems.append(_("Refused: the entry “%(name)s” is in the package twice.") % {"name": shown})
        else:
            names.add(name.rstrip("/"))
            if not info.is_dir():
                files.append(info)
    file_names = {info.filename for info in files}
    for info in files:  # a file whose name is also a folder of another entry
        parts = info.filename.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in file_names:
                problems.append(_("Refused: “%(folder)s” is both a file and a folder.") % {"folder": folder[:200]})
    declared = sum(info.file_size for info in files)
    if declared > limits.max_unpacked_bytes:
        problems.append(_too_large(limits))
    if problems:
        raise PackageRejected(list(dict.fromkeys(problems)))
    return zf, files


def _too_large(limits: Limits) -> str:
    return _("The package unpacks to more than %(limit)s.") % {"limit": filesizeformat(limits.max_unpacked_bytes)}


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """An entry's bytes, never more than ``limit`` whatever its header says."""
    try:
        with zf.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise PackageRejected([_damaged(info.filename)]) from exc
    if len(data) > limit:
        raise PackageRejected(
            [_("%(name)s is larger than %(limit)s.") % {"name": info.filename[:200], "limit": filesizeformat(limit)}]
        )
    return data


def _damaged(name: str) -> str:
    return _("The entry “%(name)s” is damaged or uses a compression we cannot read.") % {"name": name[:200]}


def extract(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo], target: Path, limits: Limits) -> list[Extracted]:
    """Unpack ``files`` under ``target`` (a new, empty folder), counting every byte as it comes.
    On a refusal the caller removes ``target``; nothing outside it is ever written."""
    budget = limits.max_unpacked_bytes
    out: list[Extracted] = []
    root = target.resolve()
    for info in files:
        destination = (root / info.filename).resolve()
        if root not in destination.parents:  # unsafe_name already refused it; belt and braces
            raise PackageRejected(
                [_("Refused: the entry “%(name)s” has an unsafe name.") % {"name": info.filename[:200]}]
            )
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        seen = 0
        try:
            with zf.open(info) as source, destination.open("xb") as sink:
                while chunk := source.read(CHUNK):
                    seen += len(chunk)
                    budget -= len(chunk)
                    if budget < 0:
                        raise PackageRejected([_too_large(limits)])
                    if seen > RATIO_FROM_BYTES and seen > limits.max_ratio * max(info.compress_size, 1):
                        raise PackageRejected(
                            [
                                _(
                                    "Refused: the entry “%(name)s” unpacks to more than %(ratio)d times its "
                                    "packed size, as a zip bomb does."
                                )
                                % {"name": info.filename[:200], "ratio": limits.max_ratio}
                            ]
                        )
                    digest.update(chunk)
                    sink.write(chunk)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as exc:
            raise PackageRejected([_damaged(info.filename)]) from exc
        except (FileExistsError, IsADirectoryError, NotADirectoryError) as exc:
            raise PackageRejected(
                [_("Refused: “%(name)s” clashes with another entry.") % {"name": info.filename[:200]}]
            ) from exc
        if seen != info.file_size:
            raise PackageRejected([_damaged(info.filename)])
        out.append(Extracted(info.filename, seen, digest.hexdigest()))
    return out


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
