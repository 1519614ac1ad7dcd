"""Small helpers shared by the authoring, bundle, group and import tests."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

# The smallest byte strings that pass the content checks for each file type.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
MP3 = b"ID3\x04\x00" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHej och v\xc3\xa4lkommen.\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def in_english(client: Client) -> Client:
    """Pages in English whatever the signed-in person's language, so tests can read messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def use_tmp_media(settings_fixture: object, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    settings_fixture.MEDIA_ROOT = media  # type: ignore[attr-defined]
    return media
