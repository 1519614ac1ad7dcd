"""The design system's shared parts: numbers, colours, the installation's look, confirmations,
error summaries and labels (docs/design.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import translation

from jamlik.lib.colours import contrast, readable_on_white
from jamlik.lib.numbers import format_number, format_percent
from jamlik.people.models import Organisation, User
from jamlik.web import branding, palette

STYLESHEET = Path(settings.BASE_DIR) / "jamlik" / "web" / "static" / "jamlik" / "site.css"
THIN = "\u202f"


@pytest.mark.parametrize(
    ("value", "places", "sv", "en"),
    [
        (2891, None, f"2{THIN}891", "2,891"),
        (12590, None, f"12{THIN}590", "12,590"),
        (1234567, None, f"1{THIN}234{THIN}567", "1,234,567"),
        (999, None, "999", "999"),
        (12.5, None, "12,5", "12.5"),
        (41.65, 1, "41,7", "41.7"),
        (0.25, 2, "0,25", "0.25"),
        (-3500, None, f"\u22123{THIN}500", "-3,500"),
        (12590.0, 0, f"12{THIN}590", "12,590"),
    ],
)
def test_numbers_are_written_as_each_language_writes_them(value: float, places: int | None, sv: str, en: str) -> None:
    assert format_number(value, places, "sv") == sv
    assert format_number(value, places, "en") == en


def test_a_per_cent_sign_keeps_to_its_number() -> None:
    assert format_percent(45, 0, "sv") == "45\u00a0%"
    assert format_percent(41.65, 1, "en") == "41.7%"


def test_the_filter_formats_numbers_and_leaves_other_values_alone() -> None:
    template = Template("{{ a|num }}|{{ b|num:1 }}|{{ c|num }}|{{ d|num }}|{{ e|pct:1 }}")
    context = Context({"a": 12590, "b": 2.25, "c": "färre än 5", "d": None, "e": 41.65})
    with translation.override("sv"):
        assert template.render(context) == f"12{THIN}590|2,3|färre än 5|None|41,7\u00a0%"
    with translation.override("en"):
        assert template.render(context) == "12,590|2.3|färre än 5|None|41.7%"


def test_every_documented_colour_pair_reaches_the_contrast_wcag_requires() -> None:
    failing = [f"{p.foreground} on {p.background}: {p.ratio:.2f} < {p.required}" for p in palette.PAIRS if not p.passes]
    assert not failing
    # The required ratios are WCAG's, never lowered to make a pair pass.
    assert {p.required for p in palette.PAIRS} <= {4.5, 3.0}


def test_the_documented_colours_are_the_stylesheets() -> None:
    root = STYLESHEET.read_text()
    root = root[root.index(":root {") : root.index("}", root.index(":root {"))]
    declared = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", root))
    assert declared == palette.COLOURS


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey


def test_a_light_accent_colour_is_darkened_until_white_text_reads_on_it() -> None:
    profile = branding.profile_from("Länsstyrelsen Dalarna", "#ffcc00", "")
    assert profile.accent_adjusted
    assert contrast(profile.accent, "#ffffff") >= 4.5
    assert contrast(profile.accent_dark, "#ffffff") >= 4.5
    assert branding.profile_from("X", "#1d4f91", "").accent == "#1d4f91"
    assert branding.profile_from("X", "not a colour", "").accent == branding.DEFAULT_ACCENT
    assert readable_on_white("#000000") == "#000000"


@pytest.fixture
def county_board_look(settings: object, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    settings.JAMLIK_SITE_NAME = "Länsstyrelsen Dalarna"  # type: ignore[attr-defined]
    settings.JAMLIK_SITE_ACCENT = "#ffcc00"  # type: ignore[attr-defined]
    settings.JAMLIK_SITE_LOGO = str(logo)  # type: ignore[attr-defined]
    branding.site_profile.cache_clear()
    yield
    branding.site_profile.cache_clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("county_board_look")
def test_an_installation_sets_its_name_logo_and_accent_without_code(client: Client) -> None:
    page = client.get("/integritet/").content.decode()
    assert "Länsstyrelsen Dalarna</title>" in page
    assert '<img src="/logotyp"' in page
    assert 'href="/tema.css?v=' in page
    css = client.get("/tema.css").content.decode()
    accent = re.search(r"--brand: (#[0-9a-f]{6})", css)
    assert accent and accent.group(1) != "#ffcc00" and contrast(accent.group(1), "#ffffff") >= 4.5
    logo = client.get("/logotyp")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_the_default_look_has_no_theme_stylesheet_and_no_logo(client: Client) -> None:
    page = client.get("/integritet/").content.decode()
    assert "/tema.css" not in page and "/logotyp" not in page
    assert client.get("/logotyp").status_code == 404


def test_a_destructive_action_asks_first_and_works_without_javascript() -> None:
    request = RequestFactory().get("/")
    template = Template(
        '{% confirm action="/ta-bort/" label="Ta bort" question="Ta bort Anna?" name="member" value="7" %}'
    )
    html = template.render(Context({"request": request, "csrf_token": "token123"}))
    assert html.index("<summary") < html.index("Ta bort Anna?") < html.index('<form method="post" action="/ta-bort/"')
    assert 'class="button button-danger"' in html
    assert 'name="csrfmiddlewaretoken" value="token123"' in html
    assert '<input type="hidden" name="member" value="7">' in html


@pytest.mark.django_db
def test_the_design_page_shows_every_component(client: Client) -> None:
    page = client.get("/design/").content.decode()
    for anchor in ("colours", "type", "spacing", "buttons", "forms", "tables", "notices", "empty", "charts"):
        assert f'id="{anchor}"' in page
    assert page.count("<tr>") >= len(palette.PAIRS)
    assert f"12{THIN}590" in page
    assert "button-danger" in page and "<details" in page


def test_a_failed_headcount_gets_a_summary_linking_each_field_and_an_error_title(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation
) -> None:
    response = as_coordinator_a.post(
        f"/organisationer/{org_a.slug}/antal-anstallda/", {"headcount": "tolv", "as_of": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-error-summary") == 1
    assert 'href="#id_headcount"' in page and 'href="#id_as_of"' in page
    title = page[page.index("<title>") : page.index("</title>")]
    assert title.startswith("<title>Fel:")
    assert ">Antal anställda</label>" in page and "Antal anställda:</label>" not in page  # no trailing colon
    assert 'aria-invalid="true"' in page


@pytest.mark.django_db
def test_a_wrong_sign_in_gets_the_error_summary(client: Client) -> None:
    page = client.post("/konto/login/", {"login": "nobody@example.se", "password": "wrong-password-1"}).content.decode()
    assert page.count("data-error-summary") == 1
    assert "<title>Fel:" in page


@pytest.mark.django_db
def test_a_confirmation_is_announced_after_load(client: Client) -> None:
    page = client.get("/integritet/").content.decode()
    # The live region is empty when the page loads; site.js fills it with the messages.
    assert '<div id="announcements" class="visually-hidden" role="status" aria-live="polite"></div>' in page
    assert '<div class="messages" role="status">' not in page


def test_a_declared_headcount_is_printed_with_a_thin_space(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation
) -> None:
    url = f"/organisationer/{org_a.slug}/antal-anstallda/"
    as_coordinator_a.post(url, {"headcount": "12590", "as_of": "2026-11-01", "source_note": ""})
    page = as_coordinator_a.get(url).content.decode()
    assert f'<td class="num">12{THIN}590</td>' in page
    assert ">12590<" not in page


def test_no_table_cell_is_made_a_flex_box_by_the_actions_class() -> None:
    # `.actions` is `display: flex`; on a <td> it stops being a table cell, and the members table's
    # action cells drew their borders out of line with the row's (seen in the screenshots).
    root = Path(settings.BASE_DIR) / "jamlik"
    cells = re.compile(r"<t[dh][^>]*\bclass=\"[^\"]*\bactions\b")
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if cells.search(line)
    ]
    assert not found, found
