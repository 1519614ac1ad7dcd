"""Open Badges 3.0: each diploma as a signed ``OpenBadgeCredential``, the issuer profile with its
public keys, and the Bitstring Status List that tells verifiers which diplomas are revoked.

All three live under ``/api/v1/credentials/`` at stable addresses built from ``SITE_URL``. The
credential is signed when it is requested, by the newest key; older keys stay in the profile.
A replaced (superseded) diploma is marked in the revocation list too, so standard verifiers stop
accepting the old copy; Jämlik's own page says "replaced" rather than "revoked".
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jamlik.credentials import keys, proof
from jamlik.credentials.jsonld import DID_V1, MULTIKEY_V1, OB_V3, VC_V2
from jamlik.credentials.models import Diploma
from jamlik.credentials.multibase import base64url_multibase
from jamlik.lib.site import absolute
from jamlik.people.models import Organisation

MIN_LIST_BITS = 131_072  # 16 KiB, the smallest list the Bitstring Status List spec allows


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_url() -> str:
    return f"{settings.SITE_URL}/api/v1/credentials/issuer"


def status_list_url() -> str:
    return f"{settings.SITE_URL}/api/v1/credentials/status/revocation"


def did_web() -> str:
    """The issuer as a ``did:web`` identifier, built from ``SITE_URL``.

    ``https://jamlik.example:8443/x`` gives ``did:web:jamlik.example%3A8443:x:api:v1:credentials:issuer``,
    which a DID resolver turns into ``https://jamlik.example:8443/x/api/v1/credentials/issuer/did.json``:
    the DID document this app serves there. did:web always resolves over HTTPS.
    """
    site = urlsplit(settings.SITE_URL)
    segments = [quote(part, safe="") for part in site.path.split("/") if part]
    return ":".join(["did:web", quote(site.netloc, safe=""), *segments, "api", "v1", "credentials", "issuer"])


def uses_did_web() -> bool:
    """``CREDENTIAL_ISSUER_DID_WEB``: name the issuer by its did:web identifier instead of its URL."""
    return bool(getattr(settings, "CREDENTIAL_ISSUER_DID_WEB", False))


def issuer_id() -> str:
    """The issuer identifier new credentials carry: the profile's URL, or the did:web identifier."""
    return did_web() if uses_did_web() else issuer_url()


def verification_method(key_id: str) -> str:
    """The id new proofs name for ``key_id``."""
    return f"{issuer_id()}#{key_id}"


def published_methods() -> dict[str, Ed25519PublicKey]:
    """Every key under both of its published ids (URL and did:web), so credentials signed in
    either mode, and before a rotation, keep verifying."""
    methods: dict[str, Ed25519PublicKey] = {}
    for key in keys.all_keys():
        methods[f"{issuer_url()}#{key.key_id}"] = key.public
        methods[f"{did_web()}#{key.key_id}"] = key.public
    return methods


def _methods(controller: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{controller}#{k.key_id}",
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": k.multibase,
        }
        for k in keys.all_keys()
    ]


def issuer_profile() -> dict[str, Any]:
    """The platform as an OB 3.0 Profile, with every public key it has ever signed with.

    ``verificationMethod`` and ``assertionMethod`` are defined by the DID v1 context and
    ``Multikey`` with its properties by the Multikey context, so a strict verifier finds every
    term defined (``terms.undefined_terms`` is empty; a test holds it so).
    """
    methods = _methods(issuer_url())
    return {
        "@context": [VC_V2, OB_V3, DID_V1, MULTIKEY_V1],
        "id": issuer_url(),
        "type": ["Profile"],
        "name": "Jämlik",
        "url": settings.SITE_URL,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def did_document() -> dict[str, Any]:
    """The DID document of ``did_web()``: the same keys as the profile, under the DID."""
    did = did_web()
    methods = _methods(did)
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def _identity(diploma: Diploma) -> list[dict[str, Any]]:
    salt = hashlib.sha256(f"jamlik-salt:{diploma.code}".encode()).hexdigest()[:16]
    email_hash = hashlib.sha256((diploma.recipient.email + salt).encode("utf-8")).hexdigest()
    return [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": diploma.recipient_name},
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "identityHash": f"sha256${email_hash}",
            "salt": salt,
        },
    ]


def achievement_url(achievement_key: str) -> str:
    """The achievement's id: ``course:12`` answers at ``…/achievements/course-12``."""
    return f"{settings.SITE_URL}/api/v1/credentials/achievements/{achievement_key.replace(':', '-')}"


def creator_url(organisation: Organisation) -> str:
    """An issuing organisation's id: its public profile page (JSON-LD when asked for JSON)."""
    return absolute(reverse("credentials:organisation", args=[organisation.slug]))


def creator(organisation: Organisation) -> dict[str, Any]:
    """The organisation as an OB 3.0 Profile, as it appears in credentials and at its own id."""
    profile: dict[str, Any] = {"id": creator_url(organisation), "type": ["Profile"], "name": organisation.name}
    if organisation.logo:
        profile["image"] = {"id": absolute(organisation.logo.url), "type": "Image", "caption": organisation.name}
    return profile


def achievement(diploma: Diploma) -> dict[str, Any]:
    """What ``diploma`` certifies as an OB 3.0 Achievement (its id answers with the same document)."""
    data = diploma.data
    parts = "; ".join(p.title for p in data.parts)
    document: dict[str, Any] = {
        "id": achievement_url(diploma.achievement_key),
        "type": ["Achievement"],
        "achievementType": "Diploma",
        "name": data.title,
        "description": data.summary or data.title,
        "criteria": {"narrative": f"Completed {data.kind} “{data.title}”" + (f": {parts}" if parts else ".")},
        "inLanguage": data.language,
    }
    issuers = list(diploma.issuers.all())
    if issuers:
        document["creator"] = creator(issuers[0])
    return document


def credential(diploma: Diploma) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for ``diploma``."""
    data = diploma.data
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_V3],
        "id": f"urn:uuid:{diploma.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": data.title,
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": "Jämlik", "url": settings.SITE_URL},
        "validFrom": _iso(diploma.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identity(diploma),
            "achievement": achievement(diploma),
            "activityEndDate": f"{data.completed_on.isoformat()}T00:00:00Z",
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{diploma.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(diploma.pk),
            "statusListCredential": status_list_url(),
        },
    }
    if diploma.expires_at is not None:
        document["validUntil"] = _iso(diploma.expires_at)
    return document


def signed_credential(diploma: Diploma) -> dict[str, Any]:
    key = keys.current_key()
    return proof.sign(credential(diploma), key, verification_method(key.key_id), timezone.now())


def revoked_indexes() -> list[int]:
    return list(
        Diploma.objects.exclude(revoked_at__isnull=True, superseded_at__isnull=True).values_list("pk", flat=True)
    )


def encode_bits(indexes: list[int], size: int) -> str:
    """GZIP the bitstring (index 0 is the most significant bit of the first byte), multibase base64url."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return base64url_multibase(gzip.compress(bytes(bits), mtime=0))


def status_list_credential() -> dict[str, Any]:
    top = Diploma.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    size = max(MIN_LIST_BITS, (top // 8 + 1) * 8)
    document = {
        "@context": [VC_V2],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _iso(timezone.now()),
        "credentialSubject": {
            "id": f"{status_list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(revoked_indexes(), size),
        },
    }
    key = keys.current_key()
    return proof.sign(document, key, verification_method(key.key_id), timezone.now())
