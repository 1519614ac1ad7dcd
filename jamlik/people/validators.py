"""Validators for official Swedish identifiers and for email domains."""

from __future__ import annotations

import re
from typing import Any

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


# Addresses anyone can get: an organisation never owns one of these domains (joining by domain
# would let every holder of such an address in). Swedish providers and the large international ones.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "aol.com", "bahnhof.se", "bredband.net", "bredband2.com", "comhem.se", "fastmail.com", "gmail.com",
        "gmx.com", "gmx.net", "googlemail.com", "hotmail.com", "hotmail.se", "icloud.com", "live.com",
        "live.se", "mac.com", "mail.com", "me.com", "msn.com", "outlook.com", "outlook.se", "passagen.se",
        "pm.me", "proton.me", "protonmail.com", "spray.se", "telia.com", "tutanota.com", "yahoo.com",
        "yahoo.se", "yandex.com", "zoho.com",
    }
)  # fmt: skip


def refuse_public_mail_domain(domain: str) -> None:
    if domain in PUBLIC_MAIL_DOMAINS:
        raise ValidationError(
            _("%(domain)s is a public email service that anyone can use; an organisation cannot own it."),
            code="public_mail_domain",
            params={"domain": domain},
        )


LOGO_MAX_BYTES = 1024 * 1024
LOGO_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def validate_logo(file: Any) -> None:
    """An organisation's logo: PNG or JPEG by name *and* content, at most 1 MB.

    SVG is refused: it can carry script and would need sanitising. Only a new upload is read;
    a logo already stored passed this check when it came in.
    """
    if getattr(file, "_committed", False):
        return
    name = str(getattr(file, "name", "") or "")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in LOGO_SIGNATURES:
        raise ValidationError(_("The logo must be a PNG or JPEG file."), code="logo_type")
    size = int(getattr(file, "size", 0) or 0)
    if size == 0:
        raise ValidationError(_("The logo file is empty."), code="logo_empty")
    if size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may be at most 1 MB."), code="logo_size")
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(LOGO_SIGNATURES[suffix]):
        raise ValidationError(
            _("The file does not contain the kind of image its name says. Save it again as PNG or JPEG."),
            code="logo_content",
        )
