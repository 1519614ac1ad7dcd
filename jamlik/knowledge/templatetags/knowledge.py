"""Template helpers: sanitised Markdown, and the related good examples of a course or programme.

To show related examples on a course or programme page::

    {% load knowledge %}{% related_examples course %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from jamlik.knowledge.models import Example
from jamlik.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.inclusion_tag("knowledge/related_examples.html")
def related_examples(target: Any, limit: int = 5) -> dict[str, Any]:
    """Published examples linked to ``target`` (a Course or a Programme); one query."""
    field = {"course": "courses", "programme": "programmes"}.get(target._meta.model_name)
    examples = (
        list(Example.objects.published().filter(**{field: target}).select_related("organisation")[:limit])
        if field
        else []
    )
    return {"related": examples}
