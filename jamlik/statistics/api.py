"""Statistics in the API: the same tables, with the same hidden cells, for organisations' own BI tools.

A hidden cell is ``null``; its entry in ``states`` says why: ``small`` (1 to threshold - 1 people)
or ``protected`` (hidden so that other figures cannot be worked out; any value from 0), and
``legend`` says the same in words.

Programme managers may ask for any table; coordinators only for organisations they coordinate,
by unit or by course, programme and campaign. Everyone else gets 404 (as for a missing organisation).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from jamlik.lib.api.fields import Day, Key
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.statistics import dashboards, measures, suppression
from jamlik.statistics.access import get_organisation_for_statistics, is_manager
from jamlik.statistics.forms import ScopeForm
from jamlik.statistics.tables import Table, build, hidden_text, legend

router = Router(tags=["statistics"])


class TableQuery(Schema):
    date_from: Day | None = None
    date_to: Day | None = None
    organisation: str | None = None
    county: Key | None = None
    kind: str | None = None
    course: str | None = None
    programme: str | None = None
    campaign: str | None = None
    project: str | None = None


class MeasureOut(Schema):
    key: str
    label: str
    family: str


class RowOut(Schema):
    label: str
    cells: list[int | None]
    states: list[str]
    headcount: int | None = None
    headcount_as_of: datetime.date | None = None
    percent: float | None = None


class TableOut(Schema):
    measure: str
    dimension: str
    title: str
    columns: list[str]
    rows: list[RowOut]
    total: list[int | None]
    total_states: list[str]
    threshold: int
    hidden: str
    legend: dict[str, str]


def _out(table: Table) -> dict[str, Any]:
    columns = table.header()[1:]
    if table.with_headcount:
        columns = columns[:-3]
    return {
        "measure": table.measure.key,
        "dimension": table.dimension,
        "title": table.title,
        "columns": columns,
        "rows": [
            {
                "label": r.label,
                "cells": [c.value for c in r.cells],
                "states": [c.state.value for c in r.cells],
                "headcount": r.headcount,
                "headcount_as_of": r.headcount_as_of,
                "percent": r.percent,
            }
            for r in table.rows
        ],
        "total": [c.value for c in table.total],
        "total_states": [c.state.value for c in table.total],
        "threshold": suppression.threshold(),
        "hidden": hidden_text(),
        "legend": legend(),
    }


@router.get("/measures", response=list[MeasureOut], auth=AUTHENTICATED, summary="What can be counted")
def list_measures(request: HttpRequest) -> list[dict[str, str]]:
    return [{"key": m.key, "label": str(m.label), "family": m.family} for m in measures.MEASURES]


@router.get(
    "/tables/{measure}/{dimension}",
    response=TableOut,
    auth=AUTHENTICATED,
    summary="One table: a measure by organisation, county, unit or item, and kön",
)
def table(request: HttpRequest, measure: str, dimension: str, query: Query[TableQuery]) -> dict[str, Any]:
    user = api_user(request)
    try:
        wanted = measures.get(measure)
    except KeyError:
        raise Http404 from None
    data = {k: v for k, v in query.dict().items() if v is not None}
    form = ScopeForm(data)  # coordinators: checked below, a 404 as for every other address
    if not form.is_valid():
        raise ValidationError({f: list(e) for f, e in form.errors.items()})
    if not is_manager(user) or dimension == "unit":
        # Coordinators: their own organisation only, by unit or by item.
        organisation = get_organisation_for_statistics(user, query.organisation or "")
        if dimension not in ("unit", "item"):
            raise Http404
        [result] = dashboards.organisation_tables(form.scope(), organisation, dimension, [wanted])
        return _out(result)
    if dimension not in ("organisation", "county", "item"):
        raise Http404
    return _out(build(wanted, dimension, form.scope()))
