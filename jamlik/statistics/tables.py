"""Published tables: one measure by one dimension and kön, suppressed, ready for every format.

Each table costs one aggregate query (plus one for the national base when a view is cut from it,
and one for headcounts), whatever the number of people. Pages, exports, the PDF and the API all
call ``build``, so they show the same numbers with the same hidden cells.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.courses.models import CourseVersion
from jamlik.people.models import HeadcountDeclaration, Kon, Organisation
from jamlik.statistics import suppression
from jamlik.statistics.measures import Family, Filters, Measure
from jamlik.statistics.suppression import Cell, Grid, Shown, States

KON_COLUMNS: list[tuple[str, Any]] = [
    (Kon.KVINNA, gettext_lazy("Women")),
    (Kon.MAN, gettext_lazy("Men")),
    (Kon.ANNAT, gettext_lazy("Other or non-binary")),
    ("unknown", gettext_lazy("Not stated or unknown")),
]
_COLUMN = {Kon.KVINNA.value: 0, Kon.MAN.value: 1, Kon.ANNAT.value: 2}
UNKNOWN = 3

DIMENSIONS = {
    "organisation": gettext_lazy("Organisation"),
    "county": gettext_lazy("County"),
    "unit": gettext_lazy("Unit"),
    "item": gettext_lazy("Course, programme or campaign"),
}
ITEM_LABELS = {
    Family.COURSE: gettext_lazy("Course"),
    Family.PROGRAMME: gettext_lazy("Programme"),
    Family.CAMPAIGN: gettext_lazy("Campaign"),
}


@dataclass
class Row:
    key: int | None
    label: str
    cells: list[Shown]  # the kön columns, then the total
    headcount: int | None = None
    headcount_as_of: datetime.date | None = None  # the declaration the share divides by

    @property
    def total(self) -> Shown:
        return self.cells[-1]

    @property
    def percent(self) -> float | None:
        """Share of the headcount; only where the total is published and a headcount is declared."""
        if self.headcount is None or self.total.value is None:
            return None
        return round(self.total.value * 100 / self.headcount, 1)


@dataclass
class Table:
    measure: Measure
    dimension: str
    rows: list[Row]
    total: list[Shown]
    with_headcount: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("%(measure)s, by %(dimension)s and sex") % {
            "measure": self.measure.label,
            "dimension": str(self.dimension_label).lower(),
        }

    @property
    def dimension_label(self) -> str:
        if self.dimension == "item":
            return str(ITEM_LABELS[self.measure.family])
        return str(DIMENSIONS[self.dimension])

    @property
    def slug(self) -> str:
        return f"{self.measure.key}-{self.dimension}"

    def header(self) -> list[str]:
        names = [self.dimension_label, *[str(label) for _k, label in KON_COLUMNS], _("Total")]
        if self.with_headcount:
            names += [_("Employees"), _("Employees as of"), _("Share (%)")]
        return names

    def lines(self) -> list[list[str | int | float | datetime.date | None]]:
        """Rows for CSV and XLSX: hidden cells as text, the total row last."""
        out: list[list[str | int | float | datetime.date | None]] = []
        for row in [*self.rows, Row(None, _("Total"), self.total)]:
            line: list[str | int | float | datetime.date | None] = [row.label, *[show(c) for c in row.cells]]
            if self.with_headcount:
                line += [row.headcount, row.headcount_as_of, row.percent]
            out.append(line)
        return out

    def grand_total(self) -> int | None:
        return self.total[-1].value


PROTECTED_MARK = "x"


def hidden_text() -> str:
    """What a cell of 1 to threshold - 1 people says."""
    return _("fewer than %(n)s") % {"n": suppression.threshold()}


def show(cell: Shown) -> int | str:
    """A cell as text: its number, "fewer than 5" for a small group, "x" for a cell hidden to protect others."""
    if cell.state == Cell.SMALL:
        return hidden_text()
    if cell.state == Cell.PROTECTED:
        return PROTECTED_MARK
    return cell.value if cell.value is not None else ""


def legend() -> dict[str, str]:
    """Why a cell is hidden, by state: for the pages' legend, the files' notes and the API."""
    n = suppression.threshold()
    return {
        Cell.SMALL.value: _("“%(text)s”: a group of 1 to %(most)s people.") % {"text": hidden_text(), "most": n - 1},
        Cell.PROTECTED.value: _(
            "“%(mark)s”: hidden so that a small group, or what kön a group's people have, cannot be worked out "
            "from the other figures and totals. It may be 0 or any larger number."
        )
        % {"mark": PROTECTED_MARK},
    }


def legend_lines() -> list[str]:
    return list(legend().values())


def _column(kon: str | None) -> int:
    return _COLUMN.get(kon or "", UNKNOWN)


refreshing: ContextVar[bool] = ContextVar("statistics_refreshing", default=False)


def cache_seconds() -> int:
    return int(getattr(settings, "JAMLIK_STATISTICS_CACHE_SECONDS", 300))


def _grouped(measure: Measure, filters: Filters, dimension: str, more: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The aggregate rows of one table; kept in the cache for a few minutes (same SQL, same rows)."""
    key, label = measure.dimension_path(dimension)
    qs = (
        measure.queryset(filters)
        .values(key, label, f"{measure.user}__kon", *more)
        .annotate(n=Count(measure.user, distinct=True))
        .order_by()
    )
    seconds = cache_seconds()
    if seconds <= 0:
        return list(qs)
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # e.g. a funded project that tags no course: nothing to count
        return []
    cache_key = "statistics:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    kept = None if refreshing.get() else cache.get(cache_key)
    rows: list[dict[str, Any]]
    if isinstance(kept, tuple):
        when, rows = kept
    else:  # not cached (or kept before the counting time was stored with the rows)
        when, rows = time.time(), list(qs)
        cache.set(cache_key, (when, rows), seconds)
    oldest = _oldest.get()
    if oldest is not None:
        oldest.append(when)
    return rows


