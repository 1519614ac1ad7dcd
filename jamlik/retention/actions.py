"""Setting a retention rule: administrators only, within the catalogue's bounds and guards."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.campaigns.models import Campaign, CampaignStatus
from jamlik.credentials.models import Diploma
from jamlik.people.models import Organisation, User
from jamlik.retention.catalogue import RULES, Guard, RuleKey
from jamlik.retention.models import RetentionRule


def _check_guards(key: RuleKey, organisation: Organisation | None, amount: int) -> None:
    rule = RULES[key]
    now = timezone.now()
    kept_for = now - rule.before(now, amount)
    if Guard.RUNNING_CAMPAIGN in rule.guards:
        campaigns = Campaign.objects.filter(status=CampaignStatus.PUBLISHED, end_at__gt=now)
        if organisation is not None:
            campaigns = campaigns.filter(participants__organisation=organisation)
        for campaign in campaigns.distinct().order_by("start_at"):
            if campaign.end_at - campaign.start_at > kept_for:
                raise ValidationError(
                    _(
                        "%(period)s is shorter than the running campaign %(campaign)s (%(days)d days): "
                        "what it counts must be kept until it is closed."
                    )
                    % {
                        "period": rule.describe(amount),
                        "campaign": campaign.title_sv,
                        "days": (campaign.end_at - campaign.start_at).days,
                    }
                )
    if Guard.UNEXPIRED_DIPLOMA in rule.guards:
        diplomas = Diploma.objects.filter(revoked_at__isnull=True, expires_at__gt=now)
        if organisation is not None:
            diplomas = diplomas.filter(issuers=organisation)
        longest: datetime.timedelta | None = None
        for issued_at, expires_at in diplomas.values_list("issued_at", "expires_at"):
            if expires_at is not None and (longest is None or expires_at - issued_at > longest):
                longest = expires_at - issued_at
        if longest is not None and longest > kept_for:
            raise ValidationError(
                _(
                    "%(period)s is shorter than the validity of a diploma that has not expired (%(days)d days): "
                    "its record must be kept while it can be verified."
                )
                % {"period": rule.describe(amount), "days": longest.days}
            )


@transaction.atomic
def set_rule(actor: User | None, organisation: Organisation | None, key: str, amount: int) -> RetentionRule:
    """Set ``key`` to ``amount`` (the catalogue rule's unit) for ``organisation`` (None: the platform)."""
    if actor is not None and not actor.is_administrator:
        raise PermissionDenied(_("Only a platform administrator may set retention rules."))
    try:
        rule_key = RuleKey(key)
    except ValueError:
        raise ValidationError(_("There is no such retention rule.")) from None
    rule = RULES[rule_key]
    if not rule.adjustable:
        raise ValidationError(_("This rule cannot be changed here."))
    if rule.platform_wide and organisation is not None:
        raise ValidationError(_("This rule applies to people, not organisations: set it for the whole platform."))
    if not rule.minimum <= amount <= rule.maximum:
        raise ValidationError(
            _("Choose a period from %(minimum)d to %(maximum)d %(unit)s.")
            % {"minimum": rule.minimum, "maximum": rule.maximum, "unit": rule.unit.label}
        )
    _check_guards(rule_key, organisation, amount)
    row, _created = RetentionRule.objects.update_or_create(
        organisation=organisation, key=rule_key, defaults={"amount": amount, "set_by": actor, "set_at": timezone.now()}
    )
    record(
        "retention.rule_set",
        actor=actor,
        organisation=organisation,
        target=row,
        summary=f"{rule_key}={amount} {rule.unit}",
        after={"key": rule_key.value, "amount": amount},
    )
    return row
