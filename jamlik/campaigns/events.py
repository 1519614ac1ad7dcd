"""Events the campaigns app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class CampaignClosed:
    """A campaign's result was frozen (``closing.close_campaign``)."""

    campaign_id: int


campaign_closed: Event[CampaignClosed] = Event("campaign_closed")
