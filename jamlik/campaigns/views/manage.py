"""Programme managers: create and edit campaigns, participants, headcount corrections, closing,
amendments and the results news. Thin: every change is an action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.campaigns import actions, closing, standings
from jamlik.campaigns.access import get_campaign_for_manager, get_participant_for_manager, may_manage
from jamlik.campaigns.forms import AmendmentForm, CampaignForm, HeadcountForm, InviteForm, NewsForm
from jamlik.campaigns.models import Campaign, CampaignNews, Participant, ParticipantStatus, ResultRow
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user


def _initial(campaign: Campaign) -> dict[str, Any]:
    return {
        "title_sv": campaign.title_sv,
        "title_en": campaign.title_en,
        "description_sv": campaign.description_sv,
        "description_en": campaign.description_en,
        "courses": list(campaign.courses.all()),
        "first_day": campaign.first_day,
        "last_day": campaign.last_day,
        "counts_earlier": campaign.counts_earlier,
        "headcount_freeze_on": campaign.headcount_freeze_on,
    }


@login_required
def new(request: HttpRequest) -> HttpResponse:
    if not may_manage(request.user):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.create_campaign(authenticated_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("campaigns:manage", campaign.slug)
    return render(request, "campaigns/manage/new.html", {"form": form})


PARTICIPANTS_PER_PAGE = 50


def _participants(request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
    """The organisations of the campaign, searched by name, filtered by status and paged on the
    server (a campaign may invite every organisation in the country); a plain GET form."""
    rows = Participant.objects.filter(campaign=campaign).select_related("organisation")
    query = " ".join(str(request.GET.get("q", "")).split())[:100]
    for word in query.split()[:5]:
        rows = rows.filter(organisation__name__icontains=word)
    status = str(request.GET.get("status", ""))
    if status in ParticipantStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows.order_by("organisation__name", "pk"), PARTICIPANTS_PER_PAGE).get_page(request.GET.get("sida"))
    return {
        "participants": page.object_list,
        "participants_page": page,
        "participant_query": query,
        "participant_status": status,
        "participant_statuses": ParticipantStatus.choices,
        "participant_count": Participant.objects.filter(campaign=campaign).count(),
    }


def _manage_context(request: HttpRequest, campaign: Campaign, form: CampaignForm | None = None) -> dict[str, Any]:
    over_headcount = list(
        Participant.objects.filter(
            campaign=campaign, frozen_headcount__gt=0, completions__gt=F("frozen_headcount")
        ).select_related("organisation")
    )
    result = getattr(campaign, "result", None) if campaign.status == "closed" else None
    news = CampaignNews.objects.filter(campaign=campaign).order_by("-created_at").first()
    if news is None and result is not None:
        title_sv, body_sv = closing.draft_summary(campaign, "sv")
        title_en, body_en = closing.draft_summary(campaign, "en")
        news_form = NewsForm(
            initial={"title_sv": title_sv, "body_sv": body_sv, "title_en": title_en, "body_en": body_en}
        )
    elif news is not None:
        news_form = NewsForm(
            initial={
                "title_sv": news.title_sv,
                "body_sv": news.body_sv,
                "title_en": news.title_en,
                "body_en": news.body_en,
            }
        )
    else:
        news_form = None
    return {
        "campaign": campaign,
        "form": form or CampaignForm(initial=_initial(campaign), editing=True),
        **_participants(request, campaign),
        "over_headcount": over_headcount,
        "invite_form": InviteForm(),
        "standings": standings.for_campaign(campaign, with_series=False),
        "result_rows": list(ResultRow.objects.filter(result=result)) if result else [],
        "news": news,
        "news_form": news_form,
    }


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_manager(request.user, slug)
    form = None
    if request.method == "POST":
        form = CampaignForm(request.POST, editing=True)
        if form.is_valid():
            try:
                actions.update_campaign(authenticated_user(request), campaign, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The campaign is saved."))
                return redirect("campaigns:manage", slug)
    return render(request, "campaigns/manage/manage.html", _manage_context(request, campaign, form))


def _act(request: HttpRequest, slug: str, do: Callable[[Campaign], str]) -> HttpResponse:
    campaign = get_campaign_for_manager(request.user, slug)
    try:
        done = do(campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("campaigns:manage", slug)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    return _act(request, slug, lambda c: (actions.publish_campaign(user, c), _("The campaign is published."))[1])


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    form = InviteForm(request.POST)

    def do(campaign: Campaign) -> str:
        if not form.is_valid() or form.cleaned_data["organisation"] is None:
            # The picker says why: no such organisation, or which ones the name matches.
            raise ValidationError(list(form.errors.get("organisation") or [_("Choose an organisation.")]))
        actions.invite(user, campaign, form.cleaned_data["organisation"])
        return _("The organisation is invited.")

    return _act(request, slug, do)


@login_required
@require_POST
def participant_action(request: HttpRequest, slug: str, pk: int, what: str) -> HttpResponse:
    user = authenticated_user(request)

    def do(campaign: Campaign) -> str:
        participant = get_participant_for_manager(campaign, pk)
        if what == "approve":
            actions.approve(user, participant)
            return _("%(org)s takes part.") % {"org": participant.organisation.name}
        if what == "withdraw":
            actions.withdraw(user, participant)
            return _("%(org)s no longer takes part.") % {"org": participant.organisation.name}
        if what == "headcount":
            form = HeadcountForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give a number of employees of at least 1 and a reason."))
            actions.correct_headcount(user, participant, **form.cleaned_data)
            return _("The headcount is corrected.")
        raise Http404

    return _act(request, slug, do)


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    return _act(request, slug, lambda c: (actions.start(user, c), _("The headcounts are frozen."))[1])


@login_required
@require_POST
def close(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    return _act(request, slug, lambda c: (closing.close_campaign(user, c), _("The result is frozen."))[1])


@login_required
@require_POST
def amend(request: HttpRequest, slug: str, row_id: int) -> HttpResponse:
    user = authenticated_user(request)

    def do(campaign: Campaign) -> str:
        row = ResultRow.objects.filter(result__campaign=campaign, pk=row_id).select_related("result__campaign").first()
        if row is None:
            raise Http404
        form = AmendmentForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the corrected figures and a reason."))
        closing.amend_result(user, row, **form.cleaned_data)
        return _("The amendment is recorded and shown with the result.")

    return _act(request, slug, do)


@login_required
@require_POST
def news(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    form = NewsForm(request.POST)

    def do(campaign: Campaign) -> str:
        if not form.is_valid():
            raise ValidationError(_("A news item needs a Swedish title and text."))
        existing = CampaignNews.objects.filter(campaign=campaign).order_by("-created_at").first()
        publish_now = request.POST.get("publish") == "1"
        closing.save_news(user, campaign, news=existing, publish=publish_now, **form.cleaned_data)
        return _("The news item is published.") if publish_now else _("The news item is saved.")

    return _act(request, slug, do)
