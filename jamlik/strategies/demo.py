"""Demo data for Strategies and follow-up: three county boards' strategies for gender
mainstreaming and a follow-up round to all county boards, about half answered. Idempotent.

All text is written for the demo (synthetic, not any real board's strategy).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jamlik.people.models import Organisation, OrganisationKind, User
from jamlik.strategies import actions, rounds
from jamlik.strategies.models import (
    EqualityArea,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Round,
    Strategy,
    WorkStatus,
)

ROUND_TITLE = "Uppföljning av jämställdhetsintegrering 2025 (demo)"
STRATEGY_TITLE = "Strategi för jämställdhetsintegrering 2024\N{EN DASH}2027 (demo)"

BOARDS = {
    "lansstyrelsen-dalarna": {
        "goals": [
            (
                "Verksamhetens beslutsunderlag är könsuppdelade",
                WorkStatus.ONGOING,
                [
                    ("Gå igenom statistiken i tillsynsrapporterna", "Enheten för social hållbarhet", WorkStatus.DONE),
                    ("Mall för könsuppdelad statistik i alla beslut", "Kanslienheten", WorkStatus.ONGOING),
                ],
            ),
            (
                "Stöd till näringslivet når kvinnor och män i samma utsträckning",
                WorkStatus.ONGOING,
                [
                    ("Analysera beviljade företagsstöd efter kön", "Tillväxtenheten", WorkStatus.DONE),
                    ("Riktad information till kvinnors företagarnätverk", "Tillväxtenheten", WorkStatus.PLANNED),
                ],
            ),
            (
                "Alla chefer har genomgått utbildning i jämställdhetsintegrering",
                WorkStatus.PLANNED,
                [("Chefsutbildning i två steg", "HR-enheten", WorkStatus.POSTPONED)],
            ),
        ],
        "indicators": [
            ("Andel beslut med könsuppdelad statistik", "procent", 22, 90, {2024: 41, 2025: 63}),
            ("Andel av företagsstödet som går till kvinnor", "procent", 28, 45, {2024: 31, 2025: 36}),
        ],
    },
    "lansstyrelsen-gavleborg": {
        "goals": [
            (
                "Våld i nära relationer förebyggs i hela länet",
                WorkStatus.ONGOING,
                [
                    ("Regional samordning med kommunernas kvinnofridssamordnare", "Länssamordnare", WorkStatus.ONGOING),
                    ("Kartlägga stödet till barn som upplevt våld", "Enheten för social hållbarhet", WorkStatus.DONE),
                ],
            ),
            (
                "Bemötandet i tillsynen är likvärdigt",
                WorkStatus.PLANNED,
                [("Granska ett urval ärenden med genusglasögon", "Miljöenheten", WorkStatus.PLANNED)],
            ),
        ],
        "indicators": [
            ("Kommuner med en handlingsplan mot våld", "antal", 4, 10, {2024: 6, 2025: 8}),
        ],
    },
    "lansstyrelsen-jamtland": {
        "goals": [
            (
                "Landsbygdsprogrammets stöd fördelas jämställt",
                WorkStatus.ONGOING,
                [
                    ("Könsuppdela uppföljningen av landsbygdsstöden", "Landsbygdsenheten", WorkStatus.DONE),
                    ("Dialog med ansökare som sällan söker stöd", "Landsbygdsenheten", WorkStatus.CANCELLED),
                ],
            ),
            (
                "Jämställdhet ingår i verksamhetsplaneringen",
                WorkStatus.DONE,
                [("Jämställdhetsmål i varje enhets verksamhetsplan", "Ledningsgruppen", WorkStatus.DONE)],
            ),
        ],
        "indicators": [
            ("Andel enheter med jämställdhetsmål", "procent", 10, 100, {2024: 70, 2025: 100}),
            ("Andel landsbygdsstöd till kvinnor", "procent", 25, 40, {2025: 29}),
        ],
    },
}

QUESTIONS = [
    ("Har myndigheten en aktuell strategi för jämställdhetsintegrering?", QuestionKind.YES_NO, "", False),
    (
        "Hur många verksamheter har analyserats ur ett jämställdhetsperspektiv under året?",
        QuestionKind.NUMBER,
        "",
        False,
    ),
    (
        "Hur bedömer ni att arbetet har gått?",
        QuestionKind.CHOICE,
        "Enligt plan\nDelvis enligt plan\nInte enligt plan",
        False,
    ),
    ("Vilka lärdomar vill ni dela med andra länsstyrelser?", QuestionKind.TEXT, "", True),
]

LESSONS = [
    "Det gick snabbare när statistiken fanns i samma system som besluten.",
    "Ledningens intresse avgjorde: när frågan fanns på ledningsgruppens dagordning hände saker.",
    "Nätverket med andra länsstyrelser gav oss mallar vi kunde använda direkt.",
    "Vi underskattade tiden för att ta fram könsuppdelad statistik för äldre ärenden.",
    "Korta utbildningspass för enhetscheferna fungerade bättre än en heldag.",
]


def _strategy(board: Organisation, spec: dict[str, object]) -> Strategy:
    existing = Strategy.objects.filter(organisation=board, title=STRATEGY_TITLE).first()
    if existing is not None:
        return existing
    strategy = actions.create_strategy(
        None,
        board,
        area=EqualityArea.GENDER_MAINSTREAMING,
        title=STRATEGY_TITLE,
        period_from=2024,
        period_to=2027,
        description="Länsstyrelsens plan för att jämställdhet ska genomsyra ordinarie verksamhet. Demoinnehåll.",
    )
    today = timezone.localdate()
    for goal_title, goal_status, activities in spec["goals"]:  # type: ignore[attr-defined]
        goal = actions.save_goal(None, strategy, None, title=goal_title, status=goal_status)
        for n, (title, owner, status) in enumerate(activities):
            actions.save_activity(
                None,
                strategy,
                None,
                goal=goal,
                title=title,
                status=status,
                owner_text=owner,
                due_date=today + datetime.timedelta(days=60 * (n + 1)),
            )
    for name, unit, baseline, target, values in spec["indicators"]:  # type: ignore[attr-defined]
        indicator = actions.save_indicator(
            None,
            strategy,
            None,
            name=name,
            unit=unit,
            baseline=Decimal(baseline),
            baseline_year=2023,
            target=Decimal(target),
            target_year=2027,
        )
        for year, value in values.items():
            actions.record_measurement(None, indicator, year=year, value=Decimal(value))
    return strategy


@transaction.atomic
def load() -> list[str]:
    boards = {o.slug: o for o in Organisation.objects.filter(kind=OrganisationKind.COUNTY_BOARD)}
    if not boards:
        return ["Strategies: no county boards (load the reference data first)"]
    strategies = {slug: _strategy(boards[slug], spec) for slug, spec in BOARDS.items() if slug in boards}
    round_ = Round.objects.filter(title=ROUND_TITLE).first()
    if round_ is None:
        manager = User.objects.filter(email="programansvarig@lansstyrelsen.se").first()
        round_ = rounds.create_round(
            manager,
            title=ROUND_TITLE,
            year=2025,
            deadline=timezone.localdate() + datetime.timedelta(days=21),
            introduction="Årets uppföljning av länsstyrelsernas arbete med jämställdhetsintegrering. Demoinnehåll.",
        )
        for text, kind, options, highlight in QUESTIONS:
            rounds.add_question(manager, round_, text=text, kind=kind, options=options, highlight=highlight)
        rounds.add_organisations(manager, round_, sorted(boards.values(), key=lambda o: o.name))
        rounds.open_round(manager, round_)
        _answer(round_, boards, strategies)
    responses = Response.objects.filter(round=round_)
    submitted = responses.filter(status=ResponseStatus.SUBMITTED).count()
    return [
        f"Strategies: {len(strategies)} county boards' strategies; round “{round_.title}”: "
        f"{submitted} of {responses.count()} submitted"
    ]


def _answer(round_: Round, boards: dict[str, Organisation], strategies: dict[str, Strategy]) -> None:
    questions = list(Question.objects.filter(round=round_).order_by("position"))
    ordered = sorted(boards.values(), key=lambda o: o.name)
    # The three boards with strategies and about half of the others submit; a few more have drafts.
    submitting = [b for b in ordered if b.slug in strategies] + [b for b in ordered if b.slug not in strategies][::2][
        :8
    ]
    drafting = [b for b in ordered if b not in submitting][:3]
    for n, board in enumerate(submitting + drafting):
        response = Response.objects.get(round=round_, organisation=board)
        strategy = strategies.get(board.slug)
        values = {
            questions[0].pk: strategy is not None or n % 3 != 0,
            questions[1].pk: Decimal(2 + n % 5),
            questions[2].pk: ["Enligt plan", "Delvis enligt plan", "Inte enligt plan"][n % 3],
            questions[3].pk: LESSONS[n % len(LESSONS)],
        }
        rounds.save_answers(None, response, values, strategy)
        if board in submitting:
            rounds.submit_response(None, response)