_oldest: ContextVar[list[float] | None] = ContextVar("statistics_counted_at", default=None)

T = TypeVar("T")


def _kept(rule: Callable[..., T], *arguments: Any) -> T:
    """``rule(*arguments)`` (a suppression step), kept in the cache as long as the figures it reads.

    Suppression is a pure function of the counts; at national scale its audit takes a noticeable
    fraction of a second, so a page asked for again within the cache time reuses it.
    """
    seconds = cache_seconds()
    if seconds <= 0:
        return rule(*arguments)
    name = f"{rule.__module__}.{rule.__qualname__}"
    key = (
        "statistics:suppressed:" + hashlib.sha256(repr((name, suppression.threshold(), arguments)).encode()).hexdigest()
    )
    kept = cache.get(key)
    if kept is None:
        kept = rule(*arguments)
        cache.set(key, kept, seconds)
    return cast(T, kept)


@contextmanager
def counted_at() -> Iterator[list[float]]:
    """Collects when the cached figures read inside the block were counted (epoch seconds)."""
    times: list[float] = []
    token = _oldest.set(times)
    try:
        yield times
    finally:
        _oldest.reset(token)


def _pivot(
    rows: list[dict[str, Any]], key: str, label: str, kon: str, fallback: str | None = None
) -> tuple[list[tuple[int | None, str]], list[list[int]], dict[int | None, dict[str, Any]]]:
    keys: dict[int | None, str] = {}
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    extra: dict[int | None, dict[str, Any]] = {}
    for r in rows:
        k = r[key]
        name = r[label] if r[label] is not None else (r[fallback] if fallback else None)
        keys[k] = str(name) if name is not None else ""
        counts[k][_column(r[kon])] += r["n"]
        extra[k] = r
    order = sorted(keys.items(), key=lambda kv: (kv[0] is None, kv[1].lower()))
    return order, [counts[k] for k, _l in order], extra


