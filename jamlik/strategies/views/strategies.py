"""An organisation's strategies: list, detail, and editing goals, activities, indicators and values.

Coordinators of the organisation edit (``get_strategy_for_editor``); programme managers read
every organisation's strategies (``get_strategy_for_reader``). Anyone else gets 404.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.people.access import coordinated_organisations
from jamlik.people.http import authenticated_user
from jamlik.strategies import actions
from jamlik.strategies.access import (
    editable_strategies,
    get_activity_in,
    get_goal_in,
    get_indicator_in,
    get_strategy_for_editor,
    get_strategy_for_reader,
    is_manager,
    own_responses,
    readable_strategies,
)
from jamlik.strategies.forms import ActivityForm, GoalForm, IndicatorForm, MeasurementForm, StrategyForm, add_errors
from jamlik.strategies.models import Activity, Goal, Indicator, Strategy

M = TypeVar("M", Goal, Activity, Indicator)


def _form_page(request: HttpRequest, form: Any, *, title: str, back: str, back_label: str, button: str) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "back_label": back_label, "button": button}
    return render(request, "strategies/form.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
def strategy_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    organisations = list(coordinated_organisations(user).order_by("name"))
    if not organisations and not is_manager(user):
        raise Http404
    strategies = list(readable_strategies(user).order_by("organisation__name", "-period_to", "title"))
    context = {
        "strategies": strategies,
        "may_create": bool(organisations),
        "responses": list(own_responses(user).order_by("-round__year", "organisation__name")),
        "is_manager": is_manager(user),
    }
    return render(request, "strategies/list.html", context)


@login_required
def strategy_new(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    organisations = coordinated_organisations(user).order_by("name")
    if not organisations.exists():
        raise Http404
    form = StrategyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            strategy = actions.create_strategy(user, organisation, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The strategy was saved. Add its goals, activities and indicators."))
            return redirect("strategies:strategy", strategy.public_id)
    return _form_page(
        request,
        form,
        title=_("New strategy"),
        back="strategies:list",
        back_label=_("Strategies"),
        button=_("Save the strategy"),
    )


@login_required
def strategy_detail(request: HttpRequest, strategy_id: UUID) -> HttpResponse:
    strategy = get_strategy_for_reader(request.user, strategy_id)
    may_edit = editable_strategies(request.user).filter(pk=strategy.pk).exists()
    return render(request, "strategies/strategy.html", {"strategy": strategy, "may_edit": may_edit})


def _back_to(strategy: Strategy) -> HttpResponse:
    return redirect("strategies:strategy", strategy.public_id)


@login_required
def strategy_edit(request: HttpRequest, strategy_id: UUID) -> HttpResponse:
    strategy = get_strategy_for_editor(request.user, strategy_id)
    form = StrategyForm(request.POST or None, instance=Strategy.objects.get(pk=strategy.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_strategy(authenticated_user(request), strategy, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The strategy was saved."))
            return _back_to(strategy)
    return _strategy_form_page(request, form, strategy, _("Edit the strategy"), _("Save"))


def _strategy_form_page(
    request: HttpRequest, form: Any, strategy: Strategy, title: str, button: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    context = {"form": form, "title": title, "strategy": strategy, "button": button, **(extra or {})}
    return render(
        request,
        "strategies/strategy_form.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


def _copy(part: M | None) -> M | None:
    """A separate instance for the form, so validating it leaves the action's "before" untouched."""
    return None if part is None else type(part).objects.get(pk=part.pk)


def _removal(kind: str, part: Any, label: str) -> dict[str, Any]:
    if part is None:
        return {}
    return {"remove_kind": kind, "remove_pk": part.pk, "remove_label": label}


@login_required
def goal_form(request: HttpRequest, strategy_id: UUID, pk: int | None = None) -> HttpResponse:
    strategy = get_strategy_for_editor(request.user, strategy_id)
    goal = get_goal_in(strategy, pk) if pk is not None else None
    form = GoalForm(request.POST or None, instance=_copy(goal))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_goal(authenticated_user(request), strategy, goal, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The goal was saved."))
            return _back_to(strategy)
    title = _("Edit the goal") if goal else _("New goal")
    extra = _removal("mal", goal, _("Remove the goal and its activities"))
    return _strategy_form_page(request, form, strategy, title, _("Save the goal"), extra)


@login_required
def activity_form(request: HttpRequest, strategy_id: UUID, pk: int | None = None) -> HttpResponse:
    strategy = get_strategy_for_editor(request.user, strategy_id)
    activity = get_activity_in(strategy, pk) if pk is not None else None
    if activity is None and not strategy.goals.exists():
        messages.error(request, _("Add a goal first: every activity belongs to a goal."))
        return _back_to(strategy)
    initial = {"goal": request.GET.get("mal")} if activity is None and request.GET.get("mal", "").isdigit() else None
    form = ActivityForm(strategy, request.POST or None, instance=_copy(activity), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_activity(authenticated_user(request), strategy, activity, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return _back_to(strategy)
    title = _("Edit the activity") if activity else _("New activity")
    extra = _removal("aktiviteter", activity, _("Remove the activity"))
    return _strategy_form_page(request, form, strategy, title, _("Save the activity"), extra)


@login_required
def indicator_form(request: HttpRequest, strategy_id: UUID, pk: int | None = None) -> HttpResponse:
    strategy = get_strategy_for_editor(request.user, strategy_id)
    indicator = get_indicator_in(strategy, pk) if pk is not None else None
    form = IndicatorForm(request.POST or None, instance=_copy(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_indicator(authenticated_user(request), strategy, indicator, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The indicator was saved. Add its measured values below."))
            return redirect("strategies:indicator", strategy.public_id, saved.pk)
    title = _("Edit the indicator") if indicator else _("New indicator")
    extra: dict[str, Any] = {
        "indicator": indicator,
        "measurement_form": MeasurementForm() if indicator else None,
        **_removal("indikatorer", indicator, _("Remove the indicator and its values")),
    }
    return _strategy_form_page(request, form, strategy, title, _("Save the indicator"), extra)


@login_required
@require_POST
def measurement(request: HttpRequest, strategy_id: UUID, pk: int) -> HttpResponse:
    strategy = get_strategy_for_editor(request.user, strategy_id)
    indicator = get_indicator_in(strategy, pk)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            actions.record_measurement(authenticated_user(request), indicator, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The measured value was saved."))
            return redirect("strategies:indicator", strategy.public_id, indicator.pk)
    context = {
        "form": IndicatorForm(instance=indicator),
        "title": _("Edit the indicator"),
        "strategy": strategy,
        "button": _("Save the indicator"),
        "indicator": indicator,
        "measurement_form": form,
        **_removal("indikatorer", indicator, _("Remove the indicator and its values")),
    }
    return render(request, "strategies/strategy_form.html", context, status=400)


@login_required
@require_POST
def remove_part(request: HttpRequest, strategy_id: UUID, kind: str, pk: int) -> HttpResponse:
    """Remove a goal (``mal``), an activity (``aktiviteter``) or an indicator (``indikatorer``)."""
    strategy = get_strategy_for_editor(request.user, strategy_id)
    part: Goal | Activity | Indicator
    if kind == "mal":
        part = get_goal_in(strategy, pk)
    elif kind == "aktiviteter":
        part = get_activity_in(strategy, pk)
    elif kind == "indikatorer":
        part = get_indicator_in(strategy, pk)
    else:
        raise Http404
    actions.remove_part(authenticated_user(request), strategy, part)
    messages.success(request, _("“%(name)s” was removed.") % {"name": str(part)})
    return _back_to(strategy)
