"""The questionnaire every course and programme asks until its editors set their own."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.evaluations.models import QuestionKind


@dataclass(frozen=True)
class QuestionRow:
    kind: str
    text_sv: str
    text_en: str


DEFAULT_QUESTIONS: list[QuestionRow] = [
    QuestionRow(QuestionKind.RATING, "Hur värdefullt var det för ditt arbete?", "How valuable was it for your work?"),
    QuestionRow(QuestionKind.RATING, "Hur väl organiserat var det?", "How well organised was it?"),
    QuestionRow(
        QuestionKind.RATING,
        "Hur troligt är det att du använder det du har lärt dig?",
        "How likely are you to use what you learned?",
    ),
    QuestionRow(
        QuestionKind.RATING,
        "Hur troligt är det att du rekommenderar det till en kollega?",
        "How likely are you to recommend it to a colleague?",
    ),
    QuestionRow(QuestionKind.TEXT, "Vad var bäst, och vad kan bli bättre?", "What was best, and what could be better?"),
]
MAX_RATING_QUESTIONS = 8
MAX_TEXT_QUESTIONS = 3
