"""The list of networks, a network's home page and creating a network."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.lib.forms import add_action_errors
from jamlik.networks import actions
from jamlik.networks.access import get_place, listed_networks, meetings_of, threads_of
from jamlik.networks.forms import NetworkForm
from jamlik.networks.models import MemberState, NetworkMember
from jamlik.people.http import authenticated_user


def network_list(request: HttpRequest) -> HttpResponse:
    networks = list(
        listed_networks(request.user).annotate(
            member_count=Count("members", filter=Q(members__state=MemberState.ACTIVE))
        )
    )
    states: dict[int, str] = {}
    if request.user.is_authenticated:
        states = dict(
            NetworkMember.objects.filter(user=request.user, network__in=[n.pk for n in networks]).values_list(
                "network_id", "state"
            )
        )
    rows = [(n, states.get(n.pk, "")) for n in networks]
    return render(request, "networks/list.html", {"rows": rows})


def network_home(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_place(request.user, slug)
    context: dict[str, object] = {"place": place, "network": place.network}
    if place.can_read:
        now = timezone.now()
        meetings = meetings_of(place.network)
        context["upcoming"] = list(meetings.filter(ends_at__gte=now)[:5])
        context["past"] = list(meetings.filter(ends_at__lt=now).order_by("-starts_at")[:5])
        context["threads"] = list(threads_of(place.network, include_hidden=place.is_moderator)[:5])
    return render(request, "networks/network.html", context)


@login_required
def new_network(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not user.is_programme_manager:
        raise Http404
    form = NetworkForm(request.POST if request.method == "POST" else None, initial={"visibility": "closed"})
    if request.method == "POST" and form.is_valid():
        try:
            network = actions.create_network_or_refuse(user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The network is created. You are its moderator."))
            return redirect("networks:network", slug=network.slug)
    return render(request, "networks/new_network.html", {"form": form}, status=400 if form.errors else 200)
