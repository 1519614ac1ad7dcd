"""Checks for uploaded media: type by name *and* by content, size, and WebVTT captions.

The allowed types and sizes are ``jamlik.courses.blocks.MEDIA_RULES``, so authoring forms
and bundle imports apply the same rules. A file whose first bytes do not match its suffix
is refused: renaming ``script.html`` to ``script.png`` does not get it onto the site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from jamlik.courses.blocks import CAPTIONS_RULE, MEDIA_RULES, MediaRule

HEAD_BYTES = 16


def _is_mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "gif": lambda head: head[:6] in (b"GIF87a", b"GIF89a"),
    "webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "mp4": lambda head: head[4:8] == b"ftyp",
    "m4a": lambda head: head[4:8] == b"ftyp",
    "webm": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),
    "mp3": _is_mp3,
    "ogg": lambda head: head.startswith(b"OggS"),
    "opus": lambda head: head.startswith(b"OggS"),
    "wav": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE",
}


def suffix_of(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower().lstrip(".")


def describe(rule: MediaRule) -> str:
    return _("%(types)s, at most %(size)s") % {
        "types": ", ".join(rule.extensions),
        "size": filesizeformat(rule.max_bytes),
    }


def check_media(kind: str, name: str, size: int, head: bytes) -> None:
    """Raise ValidationError unless ``name``/``head`` is an allowed file for a block of ``kind``."""
    rule = MEDIA_RULES.get(kind)
    if rule is None:
        raise ValidationError(_("This kind of block has no file."))
    suffix = suffix_of(name)
    if suffix not in rule.extensions:
        raise ValidationError(
            _("%(name)s is not an allowed type. Allowed: %(rule)s.") % {"name": name, "rule": describe(rule)}
        )
    if size > rule.max_bytes:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(rule.max_bytes)}
        )
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    matches = SIGNATURES.get(suffix)
    if matches is not None and not matches(head):
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(suffix)s). Export it again as %(suffix)s.")
            % {"name": name, "suffix": suffix}
        )


def check_captions(name: str, size: int, head: bytes) -> None:
    """A captions file must be WebVTT: a .vtt name, text starting with "WEBVTT", within the size limit."""
    if suffix_of(name) not in CAPTIONS_RULE.extensions:
        raise ValidationError(_("Captions must be a WebVTT file ending in .vtt (%(name)s is not).") % {"name": name})
    if size > CAPTIONS_RULE.max_bytes:
        raise ValidationError(
            _("%(name)s is %(size)s; captions may be at most %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(CAPTIONS_RULE.max_bytes)}
        )
    text = head.removeprefix(b"\xef\xbb\xbf")
    if not text.startswith(b"WEBVTT") or (len(text) > 6 and text[6:7] not in (b" ", b"\t", b"\n", b"\r")):
        raise ValidationError(_('%(name)s is not a WebVTT file: its first line must be "WEBVTT".') % {"name": name})
