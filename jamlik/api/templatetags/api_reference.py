from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from ninja import NinjaAPI

from jamlik.api.reference import Reference, build_reference, inline_code
from jamlik.api.walkthrough import STEPS, Step

register = template.Library()


@register.simple_tag
def api_reference(api: NinjaAPI) -> Reference:
    """``{% api_reference api as reference %}``: the API's OpenAPI document as a readable reference."""
    return build_reference(api.get_openapi_schema())


@register.simple_tag
def api_walkthrough() -> list[Step]:
    """``{% api_walkthrough as steps %}``: the first integration, step by step."""
    return STEPS


@register.filter
def code_spans(text: str) -> SafeString:
    """Escape ``text`` and show its `backticked` parts as code."""
    return inline_code(text)
