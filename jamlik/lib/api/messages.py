"""Field messages of the API's 422 problems in our words and the caller's language.

Pydantic writes its messages in English ("Field required"); a problem's title is translated, so
its field messages must be too. Each error type our schemas can produce has a message of ours,
filled from the error's context (the bound, the allowed values); a message our own validator
raised (a ``value_error``, such as ``Day``'s) is already ours and kept; anything else gets a
plain "not valid" rather than English. ``tests/api/test_field_messages.py`` walks every
operation's input schemas and fails when a schema can produce a type this table lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Context = Mapping[str, Any]


def _one_of(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" as a list in the active language."""
    head, _sep, last = expected.rpartition(" or ")
    items = [*head.split(", "), last] if head else [last]
    return _("Must be one of: %(values)s.") % {"values": ", ".join(items)}


def _n(ctx: Context, key: str) -> int:
    return int(ctx.get(key, 0))


def _own(ctx: Context) -> str:
    """A message our validator raised (``ValueError(_("…"))``), already in the right language."""
    return str(ctx.get("error") or "") or _("This value is not valid.")


def _messages() -> dict[str, Callable[[Context], str]]:
    whole = lambda ctx: _("Write a whole number.")  # noqa: E731
    number = lambda ctx: _("Write a number.")  # noqa: E731
    decimal = lambda ctx: _("Write a decimal number such as 12.5.")  # noqa: E731
    text = lambda ctx: _("Write text (a JSON string).")  # noqa: E731
    boolean = lambda ctx: _("Must be true or false.")  # noqa: E731
    uuid = lambda ctx: _("Must be an id (a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301).")  # noqa: E731
    day = lambda ctx: _("Write a date as YYYY-MM-DD.")  # noqa: E731
    moment = lambda ctx: _("Write a date and time as YYYY-MM-DDTHH:MM:SS, with its time zone.")  # noqa: E731
    time = lambda ctx: _("Write a time as HH:MM.")  # noqa: E731
    a_list = lambda ctx: _("Must be a list.")  # noqa: E731
    an_object = lambda ctx: _("Must be an object.")  # noqa: E731
    url = lambda ctx: _("Must be a web address (URL).")  # noqa: E731
    return {
        "missing": lambda ctx: _("This field is required."),
        "extra_forbidden": lambda ctx: _("There is no such field; check its spelling."),
        "int_type": whole,
        "int_parsing": whole,
        "int_from_float": whole,
        "int_parsing_size": lambda ctx: _("The number is too large."),
        "float_type": number,
        "float_parsing": number,
        "finite_number": number,
        "decimal_type": decimal,
        "decimal_parsing": decimal,
        "decimal_max_digits": lambda ctx: (
            ngettext("Use at most %(max_digits)s digit.", "Use at most %(max_digits)s digits.", _n(ctx, "max_digits"))
            % {"max_digits": _n(ctx, "max_digits")}
        ),
        "decimal_max_places": lambda ctx: (
            ngettext(
                "Use at most %(decimal_places)s decimal.",
                "Use at most %(decimal_places)s decimals.",
                _n(ctx, "decimal_places"),
            )
            % {"decimal_places": _n(ctx, "decimal_places")}
        ),
        "decimal_whole_digits": lambda ctx: (
            ngettext(
                "Use at most %(whole_digits)s digit before the decimal point.",
                "Use at most %(whole_digits)s digits before the decimal point.",
                _n(ctx, "whole_digits"),
            )
            % {"whole_digits": _n(ctx, "whole_digits")}
        ),
        "greater_than": lambda ctx: _("Must be greater than %(limit)s.") % {"limit": ctx.get("gt")},
        "greater_than_equal": lambda ctx: _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")},
        "less_than": lambda ctx: _("Must be less than %(limit)s.") % {"limit": ctx.get("lt")},
        "less_than_equal": lambda ctx: _("Must be at most %(limit)s.") % {"limit": ctx.get("le")},
        "multiple_of": lambda ctx: _("Must be a multiple of %(step)s.") % {"step": ctx.get("multiple_of")},
        "string_type": text,
        "string_unicode": text,
        "string_too_short": lambda ctx: (
            ngettext(
                "Write at least %(min_length)s character.",
                "Write at least %(min_length)s characters.",
                _n(ctx, "min_length"),
            )
            % {"min_length": _n(ctx, "min_length")}
        ),
        "string_too_long": lambda ctx: (
            ngettext(
                "Write at most %(max_length)s character.",
                "Write at most %(max_length)s characters.",
                _n(ctx, "max_length"),
            )
            % {"max_length": _n(ctx, "max_length")}
        ),
        "string_pattern_mismatch": lambda ctx: (
            _("Does not have the required form (%(pattern)s).") % {"pattern": ctx.get("pattern")}
        ),
        "too_short": lambda ctx: (
            ngettext("Give at least %(min_length)s item.", "Give at least %(min_length)s items.", _n(ctx, "min_length"))
            % {"min_length": _n(ctx, "min_length")}
        ),
        "too_long": lambda ctx: (
            ngettext("Give at most %(max_length)s item.", "Give at most %(max_length)s items.", _n(ctx, "max_length"))
            % {"max_length": _n(ctx, "max_length")}
        ),
        "literal_error": lambda ctx: _one_of(str(ctx.get("expected", ""))),
        "enum": lambda ctx: _one_of(str(ctx.get("expected", ""))),
        "bool_type": boolean,
        "bool_parsing": boolean,
        "uuid_type": uuid,
        "uuid_parsing": uuid,
        "uuid_version": uuid,
        "date_type": day,
        "date_parsing": day,
        "date_from_datetime_parsing": day,
        "date_from_datetime_inexact": lambda ctx: _("Write a date without a time (YYYY-MM-DD)."),
        "datetime_type": moment,
        "datetime_parsing": moment,
        "datetime_from_date_parsing": moment,
        "datetime_object_invalid": moment,
        "timezone_naive": lambda ctx: _("Write the time without a time zone."),
        "timezone_aware": lambda ctx: _("Write the time with its time zone (such as +01:00 or Z)."),
        "time_type": time,
        "time_parsing": time,
        "date_past": lambda ctx: _("Must be in the past."),
        "datetime_past": lambda ctx: _("Must be in the past."),
        "date_future": lambda ctx: _("Must be in the future."),
        "datetime_future": lambda ctx: _("Must be in the future."),
        "list_type": a_list,
        "tuple_type": a_list,
        "set_type": a_list,
        "frozen_set_type": a_list,
        "iterable_type": a_list,
        "dict_type": an_object,
        "mapping_type": an_object,
        "model_type": an_object,
        "model_attributes_type": an_object,
        "none_required": lambda ctx: _("Must be null."),
        "json_invalid": lambda ctx: _("Is not valid JSON."),
        "url_type": url,
        "url_parsing": url,
        "url_syntax_violation": url,
        "url_too_long": lambda ctx: (
            ngettext(
                "The address may have at most %(max_length)s character.",
                "The address may have at most %(max_length)s characters.",
                _n(ctx, "max_length"),
            )
            % {"max_length": _n(ctx, "max_length")}
        ),
        "url_scheme": lambda ctx: (
            _("The address must start with %(schemes)s.") % {"schemes": ctx.get("expected_schemes")}
        ),
        "value_error": _own,
        "assertion_error": _own,
    }


def field_message(error: Mapping[str, Any]) -> str:
    """Our message, in the active language, for one of pydantic's (or ninja's) errors."""
    known = _messages().get(str(error.get("type", "")))
    if known is None:
        return _("This value is not valid.")
    return known(error.get("ctx") or {})


def known_types() -> frozenset[str]:
    return frozenset(_messages())
