"""The "Fel:" title and the focused error summary come with every bound form that has errors,
whatever the view named it (issue 19): not only ``form`` or a view's ``page_has_errors``."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, RequestContext, Template
from django.test import Client, RequestFactory

from jamlik.people.models import Organisation, User
from tests.networks.factories import make_network
from tests.strategies.factories import make_round


def _title(page: str) -> str:
    return page[page.index("<title>") : page.index("</title>")]


class _Days(forms.Form):
    days = forms.IntegerField(min_value=1)


def _failed_by_tag(**context: object) -> str:
    return Template("{% page_has_errors as failed %}{{ failed }}").render(Context(context))


def test_the_tag_finds_a_failed_form_under_any_name_and_ignores_the_rest() -> None:
    assert _failed_by_tag() == "False"
    assert _failed_by_tag(link_form=_Days()) == "False"  # not sent: never cleaned
    assert _failed_by_tag(link_form=_Days({"days": "3"})) == "False"
    assert _failed_by_tag(link_form=_Days({"days": "0"})) == "True"
    assert _failed_by_tag(rows=[_Days(), _Days({"days": "x"})]) == "True"
    formset = forms.formset_factory(_Days)({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-days": "0"})
    assert _failed_by_tag(forms=formset) == "True"
    assert _failed_by_tag(page_has_errors=True) == "True"


def test_the_tag_does_not_evaluate_lazy_values_such_as_the_csrf_token() -> None:
    request = RequestFactory().get("/")
    Template("{% page_has_errors as failed %}").render(RequestContext(request, {}))
    assert "CSRF_COOKIE" not in request.META  # get_token() was never called
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def test_a_failed_invite_link_form_gets_the_error_title_and_summary_and_keeps_the_page(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation
) -> None:
    response = as_coordinator_a.post(f"/organisationer/{org_a.slug}/inbjudningar/lank/", {"link-days": "0"})
    page = response.content.decode()
    assert response.status_code == 200  # the page again, not a redirect that loses what was typed
    assert _title(page).startswith("<title>Fel:")
    assert page.count("data-error-summary") == 1
    assert 'href="#id_link-days"' in page
    assert 'name="link-days" value="0"' in page  # what was typed is kept


def test_a_failed_network_invitation_gets_the_error_title(
    as_programme_manager: Client, programme_manager: User
) -> None:
    make_network(programme_manager, slug="stangt")
    response = as_programme_manager.post("/natverk/stangt/medlemmar/bjud-in/", {"email": "inte en adress"})
    page = response.content.decode()
    assert response.status_code == 400
    assert _title(page).startswith("<title>Fel:")
    assert page.count("data-error-summary") == 1


def test_a_failed_question_on_a_follow_up_round_gets_the_error_title(as_programme_manager: Client) -> None:
    round_ = make_round([], open_it=False)
    response = as_programme_manager.post(
        f"/uppfoljning/{round_.public_id}/fragor/", {"text": "Välj", "kind": "choice", "options": "Bara en"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert _title(page).startswith("<title>Fel:")
    assert page.count("data-error-summary") == 1


@pytest.mark.django_db
def test_a_page_without_a_failed_form_has_a_plain_title(as_coordinator_a: Client, org_a: Organisation) -> None:
    page = as_coordinator_a.get(f"/organisationer/{org_a.slug}/inbjudningar/").content.decode()
    assert not _title(page).startswith("<title>Fel:")
    assert "data-error-summary" not in page
