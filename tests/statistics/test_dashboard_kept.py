"""The programme manager's dashboard is kept as HTML per scope and language, never longer than its figures."""

from __future__ import annotations

import datetime
import re

import time_machine
from django import forms
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jamlik.people.models import Organisation
from jamlik.statistics.forms import ScopeForm
from jamlik.statistics.widgets import QuickSelect
from tests.statistics.factories import completed, people
from tests.statistics.kit import MARCH, english, queries, two_organisations

ORGANISATIONS = "/statistik/?dimension=organisation"


def _total(page: str, name: str) -> str:
    """The first table's total for one organisation's row."""
    found = re.search(rf'{name}</th>(?:<td class="num">[^<]*</td>){{4}}<td class="num">([^<]*)</td>', page)
    assert found, name
    return found.group(1)


def test_a_repeated_dashboard_is_served_from_the_kept_html_at_a_cost_independent_of_the_data(
    settings: object, as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    world = two_organisations(org_a, org_b)
    as_programme_manager.get("/statistik/")  # the first request of a session writes it once
    before = f"{ORGANISATIONS}&date_from=2026-01-01"
    counted = queries(lambda: as_programme_manager.get(before))
    kept = queries(lambda: as_programme_manager.get(before))
    assert kept < counted
    completed(people(org_a, 20, "kvinna") + people(org_b, 15, "man"), world.course, None, MARCH)
    # Another scope is counted afresh, at the same cost with more people, and then kept.
    after = f"{ORGANISATIONS}&date_from=2026-01-02"
    assert queries(lambda: as_programme_manager.get(after)) == counted
    assert queries(lambda: as_programme_manager.get(after)) == kept <= 12
    assert _total(as_programme_manager.get(after).content.decode(), "Säters kommun") == "34"
    assert _total(as_programme_manager.get(before).content.decode(), "Säters kommun") == "14"  # still kept


def test_the_kept_dashboard_follows_the_language_asked_for(
    settings: object, as_programme_manager: Client, org_a: Organisation, org_b: Organisation, any_cache: None
) -> None:
    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    two_organisations(org_a, org_b)
    swedish = as_programme_manager.get(ORGANISATIONS).content.decode()
    assert "Download every table (XLSX)" not in swedish
    assert _total(swedish, "Säters kommun") == "14"
    page = english(as_programme_manager).get(ORGANISATIONS).content.decode()
    assert "Download every table (XLSX)" in page
    assert _total(page, "Säters kommun") == "14"


def test_the_kept_dashboard_shows_new_figures_once_counted_again_or_expired(
    settings: object, as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    world = two_organisations(org_a, org_b)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert _total(as_programme_manager.get(ORGANISATIONS).content.decode(), "Säters kommun") == "14"
        completed(people(org_a, 6, "man"), world.course, org_a, MARCH)
        assert _total(as_programme_manager.get(ORGANISATIONS).content.decode(), "Säters kommun") == "14"
        call_command("warm_statistics")  # counts again: the kept pages are stale at once
        assert _total(as_programme_manager.get(ORGANISATIONS).content.decode(), "Säters kommun") == "20"
        completed(people(org_a, 5, "kvinna"), world.course, org_a, MARCH)
    with time_machine.travel(now + datetime.timedelta(seconds=301), tick=False):
        assert _total(as_programme_manager.get(ORGANISATIONS).content.decode(), "Säters kommun") == "25"


def test_the_quick_select_writes_what_djangos_select_writes_and_escapes_names(
    org_a: Organisation, org_b: Organisation
) -> None:
    Organisation.objects.filter(pk=org_b.pk).update(name='Gagnef <b>"&"</b>')
    form = ScopeForm({"organisation": org_a.slug, "dimension": "county", "kind": "municipality"})
    assert form.is_valid()
    quick = [str(field) for field in form]
    for field in form.fields.values():
        if isinstance(field.widget, QuickSelect):
            plain = forms.Select(attrs=field.widget.attrs)
            plain.choices = field.widget.choices
            field.widget = plain
    plain_html = [re.sub(r"\n\s*\n", "\n", str(field)) for field in form]
    assert quick == plain_html
    page = "".join(quick)
    assert '<option value="municipality" selected>' in page
    # The organisation is a combobox now (issue 19): its typed value is escaped like any input's.
    named = ScopeForm({"organisation": 'Gagnef <b>"&"</b>'})
    assert named.is_valid(), named.errors
    assert 'value="Gagnef &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;"' in str(named["organisation"])
