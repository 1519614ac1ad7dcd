"""Campaigns between organisations: who takes part, the running standings and the frozen result."""

from jamlik.campaigns.models.campaign import (
    Campaign,
    CampaignStatus,
    HeadcountCorrection,
    Participant,
    ParticipantStatus,
)
from jamlik.campaigns.models.digest import DigestSent, DigestSubscription
from jamlik.campaigns.models.reminder import Reminder, ReminderRecipient, ReminderState
from jamlik.campaigns.models.results import CampaignNews, Medal, Result, ResultAmendment, ResultRow
from jamlik.campaigns.models.standings import CountedPerson, DailyCount, UnitCount

__all__ = [
    "Campaign",
    "CampaignNews",
    "CampaignStatus",
    "CountedPerson",
    "DailyCount",
    "DigestSent",
    "DigestSubscription",
    "HeadcountCorrection",
    "Medal",
    "Participant",
    "ParticipantStatus",
    "Reminder",
    "ReminderRecipient",
    "ReminderState",
    "Result",
    "ResultAmendment",
    "ResultRow",
    "UnitCount",
]
