"""Closing a campaign: the standings frozen into a result, logged amendments, and the results news."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.campaigns import actions, cache, standings
from jamlik.campaigns.access import check_may_manage
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.events import CampaignClosed, campaign_closed
from jamlik.campaigns.models import Campaign, CampaignNews, CampaignStatus, Result, ResultAmendment, ResultRow
from jamlik.people.models import User


@transaction.atomic
def close_campaign(actor: User | None, campaign: Campaign) -> Result:
    """Freeze the standings into an immutable result. The counters are first checked against the
    completions (and repaired), so the result is what the completions say."""
    check_may_manage(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if Result.objects.filter(campaign=campaign).exists():
        raise ValidationError(_("The campaign is already closed."))
    if not campaign.has_ended():
        raise ValidationError(
            _("The campaign runs until %(day)s; close it after that.") % {"day": campaign.last_day.isoformat()}
        )
    actions.start(actor, campaign)  # any headcount not yet frozen is frozen now (or the error names it)
    differences = recompute(campaign, fix=True)
    live = standings.live(campaign, with_series=False)
    result = Result.objects.create(
        campaign=campaign,
        closed_at=timezone.now(),
        closed_by=actor,
        total_completions=live.total_completions,
        total_headcount=live.total_headcount,
        organisations=live.organisations,
    )
    ResultRow.objects.bulk_create(
        [
            ResultRow(
                result=result,
                organisation_id=row.organisation_id,
                organisation_name=row.name,
                headcount=row.headcount,
                completions=row.completions,
                rank=row.rank,
                medal=row.medal,
            )
            for row in live.rows
        ]
    )
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    record(
        "campaign.closed",
        actor=actor,
        target=campaign,
        summary=campaign.title_sv,
        after={
            "total_completions": result.total_completions,
            "organisations": result.organisations,
            "ranks": {row.slug: [row.rank, row.completions, row.headcount] for row in live.rows},
            "repaired_before_closing": differences,
        },
    )
    campaign_closed.publish(CampaignClosed(campaign.pk))
    return result


@transaction.atomic
def amend_result(
    actor: User | None, row: ResultRow, *, completions: int, headcount: int | None, reason: str
) -> ResultAmendment:
    """Correct one organisation's figures after closing. The frozen row stays; the amendment is shown beside it."""
    check_may_manage(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result changes; the reason is shown with the result.")})
    if completions < 0 or (headcount is not None and headcount <= 0):
        raise ValidationError(_("Completions cannot be negative and the headcount must be at least 1."))
    latest = ResultAmendment.objects.filter(row=row).order_by("-amended_at", "-id").first()
    before_completions = latest.completions_after if latest else row.completions
    before_headcount = latest.headcount_after if latest else row.headcount
    amendment = ResultAmendment.objects.create(
        row=row,
        completions_before=before_completions,
        completions_after=completions,
        headcount_before=before_headcount,
        headcount_after=headcount,
        reason=reason.strip(),
        amended_by=actor,
    )
    record(
        "campaign.result_amended",
        actor=actor,
        organisation=row.organisation,
        target=row.result.campaign,
        summary=f"{row.organisation_name}: {before_completions}/{before_headcount} → {completions}/{headcount}",
        before={"completions": before_completions, "headcount": before_headcount},
        after={"completions": completions, "headcount": headcount, "reason": reason.strip()},
    )
    campaign = row.result.campaign
    cache.forget_on_commit(campaign)  # the public page and JSON show the amended result at once
    return amendment


def _percent(value: float | None) -> str:
    return f"{value:.0f}".replace(".", ",") if value is not None else "-"


def _number(value: int, language: str) -> str:
    """2 891 in Swedish (a no-break space between thousands), 2,891 in English."""
    text = f"{value:,}"
    return text.replace(",", "\u00a0") if language == "sv" else text


def draft_summary(campaign: Campaign, language: str) -> tuple[str, str]:
    """A title and text in ``language`` from the frozen figures, for the programme manager to edit."""
    final = standings.for_campaign(campaign, with_series=False)
    ranked = [r for r in final.rows if r.rank is not None]
    with translation.override(language):
        if not ranked:
            return campaign.title, _("The campaign has ended. No organisation had a declared headcount.")
        winners = [r for r in ranked if r.rank == ranked[0].rank]
        winner_names = _(" and ").join(r.name for r in winners)
        title = _("%(winner)s won %(campaign)s") % {"winner": winner_names, "campaign": campaign.title}
        lines = [
            _("%(winner)s won the campaign “%(campaign)s”: %(percent)s percent of its employees completed the course.")
            % {"winner": winner_names, "campaign": campaign.title, "percent": _percent(winners[0].percent)}
        ]
        for medal, label in (("silver", _("Silver")), ("bronze", _("Bronze"))):
            for row in (r for r in ranked if r.medal == medal):
                lines.append(
                    _("%(medal)s: %(organisation)s, with %(percent)s percent.")
                    % {"medal": label, "organisation": row.name, "percent": _percent(row.percent)}
                )
        lines.append(
            _("%(organisations)s organisations took part, and %(total)s people completed the course in all.")
            % {"organisations": final.organisations, "total": _number(final.total_completions, language)}
        )
    return title, "\n\n".join(lines)


@transaction.atomic
def save_news(
    actor: User | None,
    campaign: Campaign,
    *,
    title_sv: str,
    body_sv: str,
    title_en: str = "",
    body_en: str = "",
    publish: bool = False,
    news: CampaignNews | None = None,
) -> CampaignNews:
    check_may_manage(actor)
    if not title_sv.strip() or not body_sv.strip():
        raise ValidationError(_("A news item needs a Swedish title and text."))
    item = news or CampaignNews(campaign=campaign, created_by=actor)
    item.title_sv, item.body_sv, item.title_en, item.body_en = title_sv, body_sv, title_en, body_en
    if publish and item.published_at is None:
        item.published_at = timezone.now()
    item.save()
    cache.forget_on_commit(campaign)  # the public page lists the published news
    record(
        "campaign.news_published" if publish else "campaign.news_saved",
        actor=actor,
        target=campaign,
        summary=title_sv,
    )
    return item
