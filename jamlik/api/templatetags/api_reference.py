from __future__ import annotations

from django import template
from ninja import NinjaAPI

from jamlik.api.reference import Reference, build_reference

register = template.Library()


@register.simple_tag
def api_reference(api: NinjaAPI) -> Reference:
    """``{% api_reference api as reference %}``: the API's OpenAPI document as a readable reference."""
    return build_reference(api.get_openapi_schema())
