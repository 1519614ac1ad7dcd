"""Coordinators: their own organisation in a campaign, by unit and over time; applying; reminders.

The participation comes from ``get_participant_for_coordinator``: another organisation's
coordinator gets 404, exactly as for a campaign that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jamlik.campaigns import actions, chart, reminders, standings
from jamlik.campaigns.access import get_participant_for_coordinator, get_public_campaign
from jamlik.campaigns.models import DigestSubscription, UnitCount
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user


@login_required
def own(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    campaign = get_public_campaign(slug)
    participant = get_participant_for_coordinator(request.user, campaign, org_slug)
    user = authenticated_user(request)
    table = standings.live(campaign)
    row = next((r for r in table.rows if r.participant_id == participant.pk), None)
    table.rows = [r for r in table.rows if r.participant_id == participant.pk]
    units = list(
        UnitCount.objects.filter(participant=participant, count__gt=0).select_related("unit").order_by("unit__name")
    )
    context = {
        "campaign": campaign,
        "participant": participant,
        "row": row,
        "units": units,
        "chart": chart.build(table),
        "next_reminder_at": reminders.next_reminder_at(participant),
        "last_reminder": reminders.latest_reminder(participant),
        "digest_subscribed": DigestSubscription.objects.filter(campaign=campaign, user=user).exists(),
        "may_subscribe": actions.coordinates_participant(user, campaign),
    }
    return render(request, "campaigns/own.html", context)


@login_required
@require_POST
def remind(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    campaign = get_public_campaign(slug)
    participant = get_participant_for_coordinator(request.user, campaign, org_slug)
    try:
        reminder = reminders.send_reminder(authenticated_user(request), participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The reminder is being sent to %(n)s person.",
                "The reminder is being sent to %(n)s people.",
                reminder.recipients,
            )
            % {"n": reminder.recipients},
        )
    return redirect("campaigns:own", slug, org_slug)


@login_required
@require_POST
def digest(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    """Opt in to (``subscribe=1``) or out of the weekly standings email."""
    campaign = get_public_campaign(slug)
    get_participant_for_coordinator(request.user, campaign, org_slug)  # 404 for anyone else's organisation
    user = authenticated_user(request)
    if request.POST.get("subscribe") == "1":
        try:
            actions.subscribe_digest(user, campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You will get the standings by email every week."))
    else:
        actions.unsubscribe_digest(user, campaign)
        messages.success(request, _("You will no longer get the weekly email."))
    return redirect("campaigns:own", slug, org_slug)


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_public_campaign(slug)
    org_slug = request.POST.get("organisation", "")
    if not org_slug:
        raise Http404
    organisation = get_organisation_for_coordinator(request.user, org_slug)
    try:
        participant = actions.apply(authenticated_user(request), campaign, organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if participant.status == "approved":
            messages.success(request, _("%(org)s takes part in the campaign.") % {"org": organisation.name})
        else:
            messages.success(request, _("Thank you. The programme manager will look at the application."))
    return redirect("campaigns:campaign", slug)
