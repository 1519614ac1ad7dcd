"""Organisation pickers (issue 19): a text input the server resolves, with suggestions from a
search, never hundreds of options; campaigns' invitations, programmes' organisers and hosts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.campaigns.models import Participant
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import make_campaign
from tests.factories import OrganisationFactory
from tests.programmes.factories import make_programme

pytestmark = pytest.mark.django_db


def _dalarna() -> list[Organisation]:
    return [
        OrganisationFactory(name="Länsstyrelsen i Dalarnas län", slug="lansstyrelsen-dalarna"),
        OrganisationFactory(name="Länsstyrelsen i Stockholms län", slug="lansstyrelsen-stockholm"),
        OrganisationFactory(name="Hedemora kommun", slug="hedemora"),
    ]


def test_the_search_suggests_organisations_by_words_of_the_name(as_programme_manager: Client) -> None:
    _dalarna()
    found = as_programme_manager.get("/organisationer/sok.json", {"q": "läns dalar"}).json()
    assert found == {"results": [{"name": "Länsstyrelsen i Dalarnas län", "slug": "lansstyrelsen-dalarna"}]}
    assert len(as_programme_manager.get("/organisationer/sok.json", {"q": "länsstyrelsen"}).json()["results"]) == 2
    assert as_programme_manager.get("/organisationer/sok.json", {"q": ""}).json() == {"results": []}


def test_the_search_answers_at_most_twenty_in_one_query(as_programme_manager: Client) -> None:
    for n in range(40):
        OrganisationFactory(name=f"Kommun {n}")
    as_programme_manager.get("/organisationer/sok.json", {"q": "kommun"})
    with CaptureQueriesContext(connection) as queries:
        found = as_programme_manager.get("/organisationer/sok.json", {"q": "kommun"}).json()
    assert len(found["results"]) == 20
    assert len(queries) <= 3  # session, user, the search


def test_the_search_is_for_signed_in_people(client: Client) -> None:
    assert client.get("/organisationer/sok.json", {"q": "kommun"}).status_code == 302


def test_inviting_to_a_campaign_is_a_combobox_input_not_a_select_of_every_organisation(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    campaign = make_campaign({org_a: 4})
    _dalarna()
    html = as_programme_manager.get(f"/kampanjer/{campaign.slug}/hantera/").content.decode()
    assert 'data-combobox="organisations"' in html and 'data-source="/organisationer/sok.json"' in html
    assert "<select" not in html.split('action="/kampanjer/')[-1].split("</form>")[0]
    assert "combobox.js" in html
    response = as_programme_manager.post(
        f"/kampanjer/{campaign.slug}/hantera/bjud-in/", {"organisation": "Hedemora kommun"}
    )
    assert response.status_code == 302
    assert Participant.objects.filter(campaign=campaign, organisation__slug="hedemora").exists()


def test_an_ambiguous_or_unknown_name_is_explained_and_nothing_is_invited(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    campaign = make_campaign({org_a: 4})
    _dalarna()
    as_programme_manager.cookies["django_language"] = "en"
    url = f"/kampanjer/{campaign.slug}/hantera/bjud-in/"
    page = as_programme_manager.post(url, {"organisation": "länsstyrelsen"}, follow=True).content.decode()
    assert "Several organisations match" in page and "Länsstyrelsen i Dalarnas län" in page
    page = as_programme_manager.post(url, {"organisation": "Ingenstans"}, follow=True).content.decode()
    assert "No organisation is called" in page
    assert Participant.objects.filter(campaign=campaign).count() == 1
    # A unique part of a name is enough, and the short address works too.
    as_programme_manager.post(url, {"organisation": "dalarnas"})
    as_programme_manager.post(url, {"organisation": "lansstyrelsen-stockholm"})
    assert Participant.objects.filter(campaign=campaign).count() == 3


def test_a_programmes_organisers_are_ticked_boxes_of_the_chosen_and_one_input_to_add(
    as_coordinator_a: Client, org_a: Organisation, coordinator_a: User
) -> None:
    for n in range(30):
        OrganisationFactory(name=f"Kommun {n}")
    _dalarna()
    shape = make_programme(org_a)
    url = f"/program/redigera/{shape.programme.public_id}/uppgifter/"
    html = as_coordinator_a.get(url).content.decode()
    assert html.count('type="checkbox" name="organisers"') == 1  # org A, not every organisation
    assert "Kommun 7" not in html
    assert 'name="organisers_add"' in html and 'data-combobox-multiple="true"' in html
    form = _details(shape.programme)
    response = as_coordinator_a.post(url, {**form, "organisers": ["sater"], "organisers_add": "Hedemora"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(shape.programme.organisers.values_list("slug", flat=True)) == ["hedemora", "sater"]
    # Unticking removes; an unknown name keeps what was typed and says why.
    bad = as_coordinator_a.post(url, {**form, "organisers": ["sater", "hedemora"], "organisers_add": "Ingenstans"})
    assert bad.status_code == 400
    assert 'value="Ingenstans"' in bad.content.decode()
    as_coordinator_a.post(url, {**form, "organisers": ["sater"]})
    assert list(shape.programme.organisers.values_list("slug", flat=True)) == ["sater"]


def _details(programme: object) -> dict[str, object]:
    from jamlik.programmes.authoring_forms import ProgrammeForm

    initial = ProgrammeForm.initial_for(programme)  # type: ignore[arg-type]
    data: dict[str, object] = {}
    for key, value in initial.items():
        if key == "organisers":
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    return data


def test_a_sessions_host_is_typed_or_chosen(as_coordinator_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    _dalarna()
    url = f"/program/tillfalle/{shape.stockholm.public_id}/andra/"
    html = as_coordinator_a.get(url).content.decode()
    assert 'name="host_organisation"' in html and 'data-combobox="organisations"' in html
    assert "<option" not in html.split('name="host_organisation"')[1].split("</div>")[0]
