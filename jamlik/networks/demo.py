"""Demo data for Networks: the county boards' network of gender-equality strategists. Idempotent.

A closed network moderated by the demo programme manager, with strategists from several
county boards, one person waiting for approval, a past meeting with minutes, an upcoming one
with an agenda, a shared document with two versions and a discussion. All text is written for
the demo.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from jamlik.networks import actions, space
from jamlik.networks.access import Place
from jamlik.networks.models import MemberRole, Network, NetworkMember, Notify, Visibility
from jamlik.people.demo import coordinator
from jamlik.people.models import Organisation, User

SLUG = "jamstalldhetsstrateger-lansstyrelser"
MANAGER = "programansvarig@lansstyrelsen.se"
# email, name, organisation slug (created by other demos; people whose organisation is missing are skipped)
STRATEGISTS = [
    ("strateg@lansstyrelsen-jamtland.example", "Karin Strateg", "lansstyrelsen-jamtland"),
    ("vard@lansstyrelsen-stockholm.example", "Sara Värd", "lansstyrelsen-stockholm"),
    ("vard@lansstyrelsen-vg.example", "Johan Värd", "lansstyrelsen-vastra-gotaland"),
]
WAITING = ("samordnare@gagnef.se", "Vi arbetar med jämställdhetsintegrering i kommunen och vill lära av länen.")

DESCRIPTION = """\
Ett nätverk för er som leder arbetet med jämställdhetsintegrering på länsstyrelserna.

Vi träffas fyra gånger om året, delar planer, uppföljningar och metoder, och hjälper varandra
att föra in jämställdhet i styrning, tillsyn och bidragsgivning. *Demoinnehåll.*
"""

THREAD_TITLE = "Hur följer ni upp jämställdhetsmålen i verksamhetsplanen?"
POSTS = [
    (
        MANAGER,
        "Inför rapporten till regeringen vill jag veta hur ni gör uppföljningen i praktiken.\n\n"
        "- Har ni egna indikatorer per avdelning?\n- Vem samlar in underlaget?\n\n*Demoinnehåll.*",
    ),
    (
        "vard@lansstyrelsen-stockholm.example",
        "Hos oss har varje avdelning två indikatorer som följs upp i tertialrapporten. "
        "Analysen gör vi tillsammans med controllern, så att den hamnar i samma process som budgeten.",
    ),
    (
        "strateg@lansstyrelsen-jamtland.example",
        "Vi har precis börjat med könsuppdelad statistik för bidragsbesluten. "
        "Det gav mycket att prata om redan första kvartalet. Jag delar gärna vår mall på nästa träff.",
    ),
]

TEMPLATE_V1 = "Lägesrapport jämställdhetsintegrering\n\nMål:\nAktiviteter:\nIndikatorer:\n(Demoinnehåll)\n"
TEMPLATE_V2 = TEMPLATE_V1 + "Analys och lärdomar:\nNästa steg:\n"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _place(user: User, network: Network) -> Place:
    return Place(network, NetworkMember.objects.get(network=network, user=user))


def _fill(manager: User) -> Network:
    network = actions.create_network(
        manager,
        name="Jämställdhetsstrateger på länsstyrelserna",
        slug=SLUG,
        description=DESCRIPTION,
        visibility=Visibility.CLOSED,
    )
    people = {MANAGER: manager}
    for email, name, org_slug in STRATEGISTS:
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            continue
        person = coordinator(email, name, organisation)
        actions.request_to_join(person, network, "Demo")
        actions.approve_request(manager, NetworkMember.objects.get(network=network, user=person))
        people[email] = person
    if "vard@lansstyrelsen-stockholm.example" in people:
        stockholm = NetworkMember.objects.get(network=network, user=people["vard@lansstyrelsen-stockholm.example"])
        actions.set_role(manager, stockholm, MemberRole.MODERATOR)
        actions.set_notify(stockholm.user, stockholm, Notify.EACH_POST)
    waiting = User.objects.filter(email=WAITING[0]).first()
    if waiting is not None:
        actions.request_to_join(waiting, network, WAITING[1])

    moderator = _place(manager, network)
    today = timezone.localdate()
    past = today - datetime.timedelta(days=40)
    upcoming = today + datetime.timedelta(days=21)
    space.add_meeting(
        manager,
        moderator,
        space.MeetingFields(
            title="Nätverksträff: uppföljning och rapportering",
            starts_at=_at(past, 9),
            ends_at=_at(past, 12),
            online_url="https://moten.example/natverk-strateger",
            agenda="1. Laget runt\n2. Rapporteringen till regeringen\n3. Nästa träff",
            minutes=(
                "## Laget runt\nAlla län har en plan; tre har egna indikatorer per avdelning.\n\n"
                "## Beslut\n- Vi tar fram en gemensam mall för lägesrapporten.\n\n*Demoinnehåll.*"
            ),
        ),
    )
    space.add_meeting(
        manager,
        moderator,
        space.MeetingFields(
            title="Nätverksträff: jämställd bidragsgivning",
            starts_at=_at(upcoming, 13),
            ends_at=_at(upcoming, 16),
            place="Länsstyrelsen Dalarna, Åsgatan 38, Falun",
            agenda="1. Könsuppdelad statistik för bidragsbeslut\n2. Mallen för lägesrapporten\n3. Övrigt",
        ),
    )
    author = people.get("strateg@lansstyrelsen-jamtland.example", manager)
    document = space.add_document(
        author,
        _place(author, network),
        title="Mall för lägesrapport",
        description="Gemensam mall för den årliga lägesrapporten (demo).",
        upload=SimpleUploadedFile("lagesrapport-mall.txt", TEMPLATE_V1.encode(), "text/plain"),
    )
    space.add_version(
        manager,
        moderator,
        document,
        SimpleUploadedFile("lagesrapport-mall.txt", TEMPLATE_V2.encode(), "text/plain"),
        "Avsnitt för analys och nästa steg",
    )
    _author, first_body = POSTS[0]
    thread = space.start_thread(manager, moderator, title=THREAD_TITLE, body=first_body)
    for email, body in POSTS[1:]:
        if email in people:
            space.reply(people[email], _place(people[email], network), thread, body)
    return network


@transaction.atomic
def load() -> list[str]:
    manager = User.objects.filter(email=MANAGER).first()
    if manager is None:
        return []
    if not Network.objects.filter(slug=SLUG).exists():
        _fill(manager)
    return [f"Network: /natverk/{SLUG}/ (closed; {MANAGER} moderates, samordnare@gagnef.se waits for approval)"]
