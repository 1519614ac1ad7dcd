"""An organisation's logo: uploaded by its coordinators (PNG or JPEG, at most 1 MB), kept under
MEDIA_ROOT, logged, and refused with a clear message when it is anything else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation
from tests.credentials.kit import tiny_png

URL = "/organisationer/{}/logotyp/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(as_coordinator_a: Client) -> Client:
    as_coordinator_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return as_coordinator_a


def _png(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def test_a_coordinator_uploads_a_logo_that_is_stored_logged_and_shown_with_alt_text(
    english: Client, org_a: Organisation, coordinator_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = english.post(URL.format(org_a.slug), {"logo": _png()})
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.logo.name.startswith("organisations/sater/logo-") and org_a.logo.name.endswith(".png")
    assert (Path(settings.MEDIA_ROOT) / org_a.logo.name).read_bytes() == tiny_png()
    entry = AuditEntry.objects.get(action="organisation.logo_changed")
    assert entry.actor == coordinator_a and entry.organisation == org_a
    html = english.get(URL.format(org_a.slug)).content.decode()
    assert f'src="{org_a.logo.url}"' in html and 'alt="Logo of Säters kommun"' in html
    old = Path(settings.MEDIA_ROOT) / org_a.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        english.post(URL.format(org_a.slug), {"remove": "on"})
    org_a.refresh_from_db()
    assert not org_a.logo and not old.exists()
    assert AuditEntry.objects.filter(action="organisation.logo_removed").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "PNG or JPEG file"),
        ("logo.png", b"<html><script>alert(1)</script></html>", "does not contain the kind of image"),
        ("logo.jpg", tiny_png(), "does not contain the kind of image"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "at most 1 MB"),
        ("logo.gif", b"GIF89a", "PNG or JPEG file"),
    ],
    ids=["svg", "html-named-png", "png-named-jpg", "too-large", "gif"],
)
def test_anything_but_a_png_or_jpeg_of_at_most_1_mb_is_refused_and_nothing_is_stored(
    english: Client, org_a: Organisation, name: str, content: bytes, message: str
) -> None:
    response = english.post(URL.format(org_a.slug), {"logo": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    org_a.refresh_from_db()
    assert not org_a.logo
    assert not AuditEntry.objects.filter(action__startswith="organisation.logo").exists()
    assert not (Path(settings.MEDIA_ROOT) / "organisations").exists()


def test_an_empty_form_asks_for_a_file(english: Client, org_a: Organisation) -> None:
    response = english.post(URL.format(org_a.slug), {})
    assert response.status_code == 200 and "Choose a file" in response.content.decode()


def test_another_organisations_coordinator_cannot_change_the_logo(
    as_coordinator_b: Client, org_a: Organisation
) -> None:
    assert as_coordinator_b.post(URL.format(org_a.slug), {"logo": _png()}).status_code == 404
    org_a.refresh_from_db()
    assert not org_a.logo


def test_the_model_refuses_an_svg_logo_so_the_admin_does_too(org_a: Organisation) -> None:
    org_a.logo = SimpleUploadedFile("logo.svg", b"<svg/>")  # type: ignore[assignment]
    with pytest.raises(ValidationError) as raised:
        org_a.full_clean()
    assert "logo" in raised.value.message_dict


def test_the_admin_change_form_offers_the_logo_field(as_administrator: Client, org_a: Organisation) -> None:
    change = f"/admin/people/organisation/{org_a.pk}/change/"
    page = as_administrator.get(change)
    assert page.status_code == 200 and 'name="logo"' in page.content.decode()
