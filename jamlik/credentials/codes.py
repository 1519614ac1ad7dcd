"""Verification codes: 80 random bits, written as 16 characters in four groups of four.

The alphabet is Crockford's base32 (``0-9`` and ``A-Z`` without ``I``, ``L``, ``O`` and
``U``). Typing is forgiving: case does not matter, spaces and hyphens are ignored, and the
look-alikes ``O`` → ``0`` and ``I``/``L`` → ``1`` are read as the digits they resemble, so a
code copied from paper by eye still matches. Codes are stored normalised (16 characters, no
hyphens) under a unique index; ``display`` puts the hyphens back.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 characters of 5 bits = 80 bits
GROUP = 4
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_ALLOWED = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh code in normalised form, from the operating system's secure random source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of what someone typed, or None if it cannot be a code."""
    text = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(text) != LENGTH or not set(text) <= _ALLOWED:
        return None
    return text


def display(code: str) -> str:
    """``K7Q2M9XD4HPTAB3C`` → ``K7Q2-M9XD-4HPT-AB3C``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
