"""Correction: name and kön changed by the person; diplomas re-issued with the new name on request,
the old one replaced (its verification page says so), and My data and the download follow."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from jamlik.credentials.models import DiplomaStatus
from jamlik.people.models import Kon, Organisation, User
from jamlik.privacy.models import DataExport
from tests.conftest import client_for
from tests.credentials.kit import complete, diploma_course, diploma_of


@pytest.mark.django_db
def test_a_corrected_name_reaches_the_diplomas_my_data_and_the_download(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(owner=org_a, title="Bemötande"))
    old = diploma_of(learner_a)
    client = client_for(learner_a)
    client.post("/min-sida/", {"name": "Lina Ek", "preferred_language": "en", "kon": Kon.ANNAT})
    learner_a.refresh_from_db()
    assert (learner_a.name, learner_a.kon) == ("Lina Ek", Kon.ANNAT)
    page = client.get("/min-sida/mina-uppgifter/").content.decode()
    assert "Other or non-binary" in page and "/min-sida/diplom/" in page

    client.post("/min-sida/diplom/nytt-namn/")
    new = diploma_of(learner_a)
    old.refresh_from_db()
    assert old.status() == DiplomaStatus.SUPERSEDED and new.recipient_name == "Lina Ek"
    verify = client.get(f"/verify/{old.display_code}/").content.decode()
    assert "Replaced by a newer diploma" in verify or "replaced" in verify.lower()

    page = client.get("/min-sida/mina-uppgifter/").content.decode()
    assert old.display_code in page and new.display_code in page and "Replaced by a newer diploma" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/min-sida/mina-uppgifter/ladda-ner/")
    made = DataExport.objects.get(person=learner_a)
    response = client.get(f"/min-sida/mina-uppgifter/ladda-ner/{made.public_id}/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert [d["code"] for d in data["diplomas"]] == [new.display_code]  # files for the current one only
    rows = {
        r["values"]["code"]: r["values"]["recipient_name"]
        for t in data["tables"]
        if t["table"] == "credentials.diploma"
        for r in t["records"]
    }
    assert rows == {old.display_code: "Lina Lärande", new.display_code: "Lina Ek"}
    assert data["person"]["name"] == "Lina Ek"