def _rows(order: list[tuple[int | None, str]], grid: Grid, states: States, blank: str) -> tuple[list[Row], list[Shown]]:
    shown = suppression.publish(grid, states)
    rows = [Row(k, label or blank, shown[i]) for i, (k, label) in enumerate(order)]
    return rows, shown[-1]


def _org_base(measure: Measure, filters: Filters) -> tuple[list[tuple[int | None, str]], Grid, States, dict[Any, Any]]:
    """The national organisation-by-kön table for this measure and scope: the base every view is cut from."""
    key, label = measure.dimension_path("organisation")
    org = measure.organisation_path()
    raw = _grouped(measure, filters.without_rows(), "organisation", (f"{org}__county", f"{org}__kind"))
    order, inner, extra = _pivot(raw, key, label, f"{measure.user}__kon")
    grid = suppression.with_margins(inner, len(KON_COLUMNS))
    return order, grid, _kept(suppression.suppress, grid), extra


def _selected(measure: Measure, filters: Filters, org_id: int | None, extra: dict[str, Any]) -> bool:
    org = measure.organisation_path()
    if filters.organisation_ids is not None and org_id not in filters.organisation_ids:
        return False
    if filters.county_ids and extra[f"{org}__county"] not in filters.county_ids:
        return False
    return not (filters.organisation_kinds and extra[f"{org}__kind"] not in filters.organisation_kinds)


def by_organisation(measure: Measure, filters: Filters, *, headcounts: bool = False) -> Table:
    order, grid, states, extra = _org_base(measure, filters)
    picked = [i for i, (k, _l) in enumerate(order) if _selected(measure, filters, k, extra[k])]
    if len(picked) != len(order):
        grid, states = suppression.derive(grid, states, [[i] for i in picked])
        order = [order[i] for i in picked]
    rows, total = _rows(order, grid, states, "")
    table = Table(measure, "organisation", rows, total, with_headcount=headcounts)
    if headcounts:
        counts = _headcounts([r.key for r in rows if r.key is not None], filters.date_to or timezone.localdate())
        for row in rows:
            row.headcount, row.headcount_as_of = counts.get(row.key, (None, None))
    return table


def by_county(measure: Measure, filters: Filters) -> Table:
    order, grid, states, extra = _org_base(measure, filters)
    org = measure.organisation_path()
    groups: dict[int | None, list[int]] = defaultdict(list)
    for i, (k, _l) in enumerate(order):
        if _selected(measure, filters, k, extra[k]):
            groups[extra[k][f"{org}__county"]].append(i)
    names = dict(_county_names(list(groups)))
    ordered = sorted(groups, key=lambda c: (c is None, names.get(c, "")))
    parts = [groups[c] for c in ordered]
    if sum(len(p) for p in parts) == len(order):  # every organisation: audited against the base
        derived, derived_states = _kept(suppression.cut, grid, states, parts)
    else:  # a filtered view: a cell only where all its parts are published
        derived, derived_states = suppression.derive(grid, states, parts)
    rows, total = _rows([(c, names.get(c, "")) for c in ordered], derived, derived_states, _("No county"))
    return Table(measure, "county", rows, total)


def _within(measure: Measure, filters: Filters, organisation_id: int, grid: Grid) -> States:
    """States of one organisation's table (by unit or by item): its row in the national table is this
    table's total row, and the two are audited together (``suppression.split``)."""
    order, base, base_states, _extra = _org_base(measure, filters)
    index = next((i for i, (k, _l) in enumerate(order) if k == organisation_id), None)
    if index is None:  # nothing counted for it in the national table
        return _kept(suppression.suppress, grid)
    return _kept(suppression.split, base, base_states, index, grid)


def by_unit(measure: Measure, filters: Filters, organisation: Organisation) -> Table:
    """One organisation's units. Its row in the national base keeps its hidden cells in the total row."""
    scoped = Filters(filters.date_from, filters.date_to, (organisation.pk,), (), (), *_items(filters))
    key, label = measure.dimension_path("unit")
    units, inner, _e = _pivot(_grouped(measure, scoped, "unit"), key, label, f"{measure.user}__kon")
    grid = suppression.with_margins(inner, len(KON_COLUMNS))
    rows, total = _rows(units, grid, _within(measure, filters, organisation.pk, grid), _("No unit"))
    return Table(measure, "unit", rows, total)


