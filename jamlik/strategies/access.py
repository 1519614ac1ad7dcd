"""The only ways views and the API reach strategies, rounds and responses.

Strategies are private: the organisation's coordinators read and edit them, programme managers
read every organisation's. Each helper filters in the query and raises Http404 alike for
"missing" and "not yours".
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from jamlik.people.access import check_may_coordinate, coordinated_organisations
from jamlik.people.models import Organisation
from jamlik.strategies.models import (
    Activity,
    Goal,
    Indicator,
    Response,
    Round,
    RoundStatus,
    Strategy,
)


def is_manager(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_manager)


def readable_organisations(user: Any) -> QuerySet[Organisation]:
    if is_manager(user):
        return Organisation.objects.all()
    return coordinated_organisations(user)


def readable_strategies(user: Any) -> QuerySet[Strategy]:
    return Strategy.objects.filter(organisation__in=readable_organisations(user)).select_related("organisation")


def editable_strategies(user: Any) -> QuerySet[Strategy]:
    return Strategy.objects.filter(organisation__in=coordinated_organisations(user)).select_related("organisation")


def check_may_edit(actor: Any, organisation: Organisation) -> None:
    """What every action that changes a strategy checks first: the same people as
    ``editable_strategies`` (the organisation's coordinators; administrators). ``None`` is the
    platform itself (the demo data). ``PermissionDenied`` otherwise."""
    check_may_coordinate(actor, organisation)


def check_may_run_rounds(actor: Any) -> None:
    """What every action on a follow-up round checks first: programme managers, as
    ``get_round_for_manager``. ``None`` is the platform itself. ``PermissionDenied`` otherwise."""
    if actor is not None and not is_manager(actor):
        raise PermissionDenied


def strategy_detail_queryset(queryset: QuerySet[Strategy]) -> QuerySet[Strategy]:
    activities = Activity.objects.select_related("owner")
    goals = Goal.objects.prefetch_related(Prefetch("activities", queryset=activities))
    return queryset.prefetch_related(
        Prefetch("goals", queryset=goals),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
    )


def get_strategy_for_reader(user: Any, public_id: UUID) -> Strategy:
    found = strategy_detail_queryset(readable_strategies(user)).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_strategy_for_editor(user: Any, public_id: UUID) -> Strategy:
    found = editable_strategies(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_goal_in(strategy: Strategy, pk: int) -> Goal:
    found = Goal.objects.filter(strategy=strategy, pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_activity_in(strategy: Strategy, pk: int) -> Activity:
    found = Activity.objects.select_related("goal").filter(goal__strategy=strategy, pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_indicator_in(strategy: Strategy, pk: int) -> Indicator:
    found = Indicator.objects.prefetch_related("measurements").filter(strategy=strategy, pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_round_for_manager(user: Any, public_id: UUID) -> Round:
    if not is_manager(user):
        raise Http404
    found = Round.objects.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def own_responses(user: Any) -> QuerySet[Response]:
    """Responses of the organisations ``user`` coordinates, in rounds that have been opened."""
    return (
        Response.objects.filter(organisation__in=coordinated_organisations(user))
        .exclude(round__status=RoundStatus.DRAFT)
        .select_related("round", "organisation", "strategy")
    )


def get_response_for_coordinator(user: Any, public_id: UUID) -> Response:
    found = own_responses(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_response_for_reader(user: Any, public_id: UUID) -> Response:
    """The coordinators' own, or any response for a programme manager."""
    queryset = (
        Response.objects.select_related("round", "organisation", "strategy")
        if is_manager(user)
        else own_responses(user)
    )
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found
