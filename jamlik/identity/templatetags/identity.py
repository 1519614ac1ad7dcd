from __future__ import annotations

from typing import Any

from django import template

from jamlik.identity.signin import enabled_providers

register = template.Library()


@register.simple_tag
def organisation_providers() -> list[Any]:
    """Enabled providers for the sign-in page's "choose your organisation" list, by organisation name."""
    return list(enabled_providers().only("slug", "name", "organisation__name").order_by("organisation__name", "name"))
