"""Issuing organisations' logos on the diploma: on the web page and the verification page by
URL with alt text, and embedded in the PDF (read from storage, never fetched)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamlik.credentials.checking import check_credential
from jamlik.credentials.models import Diploma
from jamlik.credentials.terms import undefined_terms
from jamlik.people import actions as people_actions
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.credentials.kit import complete, diploma_course, diploma_of, pdf_inflated, tiny_png


def _diploma(learner: User, owner: Organisation, capture: Any) -> Diploma:
    complete(capture, learner, diploma_course(owner=owner, title="Bemötande"))
    return diploma_of(learner)


def _pdf(learner: User, diploma: Diploma) -> bytes:
    response = client_for(learner).get(f"/min-sida/diplom/{diploma.public_id}/diplom.pdf")
    assert response.status_code == 200
    return pdf_inflated(response.content)


@pytest.fixture
def logo(org_a: Organisation) -> Organisation:
    upload = SimpleUploadedFile("sater.png", tiny_png(40, 20), content_type="image/png")
    return people_actions.set_logo(None, org_a, upload)


def test_the_diploma_page_and_the_verification_page_show_the_issuers_logo_with_alt_text(
    client: Client, learner_a: User, logo: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = _diploma(learner_a, logo, django_capture_on_commit_callbacks)
    expected = f'<img src="{logo.logo.url}" width="160" alt="Logotyp för Säters kommun">'
    mine_client = client_for(learner_a)
    for each in (mine_client, client):  # the pages in Swedish, whatever an earlier test left active
        each.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    mine = mine_client.get(f"/min-sida/diplom/{diploma.public_id}/").content.decode()
    assert expected in mine
    public = client.get(f"/verify/{diploma.code}/").content.decode()
    assert expected in public


def test_the_pdf_embeds_the_logo_with_its_alt_text(
    learner_a: User, logo: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = _pdf(learner_a, _diploma(learner_a, logo, django_capture_on_commit_callbacks))
    assert b"/Subtype /Image" in pdf
    assert b"/Width 40" in pdf and b"/Height 20" in pdf  # our logo's pixels, not something else
    assert "Logotyp för Säters kommun" in _alt_texts(pdf)  # a tagged Figure, in the recipient's language


def _alt_texts(pdf: bytes) -> list[str]:
    """The /Alt entries of the PDF's structure tree, decoded (UTF-16 hex with a BOM, or literal)."""
    texts = [bytes.fromhex(h.decode()).decode("utf-16") for h in re.findall(rb"/Alt <([0-9a-fA-F]+)>", pdf)]
    texts += [raw.decode("latin-1") for raw in re.findall(rb"/Alt \(([^)]*)\)", pdf)]
    return texts


def test_without_a_logo_the_diploma_names_the_issuer_only(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = _diploma(learner_a, org_a, django_capture_on_commit_callbacks)
    page = client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/").content.decode()
    assert "diploma-logos" not in page and "Säters kommun" in page
    assert b"/Subtype /Image" not in _pdf(learner_a, diploma)


def test_a_logo_file_gone_from_storage_leaves_the_pdf_without_it(
    learner_a: User, logo: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = _diploma(learner_a, logo, django_capture_on_commit_callbacks)
    logo.logo.storage.delete(logo.logo.name)
    assert b"/Subtype /Image" not in _pdf(learner_a, diploma)


def test_the_open_badge_names_the_logo_as_the_creators_image(
    learner_a: User, logo: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    diploma = _diploma(learner_a, logo, django_capture_on_commit_callbacks)
    response = client_for(learner_a).get(f"/min-sida/diplom/{diploma.public_id}/open-badge.json")
    credential = json.loads(response.content)
    image = credential["credentialSubject"]["achievement"]["creator"]["image"]
    assert image["type"] == "Image" and image["id"].endswith(logo.logo.url)
    assert undefined_terms(credential) == []
    assert check_credential(credential).valid
