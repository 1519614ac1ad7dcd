"""Validators for official Swedish identifiers and for email domains."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalise_org_number(value: str) -> str:
    """Return the organisation number as ten digits, or raise a ValidationError."""
    try:
        return str(orgnr.validate(value))
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid Swedish organisation number (ten digits, last one a check digit)."),
            code="invalid_org_number",
            params={"value": value},
        ) from exc


def validate_org_number(value: str) -> None:
    normalise_org_number(value)


def validate_municipality_code(value: str) -> None:
    if not re.fullmatch(r"\d{4}", value):
        raise ValidationError(_("A municipality code has four digits, for example 2082."), code="invalid")


def validate_county_code(value: str) -> None:
    if not re.fullmatch(r"\d{2}", value):
        raise ValidationError(_("A county code has two digits, for example 20."), code="invalid")


def normalise_domain(value: str) -> str:
    domain = value.strip().lower().removeprefix("@").rstrip(".")
    if not _DOMAIN.fullmatch(domain):
        raise ValidationError(
            _("%(value)s is not an email domain such as kommun.se."), code="invalid_domain", params={"value": value}
        )
    return domain
