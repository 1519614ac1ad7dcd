"""Searching as people type: a theme's own name, the beginning of a word, and Swedish compounds
("budgetering" in "jämställdhetsbudgetering"). Runs on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest

from jamlik.knowledge.search import find_examples
from tests.factories import OrganisationFactory
from tests.knowledge.factories import published_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(coordinator_a, org_a, programme_manager):
    umea = OrganisationFactory(name="Umeå kommun", slug="umea-test")
    return {
        "budget": published_example(
            programme_manager,
            umea,
            programme_manager,
            title="Jämställdhetsbudgetering i Umeå",
            summary="Kommunen fördelar pengarna efter vad kvinnor och män behöver.",
        ),
        "school": published_example(
            coordinator_a,
            org_a,
            programme_manager,
            themes=["antirasism"],
            title="Skolan arbetar mot diskriminering",
            summary="Lärarna planerar undervisningen antirasistiskt tillsammans med eleverna.",
        ),
        "themed": published_example(
            coordinator_a,
            org_a,
            programme_manager,
            themes=["antirasism"],
            title="Rekrytering utan fördomar",
            summary="Anonymiserade ansökningar i alla rekryteringar.",
        ),
        "reception": published_example(
            coordinator_a,
            org_a,
            programme_manager,
            title="Bemötande i receptionen",
            summary="Receptionen tränade bemötande med rollspel varje vecka.",
        ),
    }


def found(query: str) -> set[str]:
    return {example.title for example in find_examples(query)}


def test_a_themes_own_name_finds_its_examples(examples):
    assert found("antirasism") == {"Skolan arbetar mot diskriminering", "Rekrytering utan fördomar"}
    assert found("Anti-racism") == {"Skolan arbetar mot diskriminering", "Rekrytering utan fördomar"}


def test_a_word_finds_its_derivations(examples):
    assert "Skolan arbetar mot diskriminering" in found("rasism")
    assert "Bemötande i receptionen" not in found("rasism")


def test_the_last_part_of_a_compound_finds_the_compound(examples):
    assert found("budgetering") == {"Jämställdhetsbudgetering i Umeå"}
    assert found("budget") == {"Jämställdhetsbudgetering i Umeå"}


def test_the_beginning_of_a_word_finds_the_word(examples):
    assert found("rollsp") == {"Bemötande i receptionen"}
    assert found("anonymiser") == {"Rekrytering utan fördomar"}


def test_every_word_must_still_match(examples):
    assert found("budgetering receptionen") == set()
    assert found("bemötande receptionen") == {"Bemötande i receptionen"}


@pytest.mark.postgres
def test_postgresql_looks_stems_up_through_a_trigram_index(examples):
    from django.db import connection

    from jamlik.knowledge.models import Example

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm and the index exist only on PostgreSQL")
    assert Example.objects.get(title__startswith="Jämställdhets").search_text.startswith("jämställdhetsbudgetering")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: make the planner show what it can use
    plan = Example.objects.filter(search_text__contains="budgeteri").order_by().values("pk").explain()
    assert "knowledge_example_search_text" in plan, plan


def test_a_renamed_theme_is_found_by_its_new_name(examples, administrator):
    from django.test import Client

    from jamlik.knowledge.models import Theme
    from tests.conftest import client_for

    theme = Theme.objects.get(slug="antirasism")
    client: Client = client_for(administrator)
    response = client.post(
        f"/admin/knowledge/theme/{theme.pk}/change/",
        {
            "name_sv": "Motverka rasism",
            "name_en": "Countering racism",
            "slug": "antirasism",
            "position": theme.position,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("motverka") == {"Skolan arbetar mot diskriminering", "Rekrytering utan fördomar"}


def test_the_whole_word_found_by_its_stem_is_marked(examples):
    from jamlik.knowledge.search import highlight

    example = find_examples("rasism").get(title="Skolan arbetar mot diskriminering")
    html = str(highlight(example.headline_raw, "rasism"))
    assert "<mark>antirasistiskt</mark>" in html
    assert str(highlight("Jämställdhetsbudgetering i Umeå", "budgetering")) == (
        "<mark>Jämställdhetsbudgetering</mark> i Umeå"
    )
