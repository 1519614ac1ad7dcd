"""State changes of strategies: one transaction and one audit entry each.

Only coordinators of the strategy's organisation may make them: views and the API fetch
through ``access`` (404 for "not yours"), and every action checks its actor again first
(``access.check_may_edit``; ``actor=None`` is the platform itself, as in the demo data).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.models import Membership, Organisation, User
from jamlik.strategies.access import check_may_edit
from jamlik.strategies.models import Activity, EqualityArea, Goal, Indicator, Measurement, Strategy, WorkStatus

MIN_YEAR = 1990
MAX_YEAR = 2100


def _check_year(field: str, year: int | None) -> None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({field: _("Give a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}})


def _fields(obj: Any, names: list[str]) -> dict[str, str]:
    return {name: str(getattr(obj, name)) for name in names}


@transaction.atomic
def create_strategy(
    actor: User | None,
    organisation: Organisation,
    *,
    area: str,
    title: str,
    period_from: int,
    period_to: int,
    description: str = "",
) -> Strategy:
    check_may_edit(actor, organisation)
    strategy = Strategy(
        organisation=organisation,
        area=area,
        title=title.strip(),
        period_from=period_from,
        period_to=period_to,
        description=description.strip(),
    )
    _validate_strategy(strategy)
    strategy.save()
    record(
        "strategy.created",
        actor=actor,
        organisation=organisation,
        target=strategy,
        summary=strategy.title,
        after=_fields(strategy, ["area", "title", "period_from", "period_to"]),
    )
    return strategy


def _validate_strategy(strategy: Strategy) -> None:
    _check_year("period_from", strategy.period_from)
    _check_year("period_to", strategy.period_to)
    if strategy.period_to < strategy.period_from:
        raise ValidationError({"period_to": _("The period cannot end before it starts.")})
    if strategy.area not in EqualityArea.values:
        raise ValidationError({"area": _("Choose an area from the list.")})
    if not strategy.title:
        raise ValidationError({"title": _("Give the strategy a title.")})


@transaction.atomic
def update_strategy(actor: User | None, strategy: Strategy, **changes: Any) -> Strategy:
    check_may_edit(actor, strategy.organisation)
    names = ["area", "title", "period_from", "period_to", "description"]
    before = _fields(strategy, names)
    for name, value in changes.items():
        if name not in names:
            raise TypeError(f"update_strategy() got an unexpected field {name!r}")
        setattr(strategy, name, value.strip() if isinstance(value, str) else value)
    _validate_strategy(strategy)
    strategy.save()
    record(
        "strategy.changed",
        actor=actor,
        organisation=strategy.organisation,
        target=strategy,
        summary=strategy.title,
        before=before,
        after=_fields(strategy, names),
    )
    return strategy


@transaction.atomic
def save_goal(
    actor: User | None, strategy: Strategy, goal: Goal | None, *, title: str, description: str = "", status: str
) -> Goal:
    check_may_edit(actor, strategy.organisation)
    creating = goal is None
    if goal is None:
        last = strategy.goals.order_by("-position").values_list("position", flat=True).first()
        goal = Goal(strategy=strategy, position=(last or 0) + 1)
    elif goal.strategy_id != strategy.pk:
        raise ValueError("The goal belongs to another strategy")
    before = None if creating else _fields(goal, ["title", "status"])
    goal.title, goal.description, goal.status = title.strip(), description.strip(), status
    if not goal.title:
        raise ValidationError({"title": _("Write the goal.")})
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    goal.save()
    record(
        "strategy.goal_created" if creating else "strategy.goal_changed",
        actor=actor,
        organisation=strategy.organisation,
        target=goal,
        summary=goal.title,
        before=before,
        after=_fields(goal, ["title", "status"]),
    )
    return goal


@transaction.atomic
def save_activity(
    actor: User | None,
    strategy: Strategy,
    activity: Activity | None,
    *,
    goal: Goal,
    title: str,
    status: str,
    owner_text: str = "",
    owner: User | None = None,
    due_date: datetime.date | None = None,
) -> Activity:
    check_may_edit(actor, strategy.organisation)
    if goal.strategy_id != strategy.pk:
        raise ValidationError({"goal": _("Choose one of this strategy's goals.")})
    if (
        owner is not None
        and not Membership.objects.current().filter(organisation=strategy.organisation, user=owner).exists()
    ):
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if not title.strip():
        raise ValidationError({"title": _("Write the activity.")})
    creating = activity is None
    if activity is None:
        activity = Activity()
    elif activity.goal.strategy_id != strategy.pk:
        raise ValueError("The activity belongs to another strategy")
    before = None if creating else _fields(activity, ["title", "status", "owner_text", "owner_id", "due_date"])
    activity.goal, activity.title, activity.status = goal, title.strip(), status
    activity.owner_text, activity.owner, activity.due_date = owner_text.strip(), owner, due_date
    activity.save()
    record(
        "strategy.activity_created" if creating else "strategy.activity_changed",
        actor=actor,
        organisation=strategy.organisation,
        target=activity,
        summary=activity.title,
        before=before,
        after=_fields(activity, ["title", "status", "owner_text", "owner_id", "due_date"]),
    )
    return activity


@transaction.atomic
def save_indicator(
    actor: User | None,
    strategy: Strategy,
    indicator: Indicator | None,
    *,
    name: str,
    unit: str,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
    target: Decimal | None = None,
    target_year: int | None = None,
) -> Indicator:
    check_may_edit(actor, strategy.organisation)
    if not name.strip():
        raise ValidationError({"name": _("Name the indicator.")})
    if not unit.strip():
        raise ValidationError({"unit": _("Give the unit, for example percent.")})
    _check_year("baseline_year", baseline_year)
    _check_year("target_year", target_year)
    creating = indicator is None
    if indicator is None:
        indicator = Indicator(strategy=strategy)
    elif indicator.strategy_id != strategy.pk:
        raise ValueError("The indicator belongs to another strategy")
    names = ["name", "unit", "baseline", "baseline_year", "target", "target_year"]
    before = None if creating else _fields(indicator, names)
    indicator.name, indicator.unit = name.strip(), unit.strip()
    indicator.baseline, indicator.baseline_year = baseline, baseline_year
    indicator.target, indicator.target_year = target, target_year
    indicator.save()
    record(
        "strategy.indicator_created" if creating else "strategy.indicator_changed",
        actor=actor,
        organisation=strategy.organisation,
        target=indicator,
        summary=indicator.name,
        before=before,
        after=_fields(indicator, names),
    )
    return indicator


@transaction.atomic
def record_measurement(
    actor: User | None, indicator: Indicator, *, year: int, value: Decimal, note: str = ""
) -> Measurement:
    """The value for a year; measuring the same year again replaces the value (and is logged)."""
    check_may_edit(actor, indicator.strategy.organisation)
    _check_year("year", year)
    existing = Measurement.objects.select_for_update().filter(indicator=indicator, year=year).first()
    before = {"value": str(existing.value)} if existing else None
    if existing is None:
        measurement = Measurement.objects.create(indicator=indicator, year=year, value=value, note=note.strip())
    else:
        existing.value, existing.note = value, note.strip()
        existing.save(update_fields=["value", "note"])
        measurement = existing
    record(
        "strategy.measured",
        actor=actor,
        organisation=indicator.strategy.organisation,
        target=indicator,
        summary=f"{indicator.name}: {value} ({year})",
        before=before,
        after={"year": year, "value": str(value)},
    )
    return measurement


@transaction.atomic
def remove_part(actor: User | None, strategy: Strategy, part: Goal | Activity | Indicator) -> None:
    """Remove a goal (with its activities), an activity or an indicator (with its values).

    Submitted answers keep their snapshot copies, so a follow-up already sent is not changed.
    """
    check_may_edit(actor, strategy.organisation)
    owner = part.goal.strategy_id if isinstance(part, Activity) else part.strategy_id
    if owner != strategy.pk:
        raise ValueError("The part belongs to another strategy")
    record(
        f"strategy.{part._meta.model_name}_removed",
        actor=actor,
        organisation=strategy.organisation,
        target=strategy,
        summary=str(part)[:300],
    )
    part.delete()
