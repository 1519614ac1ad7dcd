"""Events the credentials app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class DiplomasIssued:
    """Diplomas issued (one by hand or on completion, or many by a bulk issue, in one transaction)."""

    diploma_ids: tuple[int, ...]


@dataclass(frozen=True)
class DiplomaRevoked:
    diploma_id: int


diplomas_issued: Event[DiplomasIssued] = Event("diplomas_issued")
diploma_revoked: Event[DiplomaRevoked] = Event("diploma_revoked")
