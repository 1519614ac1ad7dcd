"""Demo data for good examples, news and content pages. Idempotent.

Twenty good examples across themes and counties, all written for the demo and marked as
demo content; one draft and one submitted example so "My good examples" and the review queue
have rows; two news items; the "about" and "contact" pages.

Examples and news go through the actions the pages use. The rows marked "direct write" have no
action: a publishing day in the past, and content pages, which administrators edit in the
Django admin (docs/architecture.md, "Demo data").
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from jamlik.knowledge import actions, news_actions
from jamlik.knowledge.demo_examples import EXAMPLES
from jamlik.knowledge.models import ContentPage, Example, ExampleStatus, NewsItem, Theme
from jamlik.people.models import Organisation, User

PM_EMAIL = "programansvarig@lansstyrelsen.se"
COORDINATOR_EMAIL = "samordnare@sater.se"

PAGES = [
    (
        "om-jamlik",
        "Om Jämlik",
        "About Jämlik",
        "Jämlik är en öppen lärplattform för offentliga organisationer som arbetar med jämställdhet, "
        "inkludering och icke-diskriminering.\n\n## Vad finns här\n\n* Webbutbildningar\n* Utbildningsprogram\n"
        "* Kampanjer mellan organisationer\n* Goda exempel från verksamheter\n\n"
        "Plattformen samlar så lite personuppgifter som möjligt, och statistik visas bara sammanställd.",
        "Jämlik is an open learning platform for public organisations working on gender equality, inclusion "
        "and non-discrimination.\n\n## What is here\n\n* Web courses\n* Training programmes\n"
        "* Campaigns between organisations\n* Good examples from the field\n\n"
        "The platform collects as little personal data as possible, and statistics are only shown in aggregate.",
    ),
    (
        "kontakt",
        "Kontakt",
        "Contact",
        "Frågor om plattformen besvaras av programansvariga på länsstyrelsen.\n\n"
        "E-post: [jamlik@example.se](mailto:jamlik@example.se)\n\n"
        "Detta är en demonstrationsinstallation; adressen går inte till någon.",
        "Programme managers at the county administrative board answer questions about the platform.\n\n"
        "Email: [jamlik@example.se](mailto:jamlik@example.se)\n\n"
        "This is a demonstration installation; the address reaches nobody.",
    ),
]

NEWS = [
    (
        "lansstyrelsen-dalarna",
        "Tjugo goda exempel samlade på Jämlik",
        "Kommuner och länsstyrelser delar nu sina erfarenheter av jämställdhet och bemötande i en gemensam samling.",
        "Samlingen går att söka i efter tema, län och år. Alla som samordnar arbetet i en organisation kan "
        "bidra med ett eget exempel, som granskas av en programansvarig innan det publiceras.\n\n"
        "*Nyheten är skriven för demonstrationen.*",
        14,
    ),
    (
        None,
        "Ny version av Jämlik",
        "Plattformen har fått nyheter, goda exempel och nätverk för erfarenhetsutbyte.",
        "Nyheterna finns också som RSS- och Atom-flöde.\n\n*Nyheten är skriven för demonstrationen.*",
        3,
    ),
]


@transaction.atomic
def load() -> list[str]:
    pm = User.objects.filter(email=PM_EMAIL).first()
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if pm is None:
        return []
    themes = {t.slug: t for t in Theme.objects.all()}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in={row[0] for row in EXAMPLES})}
    existing = set(Example.objects.filter(is_demo=True).values_list("title", flat=True))
    added = 0
    for index, row in enumerate(EXAMPLES):
        slug, language, theme_slugs, groups, start, end, title, summary, problem, done, results, lessons = row
        if title in existing or slug not in orgs:
            continue
        example = Example(
            organisation=orgs[slug],
            language=language,
            title=title,
            summary=summary,
            problem=problem,
            what_was_done=done,
            results=results,
            lessons=lessons,
            target_groups=groups,
            period_start=start,
            period_end=end,
            contact_name="Demo Kontaktperson" if index % 3 == 0 else "",
            contact_email="kontakt@example.se" if index % 3 == 0 else "",
            show_contact=index % 3 == 0,
            is_demo=True,
        )
        actor = coordinator if slug == "sater" and coordinator is not None else pm
        actions.save_example(actor, example, themes=[themes[t] for t in theme_slugs if t in themes])
        if index < len(EXAMPLES) - 1:
            actions.submit_example(actor, example)
            actions.publish_example(pm, example)
            Example.objects.filter(pk=example.pk).update(  # direct write: a publishing day in the past
                published_at=timezone.now() - datetime.timedelta(days=3 * (len(EXAMPLES) - index))
            )
        else:
            actions.submit_example(actor, example)  # waits in the review queue
        added += 1
    if (
        coordinator is not None
        and not Example.objects.filter(is_demo=True, created_by=coordinator)
        .exclude(status=ExampleStatus.PUBLISHED)
        .exists()
        and "sater" in orgs
    ):
        draft = Example(
            organisation=orgs["sater"],
            title="Språkombud i äldreomsorgen (utkast)",
            summary="Ett utkast som bara Säters samordnare och programansvariga ser.",
            problem="Utkast.",
            what_was_done="Utkast.",
            period_start=datetime.date(2024, 1, 1),
            is_demo=True,
        )
        actions.save_example(coordinator, draft, themes=[themes["bemotande"]] if "bemotande" in themes else [])
    _news(pm)
    _pages()
    return [f"Good examples: {added} added; see /goda-exempel/, /nyheter/ and /sida/om-jamlik/"] if added else []


def _news(manager: User) -> None:
    for slug, title, lead, body, days_ago in NEWS:
        if NewsItem.objects.filter(title=title, is_demo=True).exists():
            continue
        item = news_actions.save_news(
            manager,
            NewsItem(
                organisation=Organisation.objects.filter(slug=slug).first() if slug else None,
                title=title,
                lead=lead,
                body=body,
                is_demo=True,
            ),
            publish=True,
        )
        NewsItem.objects.filter(pk=item.pk).update(  # direct write: a publishing day in the past
            published_at=timezone.now() - datetime.timedelta(days=days_ago)
        )


def _pages() -> None:
    for slug, title_sv, title_en, body_sv, body_en in PAGES:
        ContentPage.objects.get_or_create(  # direct write: content pages are edited in the admin
            slug=slug, defaults={"title_sv": title_sv, "title_en": title_en, "body_sv": body_sv, "body_en": body_en}
        )
