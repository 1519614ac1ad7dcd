"""Pages with more than one form keep every element id unique, so each label names its own field (WCAG 1.3.1)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client

from jamlik.people.models import Membership, Organisation, User
from tests.browser.check import Cast
from tests.browser.pages import PAGES, populate
from tests.factories import UnitFactory


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(name for name, count in parser.ids.items() if count > 1)


@pytest.mark.django_db
def test_my_page_gives_the_name_and_the_token_name_their_own_ids(as_learner_a: Client) -> None:
    page = as_learner_a.get("/min-sida/").content.decode()
    assert duplicate_ids(page) == []
    assert '<label for="id_name">' in page
    assert '<label for="id_token_name">' in page


@pytest.mark.django_db
def test_the_invitations_page_gives_each_forms_unit_its_own_id(as_coordinator_a: Client, org_a: Organisation) -> None:
    UnitFactory(organisation=org_a)
    page = as_coordinator_a.get(f"/organisationer/{org_a.slug}/inbjudningar/").content.decode()
    assert duplicate_ids(page) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["my-page", "org-invitations", "campaign-manage"])
def test_pages_with_several_forms_keep_ids_unique(
    name: str,
    org_a: Organisation,
    learner_a: User,
    coordinator_a: User,
    programme_manager: User,
    administrator: User,
) -> None:
    """The pages of the browser registry that show two forms with a field of the same name."""
    check = next(check for check in PAGES if check.name == name)
    cast = Cast(
        org_a=org_a,
        learner_a=learner_a,
        coordinator_a=coordinator_a,
        programme_manager=programme_manager,
        administrator=administrator,
        member=Membership.objects.get(user=learner_a, organisation=org_a),
    )
    populate(cast)
    if check.setup is not None:
        check.setup(cast)
    client = Client()
    if check.viewer != "anonymous":
        client.force_login(getattr(cast, check.viewer))
    response = client.get(check.url_path(cast))
    assert response.status_code == check.status
    assert duplicate_ids(response.content.decode()) == []
