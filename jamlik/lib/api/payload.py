"""The base of every request body the API writes from: unknown fields are refused, not ignored.

An integrator who misspells ``headcount`` as ``head_count`` must hear about it (a 422 problem
naming the field) rather than have the request succeed without the value. Every ``…In`` and
``…Patch`` schema of a write operation derives from ``Payload``.

For partial updates (``PATCH``), derive from ``Patch`` and read ``payload.changes()``: only the
fields the caller actually sent, so an omitted field is left alone and an explicit ``null``
clears it where the field allows null.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class Payload(Schema):
    model_config = ConfigDict(extra="forbid")


class Patch(Payload):
    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}
