"""Credentials test helpers: a course that ends with a diploma, completing it, and reading PDFs."""

from __future__ import annotations

import re
import zlib
from typing import Any

from jamlik.courses import actions as course_actions
from jamlik.courses import versions
from jamlik.courses.models import Completion, Course
from jamlik.credentials.models import Diploma
from jamlik.people.models import Organisation, User
from tests.courses.factories import lessons_of, make_course


def diploma_course(
    owner: Organisation | None = None, *, issues_diploma: bool = True, title: str = "Bemötande"
) -> Course:
    course = make_course(lessons=2, publish=False, title=title)
    version = course.versions.get()
    version.issues_diploma = issues_diploma
    version.save()
    if owner is not None:
        course.owner = owner
        course.save()
    versions.publish_version(None, version)
    course.refresh_from_db()
    return course


def complete(django_capture_on_commit_callbacks: Any, user: User, course: Course) -> Completion:
    """Take the whole course, running the after-commit listeners (diplomas among them)."""
    with django_capture_on_commit_callbacks(execute=True):
        course_actions.enrol(user, course)
        for lesson in lessons_of(course):
            course_actions.record_progress(user, lesson)
    return Completion.objects.get(user=user, course=course)


def diploma_of(user: User) -> Diploma:
    return Diploma.objects.get(recipient=user, superseded_at__isnull=True)


def pdf_inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, to look for objects kept in object streams."""
    parts = [pdf]
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_unicode_text(pdf: bytes) -> str:
    """Every character the PDF's ToUnicode maps declare: the text layer a reader extracts from.

    Pure Python, so the suite needs no poppler: inflate each stream, read ``bfchar`` and
    ``bfrange`` entries, decode their UTF-16BE targets.
    """
    chars: list[str] = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            body = zlib.decompress(raw)
        except zlib.error:
            body = raw
        if b"begincmap" not in body:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", body, re.DOTALL):
            for _src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                chars.append(bytes.fromhex(dst.decode()).decode("utf-16-be"))
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", body, re.DOTALL):
            for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                start = int.from_bytes(bytes.fromhex(dst.decode()), "big")
                chars.extend(chr(start + i) for i in range(int(hi, 16) - int(lo, 16) + 1))
    return "".join(chars)


def tiny_png(width: int = 2, height: int = 1) -> bytes:
    """A real PNG (white pixels), made by hand so the suite needs no imaging library."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")
