"""Network test data built through the actions, so every row is one the platform itself could make."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from jamlik.networks import actions, space
from jamlik.networks.access import Place
from jamlik.networks.models import Document, Network, NetworkMember, Thread, Visibility
from jamlik.people.models import User

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def make_network(
    moderator: User, *members: User, visibility: str = Visibility.CLOSED, slug: str = "strateger"
) -> Network:
    """A network ``moderator`` (a programme manager) created, with ``members`` let in."""
    network = actions.create_network(
        moderator,
        name=f"Nätverk {slug}",
        slug=slug,
        description=f"Beskrivning av **{slug}**.",
        visibility=visibility,
    )
    for user in members:
        add_member(network, moderator, user)
    return network


def add_member(network: Network, moderator: User, user: User) -> NetworkMember:
    if network.is_open:
        return actions.join(user, network)
    member = actions.request_to_join(user, network)
    return actions.approve_request(moderator, member)


def place_of(user: User, network: Network) -> Place:
    return Place(network, NetworkMember.objects.filter(network=network, user=user).first())


def make_thread(
    network: Network, author: User, title: str = "Uppföljning av målen", body: str = "Hur gör ni?"
) -> Thread:
    return space.start_thread(author, place_of(author, network), title=title, body=body)


def pdf_upload(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def make_document(network: Network, author: User, title: str = "Handlingsplan") -> Document:
    return space.add_document(author, place_of(author, network), title=title, description="", upload=pdf_upload())
