"""/api/v1/organisations/{id}: units, email domains, headcount declarations, invitations and invite
links, through the same actions as the coordinator's pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from jamlik.people.models import (
    EmailDomain,
    HeadcountDeclaration,
    Invitation,
    InviteLink,
    Organisation,
    Unit,
    User,
)
from tests.factories import HeadcountFactory, UnitFactory
from tests.people.api_kit import ALLOWED, REFUSED, Api, api_for, assert_problem, audited

# Each collection's POST with a good body, and the model it writes.
CREATES: dict[str, tuple[dict[str, Any], Any]] = {
    "units": ({"name": "Kultur och fritid"}, Unit),
    "email-domains": ({"domain": "@Sater.se.", "requires_approval": False}, EmailDomain),
    "headcount": ({"headcount": 1100, "as_of": "2026-11-01", "source_note": "Lönesystemet"}, HeadcountDeclaration),
    "invite-links": ({"days": 10}, InviteLink),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize("collection", sorted(CREATES))
def test_a_coordinator_creates_and_reads_back_by_location(
    request: pytest.FixtureRequest, org_a: Organisation, who: str, collection: str
) -> None:
    body, model = CREATES[collection]
    api = api_for(request, who)
    created = api("POST", f"/organisations/{org_a.public_id}/{collection}", body)
    assert created.status_code == 201, created.content
    row = model.objects.get(organisation=org_a)
    assert created.json()["id"] == str(row.public_id)
    assert created["Location"] == f"/api/v1/organisations/{org_a.public_id}/{collection}/{row.public_id}"
    assert api("GET", created["Location"].removeprefix("/api/v1")).json()["id"] == str(row.public_id)
    listed = api("GET", f"/organisations/{org_a.slug}/{collection}").json()
    assert [item["id"] for item in listed["items"]] == [str(row.public_id)]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*REFUSED, "anonymous"])
@pytest.mark.parametrize("collection", sorted(CREATES))
def test_others_can_neither_list_nor_create(
    request: pytest.FixtureRequest, org_a: Organisation, who: str, collection: str
) -> None:
    api = api_for(request, who)
    status = 401 if who == "anonymous" else 404
    assert_problem(api("GET", f"/organisations/{org_a.public_id}/{collection}"), status)
    assert_problem(api("POST", f"/organisations/{org_a.public_id}/{collection}", CREATES[collection][0]), status)
    assert not CREATES[collection][1].objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("collection", "body", "field"),
    [
        ("units", {}, "name"),
        ("units", {"name": ""}, "name"),
        ("units", {"name": "x" * 151}, "name"),
        ("units", {"name": "Kultur", "colour": "blå"}, "colour"),
        ("units", {"name": "Kultur", "parent": "00000000-0000-0000-0000-000000000000"}, "parent"),
        ("email-domains", {"domain": "inte en domän"}, "domain"),
        ("email-domains", {"domain": "sater.se", "requires_approval": "kanske"}, "requires_approval"),
        ("headcount", {"headcount": "many", "as_of": "2026-11-01"}, "headcount"),
        ("headcount", {"headcount": 0, "as_of": "2026-11-01"}, "headcount"),
        ("headcount", {"headcount": 10, "as_of": "2099-01-01"}, "as_of"),
        ("headcount", {"headcount": 10}, "as_of"),
        ("headcount", {"headcount": 10, "as_of": "2026-11-01", "source_note": "x" * 301}, "source_note"),
        ("invite-links", {"days": 366}, "days"),
        ("invitations", {"emails": []}, "emails"),
        ("invitations", {"emails": ["ny@sater.se", "inte-en-adress"]}, "emails"),
        ("invitations", {"emails": ["ny@sater.se"], "role": "boss"}, "role"),
        ("invitations", {"emails": ["x@sater.se"] * 501}, "emails"),
    ],
)
def test_bad_input_names_its_field_and_saves_nothing(
    coordinator_a: User, org_a: Organisation, collection: str, body: dict[str, Any], field: str
) -> None:
    response = Api(coordinator_a)("POST", f"/organisations/{org_a.public_id}/{collection}", body)
    assert field in assert_problem(response, 422)["errors"]
    for model in (Unit, EmailDomain, HeadcountDeclaration, InviteLink, Invitation):
        assert not model.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_another_organisations_unit_is_no_parent(coordinator_a: User, org_a: Organisation, org_b: Organisation) -> None:
    theirs = UnitFactory(organisation=org_b)
    body = {"name": "Kultur", "parent": str(theirs.public_id)}
    response = Api(coordinator_a)("POST", f"/organisations/{org_a.public_id}/units", body)
    assert "parent" in assert_problem(response, 422)["errors"]
    assert not Unit.objects.filter(organisation=org_a).exists()


@pytest.mark.django_db
def test_a_unit_is_renamed_with_if_match_and_a_sibling_name_is_refused(
    coordinator_a: User, org_a: Organisation
) -> None:
    api = Api(coordinator_a)
    UnitFactory(organisation=org_a, name="Skola")
    unit = UnitFactory(organisation=org_a, name="Kultur")
    url = f"/organisations/{org_a.public_id}/units/{unit.public_id}"
    tag = api("GET", url)["ETag"]
    renamed = api("PATCH", url, {"name": "Kultur och fritid"}, **{"If-Match": tag})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Kultur och fritid"
    assert audited("unit.renamed").before == {"name": "Kultur"}
    assert_problem(api("PATCH", url, {"name": "Fritid"}, **{"If-Match": tag}), 412)
    assert "name" in assert_problem(api("PATCH", url, {"name": "skola"}), 422)["errors"]
    assert "name" in assert_problem(api("PATCH", url, {"name": None}), 422)["errors"]
    assert Unit.objects.get(pk=unit.pk).name == "Kultur och fritid"


@pytest.mark.django_db
def test_a_domain_has_one_owner_and_is_removed_by_id(
    coordinator_a: User, coordinator_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    mine = Api(coordinator_a)("POST", f"/organisations/{org_a.public_id}/email-domains", {"domain": "sater.se"})
    assert (mine.json()["domain"], mine.json()["requires_approval"]) == ("sater.se", True)
    theirs = Api(coordinator_b)("POST", f"/organisations/{org_b.public_id}/email-domains", {"domain": "SATER.se"})
    assert "domain" in assert_problem(theirs, 422)["errors"]
    domain_id = mine.json()["id"]
    assert_problem(Api(coordinator_b)("DELETE", f"/organisations/{org_b.public_id}/email-domains/{domain_id}"), 404)
    assert_problem(Api(coordinator_b)("DELETE", f"/organisations/{org_a.public_id}/email-domains/{domain_id}"), 404)
    removed = Api(coordinator_a)("DELETE", f"/organisations/{org_a.public_id}/email-domains/{domain_id}")
    assert removed.status_code == 204
    assert not EmailDomain.objects.exists()
    assert audited("email_domain.removed").actor == coordinator_a


@pytest.mark.django_db
def test_headcount_declarations_are_newest_first_and_audited(coordinator_a: User, org_a: Organisation) -> None:
    HeadcountFactory(organisation=org_a, headcount=900)
    api = Api(coordinator_a)
    api("POST", f"/organisations/{org_a.public_id}/headcount", {"headcount": 1100, "as_of": "2026-11-01"})
    listed = api("GET", f"/organisations/{org_a.public_id}/headcount").json()
    assert [d["headcount"] for d in listed["items"]] == [1100, 900]
    assert audited("headcount.declared").after["headcount"] == 1100


@pytest.mark.django_db
def test_invitations_are_sent_listed_and_revoked(
    coordinator_a: User, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    unit = UnitFactory(organisation=org_a)
    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/invitations"
    body = {"emails": ["Ny@Sater.se", "lina@sater.se"], "role": "learner", "unit": str(unit.public_id)}
    with django_capture_on_commit_callbacks(execute=True):
        sent = api("POST", url, body)
    assert sent.status_code == 201, sent.content
    assert sent["Location"] == f"/api/v1{url}"
    invited = sent.json()["invited"]
    assert [(i["email"], i["state"], i["unit"]) for i in invited] == [("ny@sater.se", "open", str(unit.public_id))]
    assert sent.json()["already_members"] == ["lina@sater.se"]
    assert [m.to for m in mail.outbox] == [["ny@sater.se"]]
    assert audited("invitation.sent").summary == "ny@sater.se"
    again = api("POST", url, {"emails": ["lina@sater.se"]})
    assert again.status_code == 200 and again.json()["invited"] == []
    one = f"{url}/{invited[0]['id']}"
    revoked = api("DELETE", one)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert audited("invitation.revoked").actor == coordinator_a
    assert Invitation.objects.get().revoked_at is not None
    assert [i["state"] for i in api("GET", url).json()["items"]] == ["revoked"]


@pytest.mark.django_db
def test_an_accepted_invitation_cannot_be_revoked(coordinator_a: User, org_a: Organisation) -> None:
    from django.utils import timezone

    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/invitations"
    invitation_id = api("POST", url, {"emails": ["ny@sater.se"]}).json()["invited"][0]["id"]
    Invitation.objects.update(accepted_at=timezone.now())  # direct write: as if the person accepted it
    assert_problem(api("DELETE", f"{url}/{invitation_id}"), 409)
    assert Invitation.objects.get().revoked_at is None


@pytest.mark.django_db
def test_another_coordinator_cannot_revoke_or_read_an_invitation(
    coordinator_a: User, coordinator_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    url = f"/organisations/{org_a.public_id}/invitations"
    invitation_id = Api(coordinator_a)("POST", url, {"emails": ["ny@sater.se"]}).json()["invited"][0]["id"]
    for path in (f"{url}/{invitation_id}", f"/organisations/{org_b.public_id}/invitations/{invitation_id}"):
        assert_problem(Api(coordinator_b)("GET", path), 404)
        assert_problem(Api(coordinator_b)("DELETE", path), 404)
    assert Invitation.objects.get().revoked_at is None


@pytest.mark.django_db
def test_an_invite_link_is_shown_once_and_turned_off(coordinator_a: User, org_a: Organisation) -> None:
    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/invite-links"
    created = api("POST", url, {"days": 5}).json()
    assert created["url"].startswith("http://testserver/ga-med/")
    assert "url" not in api("GET", f"{url}/{created['id']}").json()
    assert api("DELETE", f"{url}/{created['id']}").status_code == 204
    assert api("GET", url).json()["count"] == 0
    assert audited("invite_link.revoked").actor == coordinator_a


@pytest.mark.django_db
def test_lists_take_a_bounded_number_of_queries(
    coordinator_a: User, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    parent = UnitFactory(organisation=org_a)
    UnitFactory.create_batch(30, organisation=org_a, parent=parent)
    api = Api(coordinator_a)
    api("POST", f"/organisations/{org_a.public_id}/invitations", {"emails": [f"p{n}@sater.se" for n in range(30)]})
    for collection in ("units", "invitations", "headcount", "email-domains", "invite-links"):
        with django_assert_max_num_queries(6):
            api("GET", f"/organisations/{org_a.public_id}/{collection}?limit=100")
