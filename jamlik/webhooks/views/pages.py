"""Webhook pages: an organisation's (its coordinators), the platform's (administrators), and one
subscription's settings and delivery log. A new or rotated secret is shown once (kept in the
session until the next view of the subscription's page)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user
from jamlik.people.models import Organisation
from jamlik.webhooks import access, actions
from jamlik.webhooks.forms import SubscriptionForm
from jamlik.webhooks.models import Subscription

SESSION_KEY = "webhook_secret"
LOG_LENGTH = 50


def _remember_secret(request: HttpRequest, made: actions.WithSecret) -> HttpResponse:
    request.session[SESSION_KEY] = [str(made.subscription.public_id), made.secret]
    return redirect("webhooks:detail", public_id=made.subscription.public_id)


def _list(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_subscription(
                authenticated_user(request),
                organisation=organisation,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return _remember_secret(request, made)
    rows = Subscription.objects.filter(organisation=organisation).select_related("organisation")
    context = {"organisation": organisation, "section": "webhooks", "form": form, "subscriptions": rows}
    return render(request, "webhooks/list.html", context)


@login_required
def organisation_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list(request, get_organisation_for_coordinator(request.user, slug))


@login_required
def platform_list(request: HttpRequest) -> HttpResponse:
    if not access.may_manage(request.user, None):
        raise PermissionDenied
    return _list(request, None)


@login_required
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    shown = request.session.pop(SESSION_KEY, None)
    secret = shown[1] if shown and shown[0] == str(public_id) else None
    log = subscription.deliveries.order_by("-created_at", "-id")[:LOG_LENGTH]
    context = {"subscription": subscription, "organisation": subscription.organisation, "secret": secret, "log": log}
    return render(request, "webhooks/detail.html", context)


@login_required
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    initial = {"url": subscription.url, "description": subscription.description, "events": subscription.events}
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_subscription(authenticated_user(request), subscription, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The webhook was saved."))
            return redirect("webhooks:detail", public_id=public_id)
    context = {"subscription": subscription, "organisation": subscription.organisation, "form": form}
    return render(request, "webhooks/edit.html", context)


@login_required
@require_POST
def rotate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    return _remember_secret(request, actions.rotate_secret(authenticated_user(request), subscription))


@login_required
@require_POST
def set_active(request: HttpRequest, public_id: UUID, active: bool) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    actions.set_active(authenticated_user(request), subscription, active)
    messages.success(request, _("The webhook is on.") if active else _("The webhook is off."))
    return redirect("webhooks:detail", public_id=public_id)


@login_required
@require_POST
def send_test(request: HttpRequest, public_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    try:
        actions.send_test(authenticated_user(request), subscription)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A test event is on its way; its delivery is at the top of the log."))
    return redirect("webhooks:detail", public_id=public_id)


@login_required
@require_POST
def delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    organisation = subscription.organisation
    actions.delete_subscription(authenticated_user(request), subscription)
    messages.success(request, _("The webhook was deleted."))
    if organisation is None:
        return redirect("webhooks:platform_list")
    return redirect("webhooks:org_list", slug=organisation.slug)


@login_required
def delivery(request: HttpRequest, public_id: UUID, delivery_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    found = access.get_delivery_in(subscription, delivery_id)
    context = {
        "subscription": subscription,
        "organisation": subscription.organisation,
        "delivery": found,
        "attempts": found.attempt_log.all()[:LOG_LENGTH],
    }
    return render(request, "webhooks/delivery.html", context)


@login_required
@require_POST
def redeliver(request: HttpRequest, public_id: UUID, delivery_id: UUID) -> HttpResponse:
    subscription = access.get_subscription_for_user(request.user, public_id)
    found = access.get_delivery_in(subscription, delivery_id)
    try:
        actions.redeliver(authenticated_user(request), found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The delivery is sent again, with the same webhook-id."))
    return redirect("webhooks:delivery", public_id=public_id, delivery_id=delivery_id)
