"""Standard Webhooks signatures (https://www.standardwebhooks.com/): what a receiver verifies.

``webhook-signature: v1,<base64 of HMAC-SHA256(secret, "<webhook-id>.<webhook-timestamp>.<body>")>``;
the timestamp is the time of the attempt (seconds since the epoch), so a receiver can refuse
old replays, while the id stays the same on every attempt and redelivery.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from jamlik.webhooks.crypto import secret_bytes


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }
