# ruff: noqa: RUF001  (course prose uses the typographic en dash on purpose)
"""The demo course in Swedish: good treatment in public service and the Discrimination Act.

Original text written for Jämlik. Legal references are to diskrimineringslagen (2008:567),
regeringsformen and förvaltningslagen (2017:900) as in force in 2025.
"""

from __future__ import annotations

from typing import Any


def check(question: str, options: list[tuple[str, bool, str]], *, multiple: bool = False) -> dict[str, Any]:
    return {
        "question": question,
        "multiple": multiple,
        "options": [
            {"id": chr(ord("a") + i), "text": text, "correct": correct, "feedback": feedback}
            for i, (text, correct, feedback) in enumerate(options)
        ],
    }


LESSON_1 = """\
Alla som kontaktar en kommun, en region eller en statlig myndighet ska bli bemötta med respekt
och få den service och de rättigheter de har rätt till – oavsett vem de är. Det är grunden för
all offentlig verksamhet. Regeringsformen säger att den offentliga makten ska utövas med respekt
för alla människors lika värde och för den enskilda människans frihet och värdighet
(1 kap. 2 §). Den som fullgör offentliga förvaltningsuppgifter ska beakta allas likhet inför
lagen och vara saklig och opartisk (1 kap. 9 §).

Ett gott bemötande är mer än att vara vänlig. Det handlar om att

- **lyssna** och ta reda på vad personen faktiskt behöver,
- **förklara begripligt**, med ord och i en form som personen kan ta till sig,
- **behandla lika fall lika** – och samtidigt anpassa där det behövs, så att alla får samma
  möjligheter,
- **känna igen sina egna förgivettaganden**. Vi har alla bilder av hur ”vanliga” människor ser
  ut, lever och talar, och de bilderna påverkar hur vi bemöter andra, ofta utan att vi märker det.

Den som blir illa bemött kan tappa förtroendet för hela verksamheten, låta bli att söka stöd som
hen har rätt till eller få ett sämre underlag för ett beslut. Ett likvärdigt bemötande är därför
en fråga om rättssäkerhet och inte bara om trivsel.
"""

LESSON_2_GROUNDS = """\
Diskrimineringslagen (2008:567) ska motverka diskriminering och på andra sätt främja lika
rättigheter och möjligheter. Lagen skyddar mot diskriminering som har samband med sju
**diskrimineringsgrunder**:

1. **Kön** – att någon är kvinna eller man. Skyddet gäller också den som avser att ändra eller
   har ändrat sin könstillhörighet.
2. **Könsöverskridande identitet eller uttryck** – att någon inte identifierar sig som kvinna
   eller man, eller genom sin klädsel eller på annat sätt ger uttryck för att tillhöra ett annat
   kön.
3. **Etnisk tillhörighet** – nationellt eller etniskt ursprung, hudfärg eller annat liknande
   förhållande.
4. **Religion eller annan trosuppfattning** – till exempel kristendom, islam, judendom,
   buddhism eller ateism. Politiska åsikter räknas inte hit.
5. **Funktionsnedsättning** – varaktiga fysiska, psykiska eller begåvningsmässiga begränsningar
   av en persons funktionsförmåga, som fanns vid födseln, har uppstått senare eller kan väntas
   uppstå.
6. **Sexuell läggning** – homosexuell, bisexuell eller heterosexuell läggning.
7. **Ålder** – uppnådd levnadslängd. Alla åldrar omfattas, unga som gamla.

Eftersom lagen talar om missgynnande som *har samband med* en grund, skyddas också den som
behandlas sämre för att andra tror att hen har en viss religion, läggning eller etnisk
tillhörighet – oavsett om det stämmer.
"""

