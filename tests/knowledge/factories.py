"""Factories for good examples and news. Published examples go through the actions, as on the site."""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

import factory
from django.utils import timezone

from jamlik.knowledge import actions
from jamlik.knowledge.models import Example, NewsItem, Theme
from jamlik.people.models import Organisation, User


class ExampleFactory(factory.django.DjangoModelFactory):
    """An unsaved-then-saved draft; use ``published_example`` for a public one."""

    class Meta:
        model = Example
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Exempel {n}")
    summary = "En kort sammanfattning."
    problem = "Problemet."
    what_was_done = "Det som gjordes."
    period_start = datetime.date(2020, 1, 1)


def ensure_themes() -> None:
    """The themes migration 0002 seeds; tests that empty the tables (the browser tests) remove them."""
    seed = import_module("jamlik.knowledge.migrations.0002_themes_and_search_index")
    for position, (slug, sv, en) in enumerate(seed.THEMES, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"name_sv": sv, "name_en": en, "position": position})


def theme(slug: str = "bemotande") -> Theme:
    found = Theme.objects.filter(slug=slug).first()
    if found is None:
        ensure_themes()
        found = Theme.objects.get(slug=slug)
    return found


def draft_example(author: User, organisation: Organisation, themes: list[str] | None = None, **fields: Any) -> Example:
    example = ExampleFactory.build(organisation=organisation, **fields)
    return actions.save_example(author, example, themes=[theme(s) for s in themes or ["bemotande"]])


def published_example(
    author: User, organisation: Organisation, reviewer: User, themes: list[str] | None = None, **fields: Any
) -> Example:
    example = draft_example(author, organisation, themes, **fields)
    actions.submit_example(author, example)
    return actions.publish_example(reviewer, example)


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"Nyhet {n}")
    lead = "En ingress."
    body = "Brödtext."
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
