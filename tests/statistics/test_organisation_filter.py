"""The statistics filters pick an organisation with the searchable combobox, never a select of
hundreds of options (issue 19), and only among the organisations the person may see."""

from __future__ import annotations

from django.test import Client

from jamlik.people.models import Organisation, User
from jamlik.statistics.forms import ReportForm, ScopeForm
from tests.factories import OrganisationFactory
from tests.statistics.kit import two_organisations

DASHBOARD = "/statistik/"
REPORT = "/statistik/rapport/"


def test_the_dashboard_offers_a_combobox_input_not_a_list_of_every_organisation(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    OrganisationFactory.create_batch(30)
    page = as_programme_manager.get(DASHBOARD).content.decode()
    assert 'name="organisation"' in page
    assert 'data-combobox="organisations"' in page
    assert "people/combobox.js" in page
    assert '<select name="organisation"' not in page
    assert f'value="{org_b.slug}"' not in page  # no option per organisation


def test_an_organisation_typed_by_name_or_short_address_narrows_the_dashboard(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    for typed in ("Säters kommun", "sater", "säters"):
        page = as_programme_manager.get(DASHBOARD, {"organisation": typed, "dimension": "organisation"})
        body = page.content.decode()
        assert page.status_code == 200
        assert "Säters kommun</th>" in body, typed
        assert "Gagnefs kommun</th>" not in body, typed
        assert f'value="{typed}"' in body  # what was typed stays in the box


def test_an_unknown_or_ambiguous_name_is_refused_with_a_message(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    unknown = as_programme_manager.get(DASHBOARD, {"organisation": "Atlantis"}).content.decode()
    assert "Atlantis" in unknown and "Säters kommun</th>" not in unknown
    assert "aria-invalid" in unknown
    both = as_programme_manager.get(DASHBOARD, {"organisation": "kommun"}).content.decode()
    assert "Several organisations match" in both or "Flera organisationer" in both


def test_a_coordinator_cannot_pick_another_organisation_by_name(
    coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    own = ScopeForm({"organisation": "Säters kommun"}, user=coordinator_a)
    assert own.is_valid(), own.errors
    assert own.cleaned_data["organisation"] == org_a
    for typed in ("Gagnefs kommun", "gagnef"):
        other = ScopeForm({"organisation": typed}, user=coordinator_a)
        assert not other.is_valid()
        [message] = other.errors["organisation"]
        # The same answer as for a name that does not exist: nothing about the other organisation.
        assert message == ScopeForm({"organisation": "Atlantis"}, user=coordinator_a).errors["organisation"][0].replace(
            "Atlantis", typed
        )
        assert typed in message
        assert not ReportForm({"organisation": typed}, user=coordinator_a).is_valid()


def test_a_programme_manager_may_pick_any_organisation(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    form = ScopeForm({"organisation": "gagnef"}, user=programme_manager)
    assert form.is_valid(), form.errors
    assert form.scope().organisation_ids == (org_b.pk,)


def test_the_report_form_uses_the_combobox_and_resolves_names(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    page = as_programme_manager.get(REPORT).content.decode()
    assert 'data-combobox="organisations"' in page
    assert "<option" not in page.split('name="organisation"')[1].split("</div>")[0]
    refused = as_programme_manager.get(REPORT, {"organisation": "Atlantis"})
    assert refused.status_code == 400
    assert "Atlantis" in refused.content.decode()
    pdf = as_programme_manager.get(REPORT, {"organisation": "Gagnefs kommun"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "gagnef" in pdf["Content-Disposition"]
