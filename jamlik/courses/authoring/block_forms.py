"""One form per block kind. Each turns its fields into the block's JSON ``data`` and files.

Errors are tied to the field they concern (Django renders ``aria-describedby`` and
``aria-invalid``). Knowledge-check options and scenario choices are numbered rows of plain
fields, so no script is needed to add one: a saved block shows two empty rows more.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.courses.authoring.media import HEAD_BYTES, check_captions, check_media, describe
from jamlik.courses.blocks import CAPTIONS_RULE, MEDIA_RULES, BlockKind, validate_block_data
from jamlik.courses.models import Block

Upload = UploadedFile[bytes]
TEXTAREA = forms.Textarea(attrs={"rows": 6})
MARKDOWN_HELP = gettext_lazy("Markdown: **bold**, *italic*, lists with -, links as [text](https://…).")


def _head(upload: Upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


class BlockForm(forms.Form):
    kind: ClassVar[str]
    rows_name: ClassVar[str] = ""

    def __init__(self, *args: Any, block: Block | None = None, **kwargs: Any) -> None:
        self.block = block
        if block is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(block.data)
        super().__init__(*args, **kwargs)
        self.add_row_fields()

    # Hooks for subclasses ---------------------------------------------------------------
    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return dict(data)

    def add_row_fields(self) -> None:
        return None

    def build_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("file", "captions")}

    # Shared behaviour -------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            self.block_data = validate_block_data(self.kind, self.build_data())
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                field = key.removeprefix("data.").split(".")[0]
                self.add_error(field if field in self.fields else None, messages)
        return cleaned

    def uploads(self) -> dict[str, Upload | None]:
        return {"file": self.cleaned_data.get("file"), "captions": self.cleaned_data.get("captions")}

    def main_fields(self) -> list[forms.BoundField]:
        """The visible fields that are not part of an option or choice row."""
        prefix = f"{self.rows_name}_" if self.rows_name else None
        return [f for f in self.visible_fields() if not (prefix and f.name.startswith(prefix))]

    def row_groups(self) -> list[tuple[int, list[forms.BoundField]]]:
        """Option or choice rows for the template: (number, fields of that row)."""
        groups: list[tuple[int, list[forms.BoundField]]] = []
        for i in range(getattr(self, "row_count", 0)):
            groups.append((i + 1, [self[name] for name in self.fields if name.startswith(f"{self.rows_name}_{i}_")]))
        return groups


class MediaBlockForm(BlockForm):
    """Image, video and audio: a file checked by type, content and size."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = MEDIA_RULES[self.kind]
        has_file = self.block is not None and bool(self.block.file)
        self.fields["file"] = forms.FileField(
            label=_("File"),
            required=not has_file,
            help_text=(_("Leave empty to keep the current file. ") if has_file else "") + describe(rule),
        )
        self.order_fields(["file"])

    def clean_file(self) -> Upload | None:
        upload: Upload | None = self.cleaned_data.get("file")
        if upload is not None:
            check_media(self.kind, upload.name or "", upload.size or 0, _head(upload))
        return upload


class TextForm(BlockForm):
    kind = BlockKind.TEXT
    markdown = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}), help_text=MARKDOWN_HELP
    )


class ImageForm(MediaBlockForm):
    kind = BlockKind.IMAGE
    alt = forms.CharField(
        label=gettext_lazy("Alternative text"),
        max_length=1000,
        help_text=gettext_lazy("What the image shows, for people who cannot see it. Required."),
    )
    caption = forms.CharField(label=gettext_lazy("Caption (optional)"), required=False, max_length=2000)