LESSON_2_WHERE = """\
## Var gäller lagen?

Förbuden gäller inom bestämda samhällsområden, bland annat arbetslivet, utbildning, hälso- och
sjukvården, socialtjänsten samt varor, tjänster och bostäder.

För dig som är anställd i en kommun, en region eller i staten finns en särskild regel
(2 kap. 17 §): diskriminering är förbjuden också när du ger allmänheten upplysningar,
vägledning, råd eller annan hjälp, eller på annat sätt har kontakt med allmänheten i ditt
arbete. Lagen gäller alltså vid receptionen, i telefon, i e-post och i handläggningen av
ärenden. Den som arbetar i ett kommunalt bolag omfattas i stället ofta av förbudet när bolaget
tillhandahåller varor, tjänster och bostäder.
"""

LESSON_3 = """\
Diskrimineringslagen (1 kap. 4 §) beskriver sex former av diskriminering.

- **Direkt diskriminering**: någon behandlas sämre än någon annan i en jämförbar situation, och
  det har samband med en diskrimineringsgrund. *Exempel: en person får vänta längre på en tid
  för att hen har ett utländskt klingande namn.*
- **Indirekt diskriminering**: en regel, ett krav eller ett arbetssätt ser neutralt ut men
  missgynnar särskilt personer med en viss diskrimineringsgrund. Det är inte diskriminering om
  regeln har ett berättigat syfte och medlen är lämpliga och nödvändiga för att nå syftet.
  *Exempel: ett krav på att alla ärenden ska göras i en app kan särskilt missgynna äldre och
  personer med vissa funktionsnedsättningar.*
- **Bristande tillgänglighet**: en person med funktionsnedsättning missgynnas för att
  verksamheten inte har gjort skäliga åtgärder för att hen ska komma i en jämförbar situation
  med personer utan funktionsnedsättningen.
- **Trakasserier**: ett uppträdande som kränker någons värdighet och som har samband med en
  diskrimineringsgrund, till exempel nedsättande skämt om någons ursprung.
- **Sexuella trakasserier**: ett uppträdande av sexuell natur som kränker någons värdighet.
- **Instruktioner att diskriminera**: order eller instruktioner att diskriminera någon, som ges
  till någon som är i lydnads- eller beroendeställning, till exempel från en chef.

För direkt och indirekt diskriminering krävs ingen avsikt. Det är följderna för den som drabbas
som räknas. Därför behöver vi granska våra rutiner och inte bara våra avsikter.
"""

LESSON_4_INTRO = """\
I det här fallet finns inget facit som passar alla situationer. Läs fallet, välj det
alternativ som ligger närmast det du själv skulle göra och läs återkopplingen. Du kan pröva
flera alternativ.
"""

LESSON_4_SITUATION = """\
Du arbetar i kommunens kontaktcenter. En man kommer fram till disken och vill ansöka om
färdtjänst för sin mamma. Han talar svenska med brytning och letar efter orden. Bakom honom står
fyra personer i kö, och din kollega säger lågt till dig: *”Ta det snabbt. Ge honom en blankett,
så får han fylla i den hemma.”*
"""

LESSON_5 = """\
Förbuden mot diskriminering räcker inte ensamma. Enligt diskrimineringslagens tredje kapitel
ska arbetsgivare och utbildningsanordnare arbeta med **aktiva åtgärder**: ett förebyggande och
främjande arbete för lika rättigheter och möjligheter. Arbetet omfattar alla sju
diskrimineringsgrunderna och görs i fyra steg:

1. **Undersöka** om det finns risker för diskriminering eller repressalier, eller andra hinder
   för lika rättigheter och möjligheter.
2. **Analysera** orsakerna till de risker och hinder som har upptäckts.
3. **Vidta** de förebyggande och främjande åtgärder som skäligen kan krävas.
4. **Följa upp och utvärdera** arbetet.

Arbetsgivare ska dokumentera arbetet, och den som har minst 25 anställda ska göra det skriftligt
varje år. Arbetsgivare ska också varje år kartlägga och analysera löner och andra
anställningsvillkor för att upptäcka och åtgärda osakliga skillnader mellan kvinnor och män.

## Om något händer

Den som har blivit diskriminerad kan anmäla det till **Diskrimineringsombudsmannen (DO)**, som
har tillsyn över lagen. Den som har anmält diskriminering eller medverkat i en utredning är
skyddad mot **repressalier**. Den som bryter mot förbuden kan bli skyldig att betala
**diskrimineringsersättning**.

I ditt eget arbete kan du säga till när du ser en rutin som stänger ute någon, ta upp det med
din chef och använda det du har lärt dig här när ni ser över hur verksamheten bemöter alla.
"""

