"""Factories for good examples and news. Published examples go through the actions, as on the site."""

from __future__ import annotations

import datetime
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


def theme(slug: str = "bemotande") -> Theme:
    return Theme.objects.get(slug=slug)


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
