"""The two multibase encodings Data Integrity uses: base58btc (``z``) and base64url (``u``)."""

from __future__ import annotations

import base64

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, as a varint


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(BASE58[rest])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + BASE58.index(char)
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def base64url_multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
