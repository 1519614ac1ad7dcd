"""The project's form renderer: Django's, except that help text is escaped like every other value,
and a form starts with the shared error summary (``components/error_summary.html``).

Django's own ``field.html`` prints ``help_text|safe``, so any help text built from what a person
typed would be markup. Ours never contains markup, so escaping it costs nothing and closes the
door for good (``FORM_RENDERER`` in settings). Labels have no trailing colon (docs/design.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class EscapingRenderer(DjangoTemplates):
    form_template_name = "web/forms/div.html"
    field_template_name = "web/forms/field.html"

    @cached_property
    def engine(self) -> Any:
        # Django's, with the project's template filters and tags (|num, {% error_summary %}).
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(django.forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {"builtins": ["jamlik.lib.templatefilters"]},
            }
        )
