"""An evaluation's closed rounds as CSV lines and as a PDF: the same published cells as the page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.evaluations.results import RoundResult
from jamlik.lib.tables import Cell as Value
from jamlik.statistics import suppression
from jamlik.statistics.tables import KON_COLUMNS, legend_lines, show


def header() -> list[str]:
    return [
        _("Round"),
        _("Questionnaire"),
        _("Question"),
        _("Line"),
        *[str(label) for _key, label in KON_COLUMNS],
        _("Total"),
        _("Text"),
    ]


def lines(results: list[RoundResult]) -> list[list[Value]]:
    """Per round: the responses by kön and the response rate; per rating question each rating's line and
    the mean; per free-text question each answer (in alphabetical order, never with anything else)."""
    out: list[list[Value]] = []
    for result in results:
        first: list[Value] = [result.label, result.questionnaire.number]
        out.append([*first, "", _("Responses"), *[show(c) for c in result.responses], ""])
        rate = f"{result.rate} %" if result.rate is not None else ""
        out.append([*first, "", _("Response rate"), *[""] * len(result.responses), rate])
        if not result.published:
            out.append([*first, "", _("Not shown"), *[""] * len(result.responses), _too_few()])
            continue
        for item in result.questions:
            if item.rows:
                for rating, cells in item.rows:
                    out.append([*first, item.question.text, str(rating), *[show(c) for c in cells], ""])
                out.append([*first, item.question.text, _("Mean"), *[""] * (len(item.total) - 1), item.mean, ""])
            for text in item.texts:
                out.append([*first, item.question.text, _("Answer"), *[""] * len(result.responses), text])
    out.append([])
    out.extend([text] for text in legend_lines())
    return out


def _too_few() -> str:
    return _("Fewer than %(n)s answers: nothing is shown.") % {"n": suppression.threshold()}


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loading pango takes a moment

    html = render_to_string("evaluations/summary_pdf.html", {**context, "made_on": timezone.localdate()})
    pdf: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
