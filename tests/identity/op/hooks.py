"""Claims from the test's state file, and the misbehaviour a test asks for."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def state() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(os.environ["OP_STATE"]).read_text(encoding="utf-8"))
    return data


def person(user: Any) -> dict[str, Any]:
    found: dict[str, Any] = state().get("users", {}).get(user.username, {})
    return found


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    who = person(user)
    for key in ("email", "email_verified", "name", "given_name", "family_name"):
        if key in who:
            claims[key] = who[key]
    return claims


def id_token(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    who = person(user)
    for key, value in who.get("extra", {}).items():
        id_token[key] = value
    id_token.update(state().get("tamper", {}))
    return id_token


def forging(encode: Any) -> Any:
    """Wrap the provider's ID token encoder: with ``forge_signature`` in the state, the token is
    signed by a key of nobody's under the kid of the provider's real key (what an attacker without
    the key would send)."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa
    from oidc_provider.models import RSAKey

    def encode_id_token(payload: dict[str, Any], client: Any) -> str:
        if not state().get("forge_signature"):
            return str(encode(payload, client))
        foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        kid = RSAKey.objects.first().kid  # type: ignore[union-attr]
        return jwt.encode(payload, foreign, algorithm="RS256", headers={"kid": kid})

    return encode_id_token
