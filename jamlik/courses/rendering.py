"""What a lesson page shows for each block: typed content, rendered Markdown, the learner's answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from jamlik.courses.blocks import BlockData, KnowledgeCheckData, ScenarioData, TextData
from jamlik.courses.models import Block, CheckAnswer
from jamlik.lib.markdown import render_markdown


@dataclass
class CheckFeedback:
    correct: bool
    attempts: int
    chosen: list[str]
    notes: list[tuple[str, str]]  # (option text, feedback) for each chosen option with feedback
    explanation: str


@dataclass
class RenderedBlock:
    block: Block
    content: BlockData
    html: SafeString | None = None  # Markdown rendered and sanitised (text, scenario situation)
    feedback: CheckFeedback | None = None
    reflection: str = ""
    scenario_choice: str = ""
    scenario_feedback: str = ""
    chosen: list[str] = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"courses/blocks/{self.block.kind}.html"

    @property
    def anchor(self) -> str:
        return f"b-{self.block.public_id}"


def check_feedback(content: KnowledgeCheckData, answer: CheckAnswer) -> CheckFeedback:
    chosen = list(answer.chosen)
    notes = [(o.text, o.feedback) for o in content.options if o.id in chosen and o.feedback]
    return CheckFeedback(
        correct=answer.correct,
        attempts=answer.attempts,
        chosen=chosen,
        notes=notes,
        explanation=content.explanation if answer.correct else "",
    )


def render_blocks(
    blocks: list[Block],
    answers: dict[int, CheckAnswer],
    reflections: dict[int, str],
    scenario_choices: dict[str, str],
    html: dict[int, SafeString] | None = None,
) -> list[RenderedBlock]:
    """``html``: Markdown already rendered, by block id (``jamlik.courses.published``); rendered here if missing."""
    html = html or {}
    rendered: list[RenderedBlock] = []
    for block in blocks:
        content = block.content
        item = RenderedBlock(block=block, content=content, reflection=reflections.get(block.pk, ""))
        if isinstance(content, TextData):
            item.html = html.get(block.pk) or render_markdown(content.markdown)
        elif isinstance(content, ScenarioData):
            item.html = html.get(block.pk) or render_markdown(content.situation)
            choice_id = scenario_choices.get(str(block.public_id), "")
            choice = next((c for c in content.choices if c.id == choice_id), None)
            if choice is not None:
                item.scenario_choice, item.scenario_feedback = choice.text, choice.feedback
                item.chosen = [choice.id]
        elif isinstance(content, KnowledgeCheckData) and block.pk in answers:
            item.feedback = check_feedback(content, answers[block.pk])
            item.chosen = item.feedback.chosen
        rendered.append(item)
    return rendered
