"""Demo site content: a published accessibility statement and a county's own notice. Idempotent.

The statement is written to be copied: a new installation edits the provider, the addresses and
the findings of its own assessment in the admin. It is created only when no statement exists, so
an installation that has edited or withdrawn (unpublished) it keeps its own.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from jamlik.people.models import County
from jamlik.web.models import AccessibilityStatement, ComplianceStatus, Notice, Severity

KNOWN_ISSUES_SV = """\
Administrationssidorna för plattformens administratörer (/admin/) bygger på Djangos \
standardgränssnitt. Vi har bara testat dem med automatiska verktyg och med tangentbord, inte med \
skärmläsare, och de kan därför ha brister mot flera krav i WCAG 2.1 AA. De används bara av \
administratörer. Vi planerar att granska dem under första halvåret 2027.

Skärmläsartester har hittills gjorts i liten omfattning. Innan redogörelsen granskas nästa gång \
testar vi inloggning, en hel kurs, anmälan till ett program och diplomet med NVDA och VoiceOver.

Kalkylark som samordnare laddar ner (CSV och Excel) har rubrikrader men inga beskrivningar av \
tabellerna. Samma uppgifter finns som tabeller på webbsidorna."""

KNOWN_ISSUES_EN = """\
The administration pages for platform administrators (/admin/) are Django's standard interface. \
We have tested them only with automated tools and by keyboard, not with screen readers, so they \
may fail several WCAG 2.1 AA requirements. Only administrators use them. We plan to review them \
in the first half of 2027.

So far we have done little testing with screen readers. Before this statement is next reviewed \
we will test signing in, a whole course, registering for a programme and the diploma with NVDA \
and VoiceOver.

Spreadsheets that coordinators download (CSV and Excel) have header rows but no descriptions of \
the tables. The same figures are shown as tables on the web pages."""

BURDEN_SV = "Vi åberopar inte oskäligt betungande anpassning för något innehåll."
BURDEN_EN = "We do not claim a disproportionate burden for any content."

OUT_OF_SCOPE_SV = """\
Dokument som deltagare själva laddar upp i nätverk, som bilagor till goda exempel eller som \
underlag i uppföljningar kommer från andra organisationer. Vi varken tar fram, betalar för eller \
styr över dem, och de omfattas därför inte av lagen. Vi ber alla som laddar upp dokument att göra \
dem tillgängliga."""
OUT_OF_SCOPE_EN = """\
Documents that participants upload to networks, attach to good examples or give as evidence in \
follow-ups come from other organisations. We neither produce, pay for nor control them, so the \
law does not cover them. We ask everyone who uploads a document to make it accessible."""

METHOD_SV = """\
Vi har granskat tjänsten själva. Våra automatiska tester öppnar varje sida i en webbläsare, på \
svenska och engelska och för varje slags användare, och kontrollerar den med axe. De kontrollerar \
också att sidorna går att läsa utan sidledes rullning i 320 pixlars bredd (400 procents \
förstoring) och att första tabbstoppet är en länk förbi menyn. Lektionssidans HTML har \
kontrollerats med W3C:s Nu HTML Checker. Diplom i PDF skapas som taggad PDF/UA."""
METHOD_EN = """\
We assessed the service ourselves. Our automated tests open every page in a browser, in Swedish \
and English and for each kind of user, and check it with axe. They also check that pages can be \
read without scrolling sideways at 320 pixels wide (400 per cent zoom) and that the first Tab \
stop is a link past the menu. The lesson page's HTML has been checked with the W3C Nu HTML \
Checker. Diplomas in PDF are made as tagged PDF/UA."""


def _statement() -> list[str]:
    if AccessibilityStatement.objects.exists():
        return []
    AccessibilityStatement.objects.create(  # direct write: administrators keep it in the admin
        provider="Länsstyrelsen i Dalarnas län",
        compliance=ComplianceStatus.PARTIAL,
        known_issues_sv=KNOWN_ISSUES_SV,
        known_issues_en=KNOWN_ISSUES_EN,
        burden_sv=BURDEN_SV,
        burden_en=BURDEN_EN,
        out_of_scope_sv=OUT_OF_SCOPE_SV,
        out_of_scope_en=OUT_OF_SCOPE_EN,
        assessed_on=datetime.date(2026, 11, 30),
        method_sv=METHOD_SV,
        method_en=METHOD_EN,
        feedback_email="tillganglighet@jamlik.example",
        response_days=5,
        published_on=datetime.date(2026, 12, 1),
        reviewed_on=datetime.date(2026, 12, 7),
        published=True,
    )
    return ["Web: a published accessibility statement (/tillganglighet/)"]


def _county_notice() -> list[str]:
    dalarna = County.objects.filter(code="20").first()
    if dalarna is None:
        return []
    _, created = Notice.objects.get_or_create(  # direct write: administrators post notices in the admin
        county=dalarna,
        title_sv="Vinterväder i Dalarna: kontrollera tid och plats för fysiska träffar",
        defaults={
            "title_en": "Winter weather in Dalarna: check the time and place of in-person meetings",
            "body_sv": "Om en träff i länet måste flyttas mejlar vi alla som är anmälda.",
            "body_en": "If a meeting in the county has to move, we email everyone registered.",
            "severity": Severity.WARNING,
        },
    )
    return ["Web: a notice for organisations in Dalarnas län"] if created else []


@transaction.atomic
def load() -> list[str]:
    return _statement() + _county_notice()
