"""The API's shared helpers: lookups by id or slug, If-Match, and payloads that refuse unknown fields."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory
from pydantic import ValidationError

from jamlik.lib.api.etag import PreconditionFailed, check_if_match, etag_for
from jamlik.lib.api.lookup import get_by_id_or_slug, lookup_filter
from jamlik.lib.api.payload import Patch, Payload
from jamlik.people.models import Organisation, Unit


def test_an_identifier_is_a_uuid_or_a_slug_and_nothing_else() -> None:
    known = uuid.uuid4()
    assert lookup_filter(str(known)) == {"public_id": known}
    assert lookup_filter("sater") == {"slug": "sater"}
    with pytest.raises(Http404):
        lookup_filter("sater", slug_field=None)
    with pytest.raises(Http404):
        lookup_filter("x" * 201)


@pytest.mark.django_db
def test_a_missing_row_is_a_404(org_a: Organisation) -> None:
    assert get_by_id_or_slug(Organisation.objects.all(), org_a.slug) == org_a
    with pytest.raises(Http404):
        get_by_id_or_slug(Organisation.objects.all(), "no-such-organisation")
    with pytest.raises(Http404):
        get_by_id_or_slug(Unit.objects.all(), str(uuid.uuid4()), slug_field=None)
    unit = Unit.objects.create(organisation=org_a, name="HR")
    assert get_by_id_or_slug(Unit.objects.all(), str(unit.public_id), slug_field=None) == unit


def test_if_match_refuses_another_version_and_allows_the_same_or_none() -> None:
    factory = RequestFactory()
    current = etag_for(1, "2026-12-07T10:00:00")
    assert current != etag_for(1, "2026-12-07T10:00:01")
    check_if_match(factory.patch("/"), current)
    check_if_match(factory.patch("/", headers={"If-Match": current}), current)
    check_if_match(factory.patch("/", headers={"If-Match": f'"other", W/{current}'}), current)
    check_if_match(factory.patch("/", headers={"If-Match": "*"}), current)
    with pytest.raises(PreconditionFailed) as refused:
        check_if_match(factory.patch("/", headers={"If-Match": etag_for(1, "earlier")}), current)
    assert refused.value.status_code == 412


class NameIn(Payload):
    name: str


class NamePatch(Patch):
    name: str | None = None
    note: str | None = None


def test_a_payload_refuses_an_unknown_field_and_a_patch_knows_what_was_sent() -> None:
    with pytest.raises(ValidationError) as refused:
        NameIn.model_validate({"name": "A", "nmae": "B"})
    assert refused.value.errors()[0]["type"] == "extra_forbidden"
    assert NamePatch.model_validate({"note": None}).changes() == {"note": None}
    assert NamePatch.model_validate({}).changes() == {}