def _latest_titles(order: list[tuple[int | None, str]], unnamed: set[int | None]) -> list[tuple[int | None, str]]:
    """Courses without a published version named by their newest version's title (a retired course
    keeps the name people took it under), not by their address; one query, only when needed."""
    ids = {k for k in unnamed if k is not None}
    if not ids:
        return order
    titles: dict[int, str] = {}
    for course_id, title in (
        CourseVersion.objects.filter(course_id__in=ids).order_by("course_id", "-pk").values_list("course_id", "title")
    ):
        titles.setdefault(course_id, title)
    return [(k, titles.get(k, name) if k in ids else name) for k, name in order]


def by_item(measure: Measure, filters: Filters) -> Table:
    """Rows by course, programme or campaign. For one organisation, audited with its national row."""
    key, label = measure.dimension_path("item")
    # A course is named by its published version's title; one never published (or retired) by its address.
    fallback = f"{measure.item}__slug" if measure.family == Family.COURSE else None
    raw = _grouped(measure, filters, "item", (fallback,) if fallback else ())
    order, inner, extra = _pivot(raw, key, label, f"{measure.user}__kon", fallback)
    if fallback:
        named = _latest_titles(order, {k for k, r in extra.items() if r[label] is None})
        if named != order:  # sorted again by the names shown, each row's counts moving with it
            pairs = sorted(zip(named, inner, strict=True), key=lambda p: (p[0][0] is None, p[0][1].lower()))
            order, inner = [p[0] for p in pairs], [p[1] for p in pairs]
    grid = suppression.with_margins(inner, len(KON_COLUMNS))
    one = filters.organisation_ids
    if one is not None and len(one) == 1 and not filters.county_ids and not filters.organisation_kinds:
        states = _within(measure, filters, one[0], grid)
    else:
        states = _kept(suppression.suppress, grid)
    rows, total = _rows(order, grid, states, "")
    return Table(measure, "item", rows, total)


def build(measure: Measure, dimension: str, filters: Filters, organisation: Organisation | None = None) -> Table:
    if dimension == "organisation":
        return by_organisation(measure, filters, headcounts=measure.key == "completed")
    if dimension == "county":
        return by_county(measure, filters)
    if dimension == "unit":
        if organisation is None:
            raise ValueError("A table by unit needs an organisation")
        return by_unit(measure, filters, organisation)
    if dimension == "item":
        return by_item(measure, filters)
    raise ValueError(dimension)


def _items(filters: Filters) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None, tuple[int, ...] | None]:
    return filters.course_ids, filters.programme_ids, filters.campaign_ids


def _headcounts(org_ids: list[int], until: datetime.date) -> dict[int | None, tuple[int | None, datetime.date | None]]:
    """Each organisation's headcount valid for a period ending ``until``, with the declaration's date.

    That is the latest declaration made as of the period's last day or earlier, so a rate for 2018
    divides by the 2018 headcount, not today's. No such declaration: no headcount (never a later one).
    """
    declarations = HeadcountDeclaration.objects.filter(organisation=OuterRef("pk"), as_of__lte=until)
    latest = declarations.order_by("-as_of", "-created_at")
    return {
        pk: (n, as_of)
        for pk, n, as_of in Organisation.objects.filter(pk__in=org_ids)
        .annotate(n=Subquery(latest.values("headcount")[:1]), as_of=Subquery(latest.values("as_of")[:1]))
        .values_list("pk", "n", "as_of")
        if n is not None
    }


def _county_names(ids: list[int | None]) -> list[tuple[int | None, str]]:
    from jamlik.people.models import County

    return [(pk, name) for pk, name in County.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name")]
