"""The learner's diplomas: the list, the HTML diploma, the PDF (with any name) and the Open Badge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jamlik.credentials.models import Diploma
from jamlik.people.models import User
from tests.conftest import client_for
from tests.courses.authoring_kit import in_english
from tests.credentials.kit import complete, diploma_course, diploma_of, pdf_inflated, pdf_unicode_text


def test_a_learner_sees_their_diplomas_with_download_and_share_links(
    as_learner_a: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(title="Bemötande"))
    diploma = diploma_of(learner_a)
    page = in_english(as_learner_a).get("/min-sida/diplom/").content.decode()
    assert "Bemötande" in page and diploma.display_code in page
    assert f"/min-sida/diplom/{diploma.public_id}/diplom.pdf" in page
    assert f"/verifiera/{diploma.display_code}/" in page
    html = as_learner_a.get(f"/min-sida/diplom/{diploma.public_id}/").content.decode()
    assert "Lina Lärande" in html and diploma.verify_url() in html and "<svg" in html


def test_a_learner_without_diplomas_is_told_how_to_get_one(as_learner_a: Client) -> None:
    assert "You have no diplomas yet." in in_english(as_learner_a).get("/min-sida/diplom/").content.decode()


def test_the_diploma_pages_need_sign_in_and_are_the_recipients_alone(
    client: Client, coordinator_a: User, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = diploma_of(learner_a)
    assert client.get("/min-sida/diplom/").status_code == 302
    other = client_for(coordinator_a)
    for suffix in ("", "diplom.pdf", "open-badge.json"):
        assert other.get(f"/min-sida/diplom/{diploma.public_id}/{suffix}").status_code == 404


def test_the_pdf_carries_a_name_outside_latin_1_as_text(
    learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    learner_a.name = "Ŋora Şahin 王"
    learner_a.save()
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(title="Bemötande"))
    diploma = diploma_of(learner_a)
    response = client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/diplom.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    text = pdf_unicode_text(pdf)
    for char in "ŊoraŞahin王ä":  # 王 prints as a box without a CJK font, but stays in the text layer
        assert char in text
    assert b"/StructTreeRoot" in pdf_inflated(pdf)  # tagged for assistive technology
    diploma.refresh_from_db()
    assert diploma.pdf  # kept, so the next download is not made again
    assert client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/diplom.pdf").content == pdf


def test_the_kept_pdf_lies_in_private_storage_with_no_address(
    learner_a: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A PDF under MEDIA_ROOT could be fetched past the application by anyone who learnt its path,
    after a revocation too; the private root has no address at all."""
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = diploma_of(learner_a)
    assert client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/diplom.pdf").status_code == 200
    diploma.refresh_from_db()
    kept = Path(settings.PRIVATE_ROOT) / "diplomas" / diploma.pdf.name
    assert kept.read_bytes().startswith(b"%PDF-")
    assert not (Path(settings.MEDIA_ROOT) / diploma.pdf.name).exists()
    with pytest.raises(ValueError):
        diploma.pdf.url  # noqa: B018


def test_the_open_badge_download_is_a_signed_credential(
    as_learner_a: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = diploma_of(learner_a)
    response = as_learner_a.get(f"/min-sida/diplom/{diploma.public_id}/open-badge.json")
    document = json.loads(response.content)
    assert "OpenBadgeCredential" in document["type"]
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_my_page_and_the_finish_page_lead_to_the_diplomas(
    as_learner_a: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    assert "/min-sida/diplom/" in as_learner_a.get("/min-sida/").text
    course = diploma_course()
    complete(django_capture_on_commit_callbacks, learner_a, course)
    assert "/min-sida/diplom/" in as_learner_a.get(f"/kurser/{course.slug}/klar/").text


def test_the_migration_deletes_and_forgets_pdfs_kept_in_public_media(
    learner_a: User, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("jamlik.credentials.migrations.0004_diploma_pdfs_private")
    settings.MEDIA_ROOT = tmp_path / "media"
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = diploma_of(learner_a)
    old = tmp_path / "media" / "credentials" / "pdf" / "0123abcd" / "diploma.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.7 old copy")
    Diploma.objects.filter(pk=diploma.pk).update(pdf="credentials/pdf/0123abcd/diploma.pdf")
    migration.forget_public_pdfs(apps, None)
    diploma.refresh_from_db()
    assert not old.exists() and not diploma.pdf
    assert client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/diplom.pdf").status_code == 200
