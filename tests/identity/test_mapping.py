"""Claim mappings: what is accepted, and how claims (strings, lists, booleans) read as a person."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jamlik.identity.mapping import read_profile, validate_mapping


def test_an_empty_mapping_reads_the_standard_claims() -> None:
    profile = read_profile(
        validate_mapping({}),
        {"email": "Ada@Sater.se", "email_verified": True, "given_name": "Ada", "family_name": "Lund"},
    )
    assert (profile.email, profile.email_verified, profile.name, profile.domain) == (
        "ada@sater.se",
        True,
        "Ada Lund",
        "sater.se",
    )
    assert profile.qualifies and not profile.is_coordinator and profile.unit_name == ""


def test_an_address_counts_as_verified_only_when_the_provider_says_so_or_is_trusted() -> None:
    claims = {"email": "ada@sater.se"}
    assert not read_profile({}, claims).email_verified
    assert not read_profile({}, {**claims, "email_verified": False}).email_verified
    assert not read_profile({}, {**claims, "email_verified": "false"}).email_verified
    assert read_profile({}, {**claims, "email_verified": "true"}).email_verified
    assert read_profile(validate_mapping({"trust_email": True}), claims).email_verified


def test_a_malformed_address_reads_as_none() -> None:
    profile = read_profile({}, {"email": "not an address", "email_verified": True})
    assert profile.email == "" and not profile.email_verified


def test_role_unit_and_required_claims_read_from_strings_and_lists() -> None:
    mapping = validate_mapping(
        {
            "email": "upn",
            "unit": "department",
            "role": "groups",
            "coordinator_values": "hr-admins, jamlik-coordinators",
            "required_claim": "groups",
            "required_values": ["jamlik-users", "hr-admins"],
        }
    )
    assert mapping["coordinator_values"] == ["hr-admins", "jamlik-coordinators"]
    claims = {"upn": "bo@sater.se", "department": ["Socialförvaltningen"], "groups": ["jamlik-users", "hr-admins"]}
    profile = read_profile(mapping, claims)
    assert (profile.email, profile.unit_name, profile.is_coordinator, profile.qualifies) == (
        "bo@sater.se",
        "Socialförvaltningen",
        True,
        True,
    )
    assert not read_profile(mapping, {**claims, "groups": "other"}).qualifies
    assert not read_profile(mapping, {"upn": "bo@sater.se"}).qualifies


def test_a_required_claim_without_values_needs_only_to_be_present() -> None:
    mapping = validate_mapping({"required_claim": "employee_id"})
    assert read_profile(mapping, {"employee_id": "123"}).qualifies
    assert not read_profile(mapping, {"employee_id": ""}).qualifies


@pytest.mark.parametrize(
    "mapping",
    [
        [],
        {"colour": "blue"},
        {"email": 3},
        {"coordinator_values": ["a"]},
        {"required_values": ["a"]},
        {"trust_email": "yes"},
        {"role": "groups", "coordinator_values": [str(n) for n in range(51)]},
    ],
)
def test_a_mapping_that_makes_no_sense_is_refused(mapping: object) -> None:
    with pytest.raises(ValidationError):
        validate_mapping(mapping)
