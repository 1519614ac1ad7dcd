"""/api/v1/organisations: one id per organisation (slug accepted), references by id, the logo by
PATCH/POST with If-Match, and /me for finding one's organisations."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jamlik.people import actions
from jamlik.people.models import County, Membership, MembershipRole, Organisation, User
from tests.factories import MembershipFactory, OrganisationFactory
from tests.people.api_kit import ALLOWED, REFUSED, Api, api_for, assert_problem, audited

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db
def test_an_organisation_is_named_by_its_id_or_slug_and_refers_to_its_parent_by_id(org_a: Organisation) -> None:
    county = County.objects.create(code="20", name="Dalarnas län", short_name="Dalarna")
    child = OrganisationFactory(name="Säterbostäder", slug="saterbostader", parent=org_a, county=county)
    api = Api(None)
    by_id = api("GET", f"/organisations/{child.public_id}")
    by_slug = api("GET", "/organisations/saterbostader")
    assert by_id.json() == by_slug.json()
    body = by_id.json()
    assert body["id"] == str(child.public_id)
    assert (body["parent"], body["parent_slug"], body["county"]) == (str(org_a.public_id), "sater", "20")
    assert by_id["ETag"] == by_slug["ETag"]
    listed = api("GET", "/organisations?county=20").json()
    assert [o["id"] for o in listed["items"]] == [str(child.public_id)]


@pytest.mark.django_db
@pytest.mark.parametrize("ident", ["no-such-org", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_id_or_slug_answers_404(org_a: Organisation, ident: str) -> None:
    assert_problem(Api(None)("GET", f"/organisations/{ident}"), 404)


@pytest.mark.django_db
def test_an_oversized_identifier_is_refused_by_name(org_a: Organisation) -> None:
    problem = assert_problem(Api(None)("GET", f"/organisations/{'x' * 201}"), 422)
    assert "organisation_id" in problem["errors"]


@pytest.mark.django_db
def test_listing_organisations_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries: object, org_a: Organisation
) -> None:
    OrganisationFactory.create_batch(30, parent=org_a)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        body = Api(None)("GET", "/organisations?limit=100").json()
    assert body["count"] == 31 and len(body["items"]) == 31


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALLOWED)
def test_a_coordinator_removes_and_uploads_the_logo_with_if_match(
    request: pytest.FixtureRequest, org_a: Organisation, who: str
) -> None:
    api = api_for(request, who)
    tag = api("GET", f"/organisations/{org_a.public_id}")["ETag"]
    uploaded = api.client.post(
        f"/api/v1/organisations/{org_a.public_id}/logo",
        {"logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png")},
        headers={**api.headers, "If-Match": tag},
    )
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["logo"].startswith("http://testserver/media/organisations/sater/logo-")
    assert audited("organisation.logo_changed").actor == request.getfixturevalue(who)
    # The old tag is stale now: nothing changes.
    stale = api("PATCH", f"/organisations/{org_a.public_id}", {"logo": None}, **{"If-Match": tag})
    assert_problem(stale, 412)
    org_a.refresh_from_db()
    assert org_a.logo
    fresh = api("PATCH", "/organisations/sater", {"logo": None}, **{"If-Match": uploaded["ETag"]})
    assert fresh.status_code == 200 and fresh.json()["logo"] is None
    org_a.refresh_from_db()
    assert not org_a.logo
    assert audited("organisation.logo_removed").organisation == org_a


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*REFUSED, "anonymous"])
def test_others_cannot_change_an_organisation(request: pytest.FixtureRequest, org_a: Organisation, who: str) -> None:
    api = api_for(request, who)
    response = api("PATCH", f"/organisations/{org_a.public_id}", {"logo": None})
    assert_problem(response, 401 if who == "anonymous" else 404)
    upload = api.client.post(
        f"/api/v1/organisations/{org_a.public_id}/logo",
        {"logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png")},
        headers=api.headers,
    )
    assert upload.status_code in (401, 404)
    org_a.refresh_from_db()
    assert not org_a.logo


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [({"logo": "https://example.org/x.png"}, "logo"), ({"name": "Nytt namn"}, "name"), ([], "request")],
)
def test_a_patch_with_a_field_that_cannot_change_is_refused(
    coordinator_a: User, org_a: Organisation, body: object, field: str
) -> None:
    problem = assert_problem(Api(coordinator_a)("PATCH", f"/organisations/{org_a.public_id}", body), 422)
    assert field in problem["errors"]
    assert Organisation.objects.get(pk=org_a.pk).name == "Säters kommun"


@pytest.mark.django_db
def test_a_logo_that_is_not_an_image_is_refused(coordinator_a: User, org_a: Organisation) -> None:
    api = Api(coordinator_a)
    response = api.client.post(
        f"/api/v1/organisations/{org_a.public_id}/logo",
        {"logo": SimpleUploadedFile("logo.png", b"<svg/>", content_type="image/png")},
        headers=api.headers,
    )
    assert "logo" in assert_problem(response, 422)["errors"]
    org_a.refresh_from_db()
    assert not org_a.logo


@pytest.mark.django_db
def test_me_tells_who_i_am_and_the_ids_of_my_organisations(
    coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    ended = MembershipFactory(user=coordinator_a, organisation=org_b, role=MembershipRole.LEARNER)
    actions.end_membership(None, ended)
    body = Api(coordinator_a)("GET", "/me").json()
    assert body["id"] == str(coordinator_a.public_id)
    assert (body["email"], body["name"], body["language"]) == ("malin@sater.se", "Malin Samordnare", "sv")
    membership = Membership.objects.get(user=coordinator_a, organisation=org_a)
    assert [(m["id"], m["organisation"], m["organisation_slug"], m["role"]) for m in body["memberships"]] == [
        (str(membership.public_id), str(org_a.public_id), "sater", "coordinator")
    ]


@pytest.mark.django_db
def test_me_needs_a_token_and_the_courses_me_paths_still_answer(learner_a: User) -> None:
    assert_problem(Api(None)("GET", "/me"), 401)
    assert Api(learner_a)("GET", "/me/enrolments").status_code == 200
