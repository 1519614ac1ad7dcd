"""Submitting, reviewing and publishing a good example; who sees what on the way."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.knowledge.models import Example, ExampleStatus
from tests.conftest import client_for
from tests.knowledge.factories import draft_example, published_example, theme

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_data(org_pk: int, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "language": "sv",
        "title": "Språkombud i hemtjänsten",
        "summary": "Hemtjänsten utbildade språkombud.",
        "problem": "Personalen hade svårt att förstå skriftliga rutiner.",
        "what_was_done": "Vi utbildade **språkombud**.",
        "organisation": org_pk,
        "themes": [theme("bemotande").pk],
        "period_start": "2021-01-01",
        "links": "https://example.se/rapport",
    }
    data.update(overrides)
    return data


def test_a_coordinator_saves_a_draft_that_only_their_organisation_sees(
    as_coordinator_a, coordinator_a, org_a, as_coordinator_b, as_learner_a, client
):
    response = as_coordinator_a.post("/goda-exempel/nytt/", form_data(org_a.pk))
    example = Example.objects.get()
    assert response.status_code == 302
    assert example.status == ExampleStatus.DRAFT
    assert example.created_by == coordinator_a
    assert AuditEntry.objects.filter(action="example.created", target_id=str(example.pk)).exists()

    url = f"/goda-exempel/{example.public_id}/"
    assert as_coordinator_a.get(url).status_code == 200
    for outsider in (as_coordinator_b, as_learner_a, client):
        assert outsider.get(url).status_code == 404
        assert outsider.get(url + "redigera/").status_code in (302, 404)
    assert b"Spr\xc3\xa5kombud" not in client.get("/goda-exempel/").content


def test_a_coordinator_cannot_submit_for_another_organisation(as_coordinator_a, org_b):
    response = english(as_coordinator_a).post("/goda-exempel/nytt/", form_data(org_b.pk))
    assert response.status_code == 400
    assert not Example.objects.exists()
    assert "Språkombud i hemtjänsten" in response.content.decode()  # what was typed is kept


def test_a_learner_may_not_write_examples(as_learner_a, org_a):
    assert as_learner_a.get("/goda-exempel/nytt/").status_code == 404
    assert as_learner_a.post("/goda-exempel/nytt/", form_data(org_a.pk)).status_code == 404
    assert not Example.objects.exists()


def test_a_bad_link_is_refused_with_the_form_kept(as_coordinator_a, org_a):
    response = english(as_coordinator_a).post("/goda-exempel/nytt/", form_data(org_a.pk, links="javascript:alert(1)"))
    assert response.status_code == 400
    assert "is not a web address" in response.content.decode()
    assert not Example.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(as_coordinator_a, org_a):
    response = english(as_coordinator_a).post(
        "/goda-exempel/nytt/", form_data(org_a.pk, period_start="2022-01-01", period_end="2021-01-01")
    )
    assert response.status_code == 400
    assert not Example.objects.exists()


def test_the_review_asks_for_changes_by_email_then_publishes(
    coordinator_a,
    org_a,
    as_coordinator_a,
    programme_manager,
    as_programme_manager,
    client,
    django_capture_on_commit_callbacks,
):
    example = draft_example(coordinator_a, org_a, title="Bemötande i receptionen")
    assert as_coordinator_a.post(f"/goda-exempel/{example.public_id}/skicka-in/").status_code == 302
    example.refresh_from_db()
    assert example.status == ExampleStatus.SUBMITTED

    queue = as_programme_manager.get("/goda-exempel/granska/")
    assert "Bemötande i receptionen" in queue.content.decode()

    review_url = f"/goda-exempel/{example.public_id}/granska/"
    empty = as_programme_manager.post(review_url, {"decision": "changes", "comment": "  "})
    assert empty.status_code == 400
    example.refresh_from_db()
    assert example.status == ExampleStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        as_programme_manager.post(review_url, {"decision": "changes", "comment": "Lägg till resultat i siffror."})
    example.refresh_from_db()
    assert example.status == ExampleStatus.CHANGES_REQUESTED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator_a.email]
    assert "Lägg till resultat i siffror." in mail.outbox[0].body
    assert client.get(f"/goda-exempel/{example.public_id}/").status_code == 404

    edit = as_coordinator_a.get(f"/goda-exempel/{example.public_id}/redigera/")
    assert "Lägg till resultat i siffror." in edit.content.decode()
    as_coordinator_a.post(f"/goda-exempel/{example.public_id}/skicka-in/")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_programme_manager.post(review_url, {"decision": "publish"})
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == ExampleStatus.PUBLISHED
    assert example.published_at is not None
    assert len(mail.outbox) == 2
    assert client.get(f"/goda-exempel/{example.public_id}/").status_code == 200
    assert "Bemötande i receptionen" in client.get("/goda-exempel/").content.decode()
    actions = list(AuditEntry.objects.filter(target_id=str(example.pk)).values_list("action", flat=True))
    assert {"example.submitted", "example.changes_requested", "example.published"} <= set(actions)


def test_only_programme_managers_review(coordinator_a, org_a, as_coordinator_a, as_coordinator_b):
    example = draft_example(coordinator_a, org_a)
    as_coordinator_a.post(f"/goda-exempel/{example.public_id}/skicka-in/")
    for someone in (as_coordinator_a, as_coordinator_b):
        assert someone.get("/goda-exempel/granska/").status_code == 404
        response = someone.post(f"/goda-exempel/{example.public_id}/granska/", {"decision": "publish"})
        assert response.status_code == 404
    example.refresh_from_db()
    assert example.status == ExampleStatus.SUBMITTED


def test_a_submitted_example_cannot_be_edited_by_its_coordinator(coordinator_a, org_a, as_coordinator_a):
    example = draft_example(coordinator_a, org_a, title="Före")
    as_coordinator_a.post(f"/goda-exempel/{example.public_id}/skicka-in/")
    data = form_data(org_a.pk, title="Efter")
    response = as_coordinator_a.post(f"/goda-exempel/{example.public_id}/redigera/", data)
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Före"


def test_withdrawing_takes_an_example_off_the_public_pages(coordinator_a, org_a, programme_manager, client):
    example = published_example(coordinator_a, org_a, programme_manager, title="Tillbakadraget")
    assert client.get(f"/goda-exempel/{example.public_id}/").status_code == 200
    response = client_for(coordinator_a).post(f"/goda-exempel/{example.public_id}/dra-tillbaka/")
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == ExampleStatus.WITHDRAWN
    assert client.get(f"/goda-exempel/{example.public_id}/").status_code == 404
    assert "Tillbakadraget" not in client.get("/goda-exempel/").content.decode()


def test_coordinator_b_cannot_withdraw_or_edit_organisation_as_examples(
    coordinator_a, org_a, programme_manager, as_coordinator_b
):
    example = published_example(coordinator_a, org_a, programme_manager)
    assert as_coordinator_b.post(f"/goda-exempel/{example.public_id}/dra-tillbaka/").status_code == 404
    assert as_coordinator_b.get(f"/goda-exempel/{example.public_id}/redigera/").status_code == 404
    example.refresh_from_db()
    assert example.status == ExampleStatus.PUBLISHED


def test_my_examples_lists_drafts_of_my_organisation_but_not_others(
    coordinator_a, org_a, coordinator_b, org_b, as_coordinator_a
):
    draft_example(coordinator_a, org_a, title="Säters utkast")
    draft_example(coordinator_b, org_b, title="Gagnefs utkast")
    page = as_coordinator_a.get("/goda-exempel/mina/").content.decode()
    assert "Säters utkast" in page
    assert "Gagnefs utkast" not in page


def test_rich_text_is_sanitised_on_the_page(coordinator_a, org_a, programme_manager, client):
    example = published_example(
        coordinator_a,
        org_a,
        programme_manager,
        problem='<script>alert(1)</script> [klick](javascript:alert(2)) <b style="color:red">fet</b>',
        summary="<img src=x onerror=alert(3)>",
    )
    page = client.get(f"/goda-exempel/{example.public_id}/").content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page


def test_the_contact_person_is_shown_only_when_the_submitter_chose_so(coordinator_a, org_a, programme_manager, client):
    hidden = published_example(
        coordinator_a, org_a, programme_manager, contact_name="Hemlig Kontakt", contact_email="hemlig@sater.se"
    )
    shown = published_example(
        coordinator_a,
        org_a,
        programme_manager,
        contact_name="Öppen Kontakt",
        contact_email="oppen@sater.se",
        show_contact=True,
    )
    assert "hemlig@sater.se" not in client.get(f"/goda-exempel/{hidden.public_id}/").content.decode()
    assert "oppen@sater.se" in client.get(f"/goda-exempel/{shown.public_id}/").content.decode()
    assert "hemlig@sater.se" not in client.get(f"/api/v1/examples/{hidden.public_id}").content.decode()


def test_a_withdrawn_example_can_be_changed_and_submitted_again(
    coordinator_a, org_a, programme_manager, as_coordinator_a, client
):
    example = published_example(coordinator_a, org_a, programme_manager, title="Första versionen")
    as_coordinator_a.post(f"/goda-exempel/{example.public_id}/dra-tillbaka/")
    response = as_coordinator_a.post(
        f"/goda-exempel/{example.public_id}/redigera/", form_data(org_a.pk, title="Andra versionen")
    )
    assert response.status_code == 302
    as_coordinator_a.post(f"/goda-exempel/{example.public_id}/skicka-in/")
    example.refresh_from_db()
    assert (example.title, example.status) == ("Andra versionen", ExampleStatus.SUBMITTED)
    assert client.get(f"/goda-exempel/{example.public_id}/").status_code == 404
    client_for(programme_manager).post(f"/goda-exempel/{example.public_id}/granska/", {"decision": "publish"})
    assert "Andra versionen" in client.get(f"/goda-exempel/{example.public_id}/").content.decode()


def test_a_second_publish_of_the_same_example_is_refused_and_logged_once(coordinator_a, org_a, programme_manager):
    from django.core.exceptions import ValidationError

    from jamlik.knowledge import actions

    example = published_example(coordinator_a, org_a, programme_manager)
    with pytest.raises(ValidationError):
        actions.publish_example(programme_manager, example)
    assert AuditEntry.objects.filter(action="example.published", target_id=str(example.pk)).count() == 1
