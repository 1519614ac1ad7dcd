"""The sets of tables each page, export, report and API call shows; built from ``tables.build``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jamlik.campaigns.models import Campaign, CampaignStatus
from jamlik.people.models import Organisation
from jamlik.statistics import suppression
from jamlik.statistics.measures import MEASURES, Filters, Measure, get
from jamlik.statistics.models import FundedProject
from jamlik.statistics.tables import Table, build, legend_lines


def measures_for(families: set[str] | None) -> list[Measure]:
    return [m for m in MEASURES if families is None or m.family in families]


def manager_tables(filters: Filters, dimension: str, families: set[str] | None = None) -> list[Table]:
    return [build(m, dimension, filters) for m in measures_for(families)]


def organisation_tables(
    filters: Filters, organisation: Organisation, dimension: str, only: list[Measure] | None = None
) -> list[Table]:
    """A coordinator's view: their organisation by unit, or by course, programme and campaign."""
    scoped = Filters(
        filters.date_from,
        filters.date_to,
        (organisation.pk,),
        (),
        (),
        filters.course_ids,
        filters.programme_ids,
        filters.campaign_ids,
    )
    if dimension == "unit":
        return [build(m, "unit", filters, organisation) for m in only or MEASURES]
    return [build(m, "item", scoped) for m in only or MEASURES]


def platform_totals(filters: Filters) -> list[Table]:
    """The national total rows (one per measure), cut from the same base as the organisation tables."""
    return [build(m, "organisation", filters.without_rows()) for m in MEASURES]


def public_campaign_ids() -> tuple[int, ...]:
    return tuple(Campaign.objects.exclude(status=CampaignStatus.DRAFT).values_list("pk", flat=True))


def campaign_totals(filters: Filters) -> Table:

    scoped = Filters(filters.date_from, filters.date_to, campaign_ids=public_campaign_ids())
    return build(get("campaign_counted"), "item", scoped)


def intro(title: str, filters: Filters) -> list[list[str]]:
    start = filters.date_from.isoformat() if filters.date_from else "-"
    end = filters.date_to.isoformat() if filters.date_to else "-"
    return [
        [title],
        [_("Period"), f"{start} - {end}"],
        [
            _(
                "Groups of fewer than %(n)s people are hidden, and so are other cells where needed, so that no "
                "hidden number, and nobody's kön, can be worked out from the other figures and totals."
            )
            % {"n": suppression.threshold()}
        ],
        *[[line] for line in legend_lines()],
        [_("People are counted once per row; the total row adds up the rows.")],
        [
            _(
                "Shares divide by the organisation's headcount valid for the period: its latest declaration "
                "on or before the period's last day (the date is in the column beside it)."
            )
        ],
    ]


def project_tables(project: FundedProject) -> tuple[Filters, list[Table]]:
    """A funded project's participants by organisation and kön, within the project's period."""
    filters = Filters(
        date_from=project.starts_on,
        date_to=project.ends_on,
        course_ids=tuple(project.courses.values_list("pk", flat=True)),
        programme_ids=tuple(project.programmes.values_list("pk", flat=True)),
        campaign_ids=tuple(project.campaigns.values_list("pk", flat=True)),
    )
    return filters, [build(m, "organisation", filters) for m in MEASURES]