class VideoForm(MediaBlockForm):
    kind = BlockKind.VIDEO
    transcript = forms.CharField(
        label=gettext_lazy("Transcript"),
        widget=TEXTAREA,
        help_text=gettext_lazy("Everything that is said and shown, as text. Required."),
    )
    description = forms.CharField(label=gettext_lazy("Description (optional)"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        has_captions = self.block is not None and bool(self.block.captions)
        self.fields["captions"] = forms.FileField(
            label=_("Captions (WebVTT)"),
            required=False,
            help_text=(
                _("Leave empty to keep the current captions. A .vtt file whose first line is WEBVTT, at most %(size)s.")
                if has_captions
                else _("A .vtt file whose first line is WEBVTT, at most %(size)s. Required before publishing.")
            )
            % {"size": filesizeformat(CAPTIONS_RULE.max_bytes)},
        )
        self.order_fields(["file", "captions"])

    def clean_captions(self) -> Upload | None:
        upload: Upload | None = self.cleaned_data.get("captions")
        if upload is not None:
            check_captions(upload.name or "", upload.size or 0, _head(upload))
        return upload


class AudioForm(MediaBlockForm):
    kind = BlockKind.AUDIO
    transcript = forms.CharField(label=gettext_lazy("Transcript"), widget=TEXTAREA, help_text=gettext_lazy("Required."))
    description = forms.CharField(label=gettext_lazy("Description (optional)"), required=False, widget=TEXTAREA)


class ReflectionForm(BlockForm):
    kind = BlockKind.REFLECTION
    prompt = forms.CharField(
        label=gettext_lazy("Question to reflect on"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The learner's answer is private: nobody else ever sees it."),
    )


class RowsForm(BlockForm):
    """A block with numbered rows (options or choices), each with an id kept across edits."""

    row_fields: ClassVar[tuple[str, ...]] = ()
    min_rows: ClassVar[int] = 2
    max_rows: ClassVar[int] = 8
    new_rows: ClassVar[int] = 4

    def stored_rows(self) -> list[dict[str, Any]]:
        if self.block is None:
            return []
        rows: list[dict[str, Any]] = self.block.data.get(self.rows_name, [])
        return rows

    def add_row_fields(self) -> None:
        stored = self.stored_rows()
        self.row_count = min(max(len(stored) + 2, self.new_rows), self.max_rows)
        for i in range(self.row_count):
            row = stored[i] if i < len(stored) else {}
            self.fields[f"{self.rows_name}_{i}_id"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=row.get("id", "")
            )
            for name, field in self.row_field_objects(i + 1).items():
                field.initial = row.get(name)
                self.fields[f"{self.rows_name}_{i}_{name}"] = field

    def row_field_objects(self, number: int) -> dict[str, forms.Field]:
        raise NotImplementedError

    def rows(self) -> list[dict[str, Any]]:
        """The filled rows, each with an id: the stored one, or the next free ``o<n>``."""
        taken = {str(self.cleaned_data.get(f"{self.rows_name}_{i}_id") or "") for i in range(self.row_count)}
        counter = 1
        result = []
        for i in range(self.row_count):
            values = {name: self.cleaned_data.get(f"{self.rows_name}_{i}_{name}") for name in self.row_fields}
            if not any(v for k, v in values.items() if k != "correct"):
                continue
            row_id = str(self.cleaned_data.get(f"{self.rows_name}_{i}_id") or "")
            if not row_id:
                while f"o{counter}" in taken:
                    counter += 1
                row_id = f"o{counter}"
                taken.add(row_id)
            result.append({"id": row_id, **values, "_index": i})
        return result

    def check_rows(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            i = row["_index"]
            if not row.get("text"):
                self.add_error(f"{self.rows_name}_{i}_text", _("Write the text of this row, or empty the whole row."))
            if not row.get("feedback"):
                self.add_error(f"{self.rows_name}_{i}_feedback", _("Write the feedback the learner sees for this row."))
        if len(rows) < self.min_rows:
            self.add_error(None, _("Fill in at least %(n)d rows.") % {"n": self.min_rows})

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        self.check_rows(self.rows())  # reported together with any other field's errors
        if not self.errors:
            cleaned = super().clean()
        return cleaned

    def clean_rows_for_data(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != "_index"} for row in self.rows()]


class KnowledgeCheckForm(RowsForm):
    kind = BlockKind.KNOWLEDGE_CHECK
    rows_name = "options"
    row_fields = ("text", "correct", "feedback")
    max_rows = 12
    new_rows = 4
    question = forms.CharField(label=gettext_lazy("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    multiple = forms.BooleanField(
        label=gettext_lazy("Several options may be correct (the learner ticks boxes)"), required=False
    )
    explanation = forms.CharField(
        label=gettext_lazy("Explanation after answering (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def row_field_objects(self, number: int) -> dict[str, forms.Field]:
        return {
            "text": forms.CharField(label=_("Option %(n)d") % {"n": number}, required=False, max_length=1000),
            "correct": forms.BooleanField(label=_("Option %(n)d is correct") % {"n": number}, required=False),
            "feedback": forms.CharField(
                label=_("Feedback for option %(n)d") % {"n": number},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        }

    def check_rows(self, rows: list[dict[str, Any]]) -> None:
        super().check_rows(rows)
        correct = sum(1 for row in rows if row.get("correct"))
        if correct == 0:
            self.add_error(None, _("Mark at least one option as correct."))
        elif not self.cleaned_data.get("multiple") and correct > 1:
            self.add_error(
                "multiple", _("Several options are marked correct: tick this box, or mark only one option correct.")
            )

    def build_data(self) -> dict[str, Any]:
        return {
            "question": self.cleaned_data["question"],
            "multiple": bool(self.cleaned_data.get("multiple")),
            "explanation": self.cleaned_data.get("explanation") or "",
            "options": [{**row, "correct": bool(row.get("correct"))} for row in self.clean_rows_for_data()],
        }


class ScenarioForm(RowsForm):
    kind = BlockKind.SCENARIO
    rows_name = "choices"
    row_fields = ("text", "feedback")
    max_rows = 8
    new_rows = 3
    situation = forms.CharField(
        label=gettext_lazy("Situation"), widget=forms.Textarea(attrs={"rows": 8}), help_text=MARKDOWN_HELP
    )
    question = forms.CharField(label=gettext_lazy("Question (optional)"), required=False, max_length=2000)

    def row_field_objects(self, number: int) -> dict[str, forms.Field]:
        return {
            "text": forms.CharField(label=_("Choice %(n)d") % {"n": number}, required=False, max_length=1000),
            "feedback": forms.CharField(
                label=_("What follows from choice %(n)d") % {"n": number},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
        }

    def build_data(self) -> dict[str, Any]:
        return {
            "situation": self.cleaned_data["situation"],
            "question": self.cleaned_data.get("question") or "",
            "choices": self.clean_rows_for_data(),
        }


FORMS: dict[str, type[BlockForm]] = {
    BlockKind.TEXT: TextForm,
    BlockKind.IMAGE: ImageForm,
    BlockKind.VIDEO: VideoForm,
    BlockKind.AUDIO: AudioForm,
    BlockKind.REFLECTION: ReflectionForm,
    BlockKind.KNOWLEDGE_CHECK: KnowledgeCheckForm,
    BlockKind.SCENARIO: ScenarioForm,
}
