"""The demo's good examples, news and pages load twice without creating anything twice."""

from __future__ import annotations

import pytest

from jamlik.knowledge import demo
from jamlik.knowledge.demo_examples import EXAMPLES
from jamlik.knowledge.models import ContentPage, Example, ExampleStatus, NewsItem
from jamlik.knowledge.search import find_examples
from jamlik.people import demo as people_demo
from tests.knowledge.factories import ensure_themes


@pytest.mark.django_db
def test_the_demo_is_idempotent_spread_over_themes_and_counties_and_marked_as_demo() -> None:
    ensure_themes()
    people_demo.load()
    demo.load()
    demo.load()
    published = Example.objects.filter(status=ExampleStatus.PUBLISHED)
    assert published.count() == len(EXAMPLES) - 1
    assert Example.objects.filter(status=ExampleStatus.SUBMITTED).count() == 1
    assert Example.objects.filter(status=ExampleStatus.DRAFT).count() == 1
    assert not Example.objects.filter(is_demo=False).exists()
    assert published.values("county").distinct().count() >= 10
    assert published.values("themes").distinct().count() >= 8
    assert published.filter(language="en").count() >= 2
    assert NewsItem.objects.count() == len(demo.NEWS)
    assert set(ContentPage.objects.values_list("slug", flat=True)) == {"om-jamlik", "kontakt"}
    assert find_examples("bemötande").count() >= 2
