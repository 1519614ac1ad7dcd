"""``{{ text|network_markdown }}``: Markdown written by members, rendered and sanitised at display time."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from jamlik.lib.markdown import render_markdown

register = template.Library()


@register.filter
def network_markdown(text: str) -> SafeString:
    return render_markdown(text or "")
