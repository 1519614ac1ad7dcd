"""The API's request parser: JSON and form data, refusing what no field of ours can hold.

A NUL character cannot be stored in a PostgreSQL text column and means nothing in any of our
fields, and ``NaN``/``Infinity`` (which Python's json module accepts) are not JSON numbers:
all are refused with a 400 problem before validation, wherever they appear.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser


class BadRequest(Exception):
    """The request cannot be read; answered 400 with this message as the problem's detail."""


def _not_a_number(name: str) -> NoReturn:
    raise BadRequest(_("%(value)s is not a JSON number.") % {"value": name})


def refuse_nul(value: object) -> None:
    """Raise BadRequest if a NUL character is in any string of ``value`` (keys included)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise BadRequest(_("The request contains a NUL character."))
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key)
            refuse_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            refuse_nul(item)


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body, parse_constant=_not_a_number)
        except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
            raise BadRequest(_("The body is not valid JSON.")) from exc
        refuse_nul(data)
        return data  # type: ignore[no-any-return]

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        refuse_nul(result)
        return result
