"""How an identity provider's claims (OIDC) or attributes (SAML) describe a person.

A provider's ``claim_mapping`` names, for each thing Jämlik needs, the claim or attribute that
carries it. Every key is optional; an empty mapping reads the standard OIDC claims:

=====================  ==================================================================
``email``              claim with the address (default ``email``; Entra ID: ``preferred_username``
                       or ``upn`` when ``email`` is not released)
``trust_email``        true: the provider only issues addresses it has verified, so an address
                       counts as verified even without ``email_verified`` (default false)
``name``               claim with the full name (default ``name``; else ``given_name`` +
                       ``family_name``, or ``given_name_claim``/``family_name_claim`` if named)
``unit``               claim naming the person's unit, matched by name within the provider's
                       own organisation (empty: no unit)
``role``               claim whose values give the role (e.g. ``groups`` or ``roles``)
``coordinator_values`` values of ``role`` that make the person a coordinator
``required_claim``     a claim the person must have to be a member at all (e.g. ``groups``)
``required_values``    if given, one of these values must be among ``required_claim``'s
=====================  ==================================================================

Claims are read alike whether a provider sends a string, a list (groups, SAML attributes) or
a boolean; :func:`read_profile` returns what the sign-in needs and never touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

STRING_KEYS = ("email", "name", "given_name_claim", "family_name_claim", "unit", "role", "required_claim")
LIST_KEYS = ("coordinator_values", "required_values")
BOOL_KEYS = ("trust_email",)
MAX_CLAIM_NAME = 200
MAX_VALUES = 50


def validate_mapping(mapping: object) -> dict[str, Any]:
    """The mapping cleaned (unknown keys refused, values trimmed), or ValidationError saying what is wrong."""
    if not isinstance(mapping, dict):
        raise ValidationError(_("The claim mapping must be an object with named claims."))
    unknown = sorted(set(mapping) - set(STRING_KEYS) - set(LIST_KEYS) - set(BOOL_KEYS))
    if unknown:
        raise ValidationError(_("Unknown keys in the claim mapping: %(keys)s.") % {"keys": ", ".join(unknown)})
    clean: dict[str, Any] = {}
    for key in STRING_KEYS:
        value = mapping.get(key, "")
        if not isinstance(value, str) or len(value) > MAX_CLAIM_NAME:
            raise ValidationError(
                _("%(key)s must be the name of a claim (at most %(max)s characters).")
                % {"key": key, "max": MAX_CLAIM_NAME}
            )
        if value.strip():
            clean[key] = value.strip()
    for key in LIST_KEYS:
        values = mapping.get(key, [])
        if isinstance(values, str):
            values = values.replace("\n", ",").split(",")
        if not isinstance(values, list) or len(values) > MAX_VALUES or not all(isinstance(v, str) for v in values):
            raise ValidationError(
                _("%(key)s must be a list of at most %(max)s values.") % {"key": key, "max": MAX_VALUES}
            )
        cleaned = [v.strip() for v in values if v.strip()]
        if cleaned:
            clean[key] = cleaned
    for key in BOOL_KEYS:
        value = mapping.get(key, False)
        if not isinstance(value, bool):
            raise ValidationError(_("%(key)s must be true or false.") % {"key": key})
        if value:
            clean[key] = True
    if clean.get("coordinator_values") and not clean.get("role"):
        raise ValidationError(
            _("Name the claim that carries the role before listing the values that mean coordinator.")
        )
    if clean.get("required_values") and not clean.get("required_claim"):
        raise ValidationError(_("Name the required claim before listing the values it must have."))
    return clean


def values_of(claims: Mapping[str, Any], name: str) -> list[str]:
    """A claim as a list of strings: absent → [], "a" → ["a"], ["a", "b"] → ["a", "b"], True → ["true"]."""
    if not name:
        return []
    value = claims.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            text = str(item).strip()
            if text:
                out.append(text)
    return out


def first_of(claims: Mapping[str, Any], name: str) -> str:
    found = values_of(claims, name)
    return found[0] if found else ""


@dataclass(frozen=True)
class Profile:
    """What one sign-in's claims say about the person."""

    email: str
    email_verified: bool
    name: str
    unit_name: str
    is_coordinator: bool
    qualifies: bool
    values: dict[str, list[str]] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[-1] if "@" in self.email else ""


def _is_true(value: object) -> bool:
    if isinstance(value, list) and value:
        value = value[0]
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def read_profile(mapping: Mapping[str, Any], claims: Mapping[str, Any]) -> Profile:
    """Read a person from claims through a (validated) mapping. An unusable address reads as ""."""
    email = first_of(claims, mapping.get("email", "email")).lower()
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    verified = bool(email) and (_is_true(claims.get("email_verified")) or bool(mapping.get("trust_email")))
    name = first_of(claims, mapping.get("name", "name"))
    if not name:
        parts = [
            first_of(claims, mapping.get("given_name_claim", "given_name")),
            first_of(claims, mapping.get("family_name_claim", "family_name")),
        ]
        name = " ".join(part for part in parts if part)
    role_values = values_of(claims, mapping.get("role", ""))
    coordinator_values = set(mapping.get("coordinator_values", []))
    required = mapping.get("required_claim", "")
    required_found = values_of(claims, required)
    if not required:
        qualifies = True
    elif mapping.get("required_values"):
        qualifies = bool(set(required_found) & set(mapping["required_values"]))
    else:
        qualifies = bool(required_found)
    return Profile(
        email=email,
        email_verified=verified,
        name=name[:150],
        unit_name=first_of(claims, mapping.get("unit", ""))[:150],
        is_coordinator=bool(coordinator_values & set(role_values)),
        qualifies=qualifies,
        values={"role": role_values, "required": required_found},
    )
