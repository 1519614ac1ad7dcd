"""Malformed and hostile packages: each is refused with a message naming the problem, and nothing
is stored (no course, version, package or row; no folder or file left in private storage)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from jamlik.audit.models import AuditEntry
from jamlik.courses.models import Course, CourseVersion
from jamlik.packages.actions import import_package
from jamlik.packages.models import Package, PackageFile, PackageItem
from jamlik.packages.zipcheck import Limits, PackageRejected
from jamlik.people.models import User
from tests.packages import kit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


SMALL = Limits(max_upload_bytes=2 * 1024 * 1024, max_unpacked_bytes=3 * 1024 * 1024, max_files=50, max_ratio=100)


def good() -> bytes:
    return kit.scorm12_package()


def manifest_only(manifest: str, **files: str) -> bytes:
    return kit.zip_bytes({"imsmanifest.xml": manifest, **files})


def refuse(data: bytes, actor: User, match: str, limits: Limits = SMALL) -> PackageRejected:
    with pytest.raises(PackageRejected, match=match) as caught:
        import_package(actor, io.BytesIO(data), filename="x.zip", limits=limits)
    assert not Course.objects.exists() and not CourseVersion.objects.exists()
    assert not Package.objects.exists() and not PackageFile.objects.exists() and not PackageItem.objects.exists()
    assert not AuditEntry.objects.filter(action="package.imported").exists()
    root = Path(settings.PRIVATE_ROOT) / "packages"
    assert not root.exists() or list(root.iterdir()) == [], "nothing may be left in private storage"
    return caught.value


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "not a zip": (lambda: b"PK\x03\x04 this is not really a zip", "not a readable zip"),
    "no manifest": (lambda: kit.zip_bytes({"index.html": "<p>hej</p>"}), "no imsmanifest.xml"),
    "manifest in a folder": (
        lambda: kit.zip_bytes({"kurs/imsmanifest.xml": kit.manifest_12(), "kurs/index.html": "x"}),
        "at the top of the zip, not in kurs",
    ),
    "cmi5 course": (lambda: kit.zip_bytes({"cmi5.xml": "<courseStructure/>"}), "cmi5"),
    "broken xml": (lambda: manifest_only("<manifest><organizations>", **{"index.html": "x"}), "not well-formed"),
    "entity expansion": (
        lambda: manifest_only(
            '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><manifest>&b;</manifest>'
        ),
        "DTD or entities",
    ),
    "external entity": (
        lambda: manifest_only(
            '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;</manifest>'
        ),
        "DTD or entities",
    ),
    "unknown schema version": (
        lambda: kit.scorm12_package(schema_version="1.1"),
        "schema version “1.1” is not one we can play",
    ),
    "missing launch file": (
        lambda: manifest_only(kit.manifest_12([kit.Item("a", "A", href="start.html")])),
        "lists start.html, which is not in the package",
    ),
    "missing listed file": (
        lambda: kit.zip_bytes(
            {"imsmanifest.xml": kit.manifest_12([kit.Item("a", "A", files=["css/site.css"])]), "index.html": "x"}
        ),
        "lists css/site.css",
    ),
    "launch outside the package": (
        lambda: manifest_only(kit.manifest_12([kit.Item("a", "A", href="../../etc/passwd")])),
        "points outside the package",
    ),
    "launch on another site": (
        lambda: manifest_only(kit.manifest_12([kit.Item("a", "A", href="https://evil.example/x.html")])),
        "points outside the package",
    ),
    "unknown resource": (
        lambda: manifest_only(kit.manifest_12().replace('identifierref="res-item-1"', 'identifierref="nope"')),
        "resource “nope”, which the manifest does not have",
    ),
    "no organisation": (
        lambda: manifest_only(
            kit.manifest_12().replace("<organization ", "<other ").replace("</organization>", "</other>")
        ),
        "no organisation",
    ),
    "bad mastery score": (
        lambda: kit.scorm12_package([kit.Item("a", "A", mastery_score="120")]),
        "mastery score “120”",
    ),
    "path traversal entry": (
        lambda: kit.with_entries(good(), [("../evil.html", b"x")]),
        "“../evil.html” has an unsafe name",
    ),
    "absolute path entry": (
        lambda: kit.with_entries(good(), [("/etc/cron.d/x", b"x")]),
        "“/etc/cron.d/x” has an unsafe name",
    ),
    "backslash entry": (lambda: kit.with_entries(good(), [("..\\evil.html", b"x")]), "unsafe name"),
    "drive letter entry": (
        lambda: kit.with_entries(good(), [("C:/evil.html", b"x")]),
        "“C:/evil.html” has an unsafe name",
    ),
    "symlink": (
        lambda: kit.with_entries(good(), [kit.symlink_entry("link.html", "/etc/passwd")]),
        "“link.html” is a link",
    ),
    "encrypted entry": (
        lambda: kit.mark_encrypted(kit.with_entries(good(), [("secret.html", b"x")]), "secret.html"),
        "“secret.html” is encrypted",
    ),
    "duplicate entry": (
        lambda: kit.with_entries(good(), [("index.html", b"other")]),
        "“index.html” is in the package twice",
    ),
    "file and folder": (
        lambda: kit.with_entries(good(), [("page", b"x"), ("page/inner.html", b"y")]),
        "“page” is both a file and a folder",
    ),
    "too many entries": (
        lambda: kit.with_entries(good(), [(f"extra/{n}.txt", b"x") for n in range(60)]),
        "entries; at most 50",
    ),
    "oversized upload": (
        lambda: kit.with_entries(good(), [(zipfile.ZipInfo("big.bin"), bytes(range(256)) * 12_000)]),
        "a package may be at most",
    ),
    "too large unpacked (header)": (
        lambda: kit.with_entries(
            good(), [kit.bomb_entry("a.bin", 2 * 1024 * 1024), kit.bomb_entry("b.bin", 2 * 1024 * 1024)]
        ),
        "unpacks to more than",
    ),
    "compression bomb": (
        lambda: kit.with_entries(good(), [kit.bomb_entry("zeros.bin", 2 * 1024 * 1024)]),
        "“zeros.bin” unpacks to more than 100 times",
    ),
    "header understates the size": (
        lambda: kit.lie_about_size(
            kit.with_entries(good(), [kit.bomb_entry("zeros.bin", 2 * 1024 * 1024)]), "zeros.bin", 10
        ),
        "“zeros.bin”",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_package_is_refused_and_nothing_is_stored(programme_manager: User, case: str) -> None:
    build, match = CASES[case]
    refuse(build(), programme_manager, match)


def test_unpacked_bytes_are_counted_as_they_stream_not_taken_from_the_header(programme_manager: User) -> None:
    # Each header says 10 bytes; the entries unpack to 1.5 MB each, 4.5 MB in all, over the 3 MB limit.
    limits = Limits(
        max_upload_bytes=2 * 1024 * 1024, max_unpacked_bytes=3 * 1024 * 1024, max_files=50, max_ratio=10_000
    )
    data = kit.with_entries(good(), [kit.bomb_entry(f"z{n}.bin", 1536 * 1024) for n in range(3)])
    for n in range(3):
        data = kit.lie_about_size(data, f"z{n}.bin", 10)
    refuse(data, programme_manager, "z0.bin|unpacks to more than", limits)


def test_a_refusal_lists_every_unsafe_entry(programme_manager: User) -> None:
    data = kit.with_entries(good(), [("../a.html", b"x"), kit.symlink_entry("b.html", "/"), ("c.html", b"x")])
    data = kit.mark_encrypted(data, "c.html")
    refused = refuse(data, programme_manager, "unsafe name")
    assert len(refused.messages) == 3


def test_refusals_are_translated(programme_manager: User) -> None:
    from django.utils import translation

    with translation.override("sv"):
        refused = refuse(kit.with_entries(good(), [kit.symlink_entry("b.html", "/")]), programme_manager, "b.html")
    assert "länk" in refused.messages[0]