COURSE: dict[str, Any] = {
    "slug": "bemotande-och-diskriminering",
    "language": "sv",
    "title": "Gott bemötande och diskrimineringslagen",
    "summary": (
        "För dig som arbetar i offentlig verksamhet: vad ett likvärdigt bemötande innebär, vad "
        "diskrimineringslagen säger om de sju diskrimineringsgrunderna och hur du gör i praktiken."
    ),
    "estimated_minutes": 40,
    "modules": [
        {
            "title": "Bemötande och lagen",
            "lessons": [
                {
                    "title": "Vad är ett gott bemötande?",
                    "blocks": [
                        ("text", {"markdown": LESSON_1}),
                        (
                            "reflection",
                            {
                                "prompt": (
                                    "Tänk på ett tillfälle när du själv kontaktade en myndighet, en vårdcentral "
                                    "eller en kommun. Vad gjorde att du kände dig väl – eller illa – bemött? "
                                    "Vad tar du med dig till ditt eget arbete?"
                                )
                            },
                        ),
                    ],
                },
                {
                    "title": "De sju diskrimineringsgrunderna",
                    "blocks": [
                        ("text", {"markdown": LESSON_2_GROUNDS}),
                        ("text", {"markdown": LESSON_2_WHERE}),
                        (
                            "knowledge_check",
                            check(
                                "Vilka av följande är diskrimineringsgrunder i diskrimineringslagen?",
                                [
                                    ("Ålder", True, "Rätt. Ålder omfattar alla åldrar."),
                                    (
                                        "Politisk åsikt",
                                        False,
                                        "Politisk åsikt är inte en av de sju diskrimineringsgrunderna.",
                                    ),
                                    (
                                        "Könsöverskridande identitet eller uttryck",
                                        True,
                                        "Rätt. Grunden skyddar bland annat transpersoner.",
                                    ),
                                    (
                                        "Social bakgrund",
                                        False,
                                        "Social bakgrund är inte en av de sju diskrimineringsgrunderna.",
                                    ),
                                    ("Funktionsnedsättning", True, "Rätt."),
                                ],
                                multiple=True,
                            ),
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Diskriminering i praktiken",
            "lessons": [
                {
                    "title": "Sex former av diskriminering",
                    "blocks": [
                        ("text", {"markdown": LESSON_3}),
                        (
                            "knowledge_check",
                            check(
                                "En kommun bestämmer att lokaler bara kan bokas i en app. Det finns inget annat "
                                "sätt att boka. Vilken form av diskriminering kan det här innebära?",
                                [
                                    (
                                        "Direkt diskriminering",
                                        False,
                                        "Regeln gäller alla på samma sätt. Direkt diskriminering handlar om att "
                                        "någon behandlas sämre än andra i en jämförbar situation.",
                                    ),
                                    (
                                        "Indirekt diskriminering",
                                        True,
                                        "Rätt. En regel som ser neutral ut kan särskilt missgynna till exempel "
                                        "äldre eller personer med vissa funktionsnedsättningar. Den kan ändå vara "
                                        "tillåten om syftet är berättigat och medlen lämpliga och nödvändiga.",
                                    ),
                                    (
                                        "Trakasserier",
                                        False,
                                        "Trakasserier är ett uppträdande som kränker någons värdighet. Här "
                                        "handlar det om en regel.",
                                    ),
                                ],
                            ),
                        ),
                    ],
                },
                {
                    "title": "Ett fall vid disken",
                    "blocks": [
                        ("text", {"markdown": LESSON_4_INTRO}),
                        (
                            "scenario",
                            {
                                "situation": LESSON_4_SITUATION,
                                "question": "Vad gör du?",
                                "choices": [
                                    {
                                        "id": "blankett",
                                        "text": "Jag ger honom blanketten och ber honom komma tillbaka när den "
                                        "är ifylld.",
                                        "feedback": "Det går fort, men det är inte säkert att han får det stöd han "
                                        "och hans mamma har rätt till. Myndigheter ska ge enskilda den hjälp de "
                                        "behöver för att ta till vara sina intressen, och använda tolk om det "
                                        "behövs (förvaltningslagen 6 och 13 §§). Att ge alla samma blankett kan "
                                        "ge olika möjligheter.",
                                    },
                                    {
                                        "id": "ta-tid",
                                        "text": "Jag tar mig tid, frågar vad mamman behöver, förklarar med enkla "
                                        "ord och erbjuder tolk eller ett nytt besök om det behövs. Jag ber "
                                        "kollegan ta hand om kön under tiden.",
                                        "feedback": "Bra. Du anpassar bemötandet så att han kan ta till vara sin "
                                        "mammas rätt, och ni löser kön tillsammans. Likvärdigt bemötande betyder "
                                        "ibland att olika personer behöver olika mycket stöd.",
                                    },
                                    {
                                        "id": "annan-person",
                                        "text": "Jag ber honom komma tillbaka med någon som talar bättre svenska.",
                                        "feedback": "Det här kan vara diskriminering som har samband med etnisk "
                                        "tillhörighet: han får sämre service än andra på grund av hur han talar. "
                                        "Det är verksamhetens ansvar att se till att han förstår och blir "
                                        "förstådd – inte hans.",
                                    },
                                ],
                            },
                        ),
                    ],
                },
                {
                    "title": "Aktiva åtgärder och vart man vänder sig",
                    "blocks": [
                        ("text", {"markdown": LESSON_5}),
                        (
                            "knowledge_check",
                            check(
                                "Vilka diskrimineringsgrunder ska arbetsgivarens arbete med aktiva åtgärder omfatta?",
                                [
                                    ("Bara kön och etnisk tillhörighet", False, "Nej, arbetet omfattar fler grunder."),
                                    ("Alla sju diskrimineringsgrunderna", True, "Rätt."),
                                    (
                                        "Bara de grunder där någon har klagat",
                                        False,
                                        "Nej. Aktiva åtgärder är förebyggande och görs innan något har hänt.",
                                    ),
                                ],
                            ),
                        ),
                        (
                            "knowledge_check",
                            check(
                                "Vem har tillsyn över att diskrimineringslagen följs?",
                                [
                                    ("Diskrimineringsombudsmannen (DO)", True, "Rätt."),
                                    (
                                        "Justitieombudsmannen (JO)",
                                        False,
                                        "JO granskar att myndigheter följer lagar i allmänhet, men tillsynen över "
                                        "diskrimineringslagen har DO.",
                                    ),
                                    (
                                        "Arbetsmiljöverket",
                                        False,
                                        "Arbetsmiljöverket har tillsyn över arbetsmiljölagen, inte över "
                                        "diskrimineringslagen.",
                                    ),
                                ],
                            ),
                        ),
                        (
                            "reflection",
                            {
                                "prompt": (
                                    "Vilken rutin eller vilket moment i ditt eget arbete skulle du vilja granska med "
                                    "diskrimineringsgrunderna i tankarna? Vad kan vara ett första steg?"
                                )
                            },
                        ),
                    ],
                },
            ],
        },
    ],
}
