"""Checking an Open Badges credential that Jämlik issued, as a strict verifier would.

A credential passes when: its contexts are all ones we bundle, every term it uses is defined
by them (see ``terms``), its proof is an ``eddsa-rdfc-2022`` Data Integrity proof by one of the
keys the issuer profile publishes, the signature verifies, it is within its validity period,
and its bit in our revocation list is not set. Each failed step is named, so the answer says
what is wrong rather than only "invalid".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from pyld import jsonld  # type: ignore[import-untyped]

from jamlik.credentials import openbadges, proof
from jamlik.credentials.jsonld import FILES
from jamlik.credentials.models import Diploma
from jamlik.credentials.terms import undefined_terms

PROBLEMS = {
    "not-a-credential": _("This is not a verifiable credential."),
    "unknown-context": _("The credential uses a JSON-LD context that this platform does not hold."),
    "undefined-terms": _("The credential contains properties that its contexts do not define."),
    "no-proof": _("The credential has no Data Integrity proof of the eddsa-rdfc-2022 kind."),
    "unknown-key": _("The proof was not made with a key this platform publishes."),
    "bad-signature": _("The signature does not match the credential: it was changed after signing."),
    "not-yet-valid": _("The credential is not valid yet."),
    "expired": _("The credential has expired."),
    "revoked": _("The credential has been revoked or replaced."),
}


@dataclass
class Check:
    problems: list[str] = field(default_factory=list)
    undefined: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def messages(self) -> list[str]:
        return [str(PROBLEMS[code]) for code in self.problems]


def _moment(value: Any) -> datetime.datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _revoked(document: dict[str, Any]) -> bool:
    status = document.get("credentialStatus")
    if not isinstance(status, dict) or status.get("statusListCredential") != openbadges.status_list_url():
        return False
    index = str(status.get("statusListIndex", ""))
    if not index.isdigit():
        return True  # a status entry we cannot read is no evidence of validity
    state = Diploma.objects.filter(pk=int(index)).values_list("revoked_at", "superseded_at").first()
    return state is None or state != (None, None)


def check_credential(document: Any) -> Check:
    """Every check a strict verifier makes, against this platform's published keys and status list."""
    check = Check()
    if not isinstance(document, dict) or "VerifiableCredential" not in (document.get("type") or []):
        check.problems.append("not-a-credential")
        return check
    contexts = document.get("@context")
    if not isinstance(contexts, list) or not all(isinstance(c, str) and c in FILES for c in contexts):
        check.problems.append("unknown-context")
        return check
    try:
        check.undefined = undefined_terms(document)
    except jsonld.JsonLdError:
        check.problems.append("unknown-context")
        return check
    if check.undefined:
        check.problems.append("undefined-terms")
    signature = document.get("proof")
    if not isinstance(signature, dict) or signature.get("cryptosuite") != proof.CRYPTOSUITE:
        check.problems.append("no-proof")
    else:
        public_key = openbadges.published_methods().get(str(signature.get("verificationMethod")))
        if public_key is None:
            check.problems.append("unknown-key")
        elif not check.undefined and not proof.verify(document, public_key):
            check.problems.append("bad-signature")
    now = timezone.now()
    valid_from, valid_until = _moment(document.get("validFrom")), _moment(document.get("validUntil"))
    if valid_from is not None and valid_from > now:
        check.problems.append("not-yet-valid")
    if valid_until is not None and valid_until <= now:
        check.problems.append("expired")
    if _revoked(document):
        check.problems.append("revoked")
    return check
