"""The project's form renderer: Django's, except that help text is escaped like every other value.

Django's own ``field.html`` prints ``help_text|safe``, so any help text built from what a person
typed would be markup. Ours never contains markup, so escaping it costs nothing and closes the
door for good (``FORM_RENDERER`` in settings).
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class EscapingRenderer(DjangoTemplates):
    field_template_name = "web/forms/field.html"
