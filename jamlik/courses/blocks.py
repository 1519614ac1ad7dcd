"""The content of a lesson block: one pydantic schema per kind, and the rules for its media.

``Block.data`` is a JSON column that is only ever written through ``validate_block_data``,
so every stored value matches the schema of its kind. Text that may contain Markdown is
rendered through ``jamlik.lib.markdown.render_markdown``; everything else is plain text and
escaped by the templates. To add a kind: a ``BlockKind`` member, a schema here, a template
``courses/blocks/<kind>.html``, and (if it has media) an entry in ``MEDIA_RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic import ValidationError as PydanticValidationError


class BlockKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    REFLECTION = "reflection", _("Reflection question")
    KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")
    SCENARIO = "scenario", _("Scenario")


Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortRequired = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1_000)]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextData(_Schema):
    markdown: Required


class ImageData(_Schema):
    alt: ShortRequired = Field(description="What the image shows, for people who cannot see it")
    caption: Text = ""


class VideoData(_Schema):
    transcript: Required = Field(description="Everything said and shown, as text")
    description: Text = ""


class AudioData(_Schema):
    transcript: Required
    description: Text = ""


class ReflectionData(_Schema):
    prompt: Required


class CheckOption(_Schema):
    id: OptionId
    text: ShortRequired
    correct: bool = False
    feedback: Text = ""


class KnowledgeCheckData(_Schema):
    question: Required
    multiple: bool = Field(False, description="Several options may be correct (checkboxes)")
    options: list[CheckOption] = Field(min_length=2, max_length=12)
    explanation: Text = ""

    @model_validator(mode="after")
    def _sound(self) -> KnowledgeCheckData:
        _unique_ids([o.id for o in self.options])
        correct = sum(1 for o in self.options if o.correct)
        if correct == 0:
            raise ValueError(str(_("Mark at least one option as correct.")))
        if not self.multiple and correct != 1:
            raise ValueError(str(_("A single-choice question has exactly one correct option.")))
        return self

    def is_correct(self, chosen: set[str]) -> bool:
        return chosen == {o.id for o in self.options if o.correct}


class ScenarioChoice(_Schema):
    id: OptionId
    text: ShortRequired
    feedback: Required


class ScenarioData(_Schema):
    situation: Required = Field(description="Markdown")
    question: Text = ""
    choices: list[ScenarioChoice] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _sound(self) -> ScenarioData:
        _unique_ids([c.id for c in self.choices])
        return self


def _unique_ids(ids: list[str]) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(str(_("Each option needs its own id.")))


BlockData = TextData | ImageData | VideoData | AudioData | ReflectionData | KnowledgeCheckData | ScenarioData

SCHEMAS: dict[str, type[BlockData]] = {
    BlockKind.TEXT: TextData,
    BlockKind.IMAGE: ImageData,
    BlockKind.VIDEO: VideoData,
    BlockKind.AUDIO: AudioData,
    BlockKind.REFLECTION: ReflectionData,
    BlockKind.KNOWLEDGE_CHECK: KnowledgeCheckData,
    BlockKind.SCENARIO: ScenarioData,
}


def parse_block_data(kind: str, data: Any) -> BlockData:
    """The typed content of a block; raises Django's ValidationError naming each bad field."""
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise ValidationError({"kind": _("Unknown block kind.")})
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        errors: dict[str, list[str]] = {}
        for item in exc.errors():
            where = ".".join(str(p) for p in item["loc"]) or "data"
            errors.setdefault(f"data.{where}" if where != "data" else "data", []).append(_explain(item))
        raise ValidationError(errors) from exc


# The names authors see for the fields of a block, in the messages about them.
FIELD_LABELS: dict[str, Any] = {
    "markdown": _("Text"),
    "alt": _("Alternative text"),
    "caption": _("Caption"),
    "transcript": _("Transcript"),
    "description": _("Description"),
    "prompt": _("Question"),
    "question": _("Question"),
    "options": _("Options"),
    "explanation": _("Explanation"),
    "situation": _("Situation"),
    "choices": _("Choices"),
    "text": _("Text"),
    "feedback": _("Feedback"),
    "id": _("Id"),
    "multiple": _("Several correct options"),
    "correct": _("Correct"),
}


def _explain(item: Any) -> str:
    """One pydantic error in our own words, in the active language, naming the field."""
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        message = _("%(field)s: this is required.")
    elif kind == "string_too_long":
        message = _("%(field)s: at most %(limit)s characters.")
    elif kind == "too_short":
        message = _("%(field)s: at least %(limit)s are needed.")
    elif kind == "too_long":
        message = _("%(field)s: at most %(limit)s are allowed.")
    elif kind == "string_pattern_mismatch":
        message = _("%(field)s: use lower-case letters, digits and hyphens (at most 32).")
    elif kind == "extra_forbidden":
        message = _("%(field)s: this field is unknown for this kind of block.")
    else:
        message = _("%(field)s: the value is not valid.")
    names = [str(part) for part in item["loc"] if isinstance(part, str)]
    field = FIELD_LABELS.get(names[-1], names[-1]) if names else _("Content")
    limit = ctx.get("min_length", ctx.get("max_length", ""))
    return str(message) % {"field": field, "limit": limit}


def validate_block_data(kind: str, data: Any) -> dict[str, Any]:
    """The normalised JSON to store for a block of ``kind``."""
    return parse_block_data(kind, data).model_dump(mode="json")


@dataclass(frozen=True)
class MediaRule:
    extensions: tuple[str, ...]
    max_bytes: int


MB = 1024 * 1024
MEDIA_RULES: dict[str, MediaRule] = {
    BlockKind.IMAGE: MediaRule(("jpg", "jpeg", "png", "webp", "gif"), 5 * MB),
    # What a lesson needs: some twenty minutes of 1080p video at web quality, an hour of speech.
    BlockKind.VIDEO: MediaRule(("mp4", "webm"), 200 * MB),
    BlockKind.AUDIO: MediaRule(("mp3", "m4a", "ogg", "opus", "wav"), 50 * MB),
}
CAPTIONS_RULE = MediaRule(("vtt",), 2 * MB)
