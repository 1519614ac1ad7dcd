"""Identity provider metadata is read strictly, and our own service-provider metadata says the right things."""

from __future__ import annotations

import http.server
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.identity.actions import set_provider_enabled
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.saml.actions import (
    AssertionReplayed,
    MetadataSource,
    prune_assertion_uses,
    refresh_metadata,
    save_saml_provider,
    use_assertion,
)
from jamlik.identity.saml.metadata import MetadataRejected, fetch_idp_metadata, read_idp_metadata
from jamlik.identity.saml.models import SamlAssertionUse
from jamlik.people.models import EmailDomain, Organisation
from tests.identity.saml_idp import TestIdP

MD = "urn:oasis:names:tc:SAML:2.0:metadata"


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The reasons are matched by their English msgids (Swedish is the default language)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def idp_metadata(tmp_path_factory: pytest.TempPathFactory) -> str:
    return TestIdP(tmp_path_factory.mktemp("idp"), "https://idp.sater.example/idp", []).metadata()


def aggregate(*entities: str, valid_until: str = "") -> str:
    inner = "".join(e.split("?>", 1)[-1] if e.startswith("<?xml") else e for e in entities)
    until = f' validUntil="{valid_until}"' if valid_until else ""
    return f'<md:EntitiesDescriptor xmlns:md="{MD}" Name="urn:test:federation"{until}>{inner}</md:EntitiesDescriptor>'


def test_an_idp_entity_is_read(idp_metadata: str) -> None:
    meta = read_idp_metadata(idp_metadata)
    assert meta.entity_id == "https://idp.sater.example/idp"
    assert meta.sso_url == "https://idp.sater.example/idp/sso/redirect"
    assert len(meta.signing_certs) == 1
    assert read_idp_metadata(meta.xml).entity_id == meta.entity_id  # what we store reads back


def test_a_federation_aggregate_needs_the_entity_id_and_keeps_only_that_entity(
    idp_metadata: str, tmp_path: Path
) -> None:
    other = TestIdP(tmp_path, "https://idp.gagnef.example/idp", []).metadata()
    federation = aggregate(idp_metadata, other)
    with pytest.raises(MetadataRejected, match="2 identity providers"):
        read_idp_metadata(federation)
    meta = read_idp_metadata(federation, "https://idp.gagnef.example/idp")
    assert meta.entity_id == "https://idp.gagnef.example/idp"
    assert "idp.sater.example" not in meta.xml
    with pytest.raises(MetadataRejected, match="no identity provider with the entity id"):
        read_idp_metadata(federation, "https://idp.nowhere.example/idp")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("", "empty"),
        ("this is not xml", "not well-formed"),
        ("<html><body>Login</body></html>", "not SAML 2.0 metadata"),
        (
            '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            f'<md:EntityDescriptor xmlns:md="{MD}" entityID="x">&lol2;</md:EntityDescriptor>',
            "DTD or entities",
        ),
        (
            f'<md:EntityDescriptor xmlns:md="{MD}" entityID="https://sp.example"><md:SPSSODescriptor '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>',
            "no identity provider",
        ),
    ],
)
def test_garbage_is_refused_with_a_reason(data: str, reason: str) -> None:
    with pytest.raises(MetadataRejected, match=reason):
        read_idp_metadata(data)


def test_metadata_without_a_signing_certificate_is_refused(idp_metadata: str) -> None:
    root = idp_metadata
    start = root.index("<ns0:KeyDescriptor") if "<ns0:KeyDescriptor" in root else root.index("KeyDescriptor") - 4
    end = root.rindex("KeyDescriptor>") + len("KeyDescriptor>")
    without = root[:start] + root[end:]
    assert "X509Certificate" not in without
    with pytest.raises(MetadataRejected, match="no signing certificate"):
        read_idp_metadata(without)


def test_a_certificate_that_is_not_one_is_refused(idp_metadata: str) -> None:
    start = idp_metadata.index("X509Certificate>") + len("X509Certificate>")
    end = idp_metadata.index("</", start)
    broken = idp_metadata[:start] + "bm90IGEgY2VydGlmaWNhdGU=" + idp_metadata[end:]
    with pytest.raises(MetadataRejected, match="cannot be read"):
        read_idp_metadata(broken)


def test_expired_metadata_is_refused(idp_metadata: str) -> None:
    """A federation publishes its aggregate valid for a few days; a stale copy is refused."""
    federation = aggregate(idp_metadata, valid_until="2026-12-01T00:00:00Z")
    with time_machine.travel("2026-11-30T12:00:00Z"):
        assert read_idp_metadata(federation).entity_id == "https://idp.sater.example/idp"
    with time_machine.travel("2026-12-01T00:00:01Z"), pytest.raises(MetadataRejected, match="expired"):
        read_idp_metadata(federation)


PUBLISHED: dict[str, bytes] = {}


@pytest.fixture
def metadata_server(idp_metadata: str) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 publishing the IdP's metadata (``PUBLISHED``; a 404 beside it)."""
    PUBLISHED["body"] = idp_metadata.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PUBLISHED["body"]
            if self.path == "/metadata.xml":
                self.send_response(200)
                self.send_header("Content-Type", "application/samlmetadata+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    # Port 0: the system gives a free one (a fixed port clashed with another run on the machine).
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_metadata_is_fetched_from_its_address(metadata_server: str) -> None:
    meta = fetch_idp_metadata(f"{metadata_server}/metadata.xml")
    assert meta.entity_id == "https://idp.sater.example/idp"


def test_a_missing_page_is_refused_with_its_status(metadata_server: str) -> None:
    with pytest.raises(MetadataRejected, match="answered 404"):
        fetch_idp_metadata(f"{metadata_server}/nothing.xml")


def test_a_server_that_never_answers_is_given_up_on_in_time() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    silent_port = listener.getsockname()[1]
    try:
        started = timezone.now()
        with pytest.raises(MetadataRejected, match="could not be fetched"):
            fetch_idp_metadata(f"http://127.0.0.1:{silent_port}/metadata.xml", timeout=1)
        assert (timezone.now() - started).total_seconds() < 5
    finally:
        listener.close()


def test_only_web_addresses_are_fetched() -> None:
    with pytest.raises(MetadataRejected, match="https://"):
        fetch_idp_metadata("file:///etc/passwd")


def test_our_metadata_names_the_entity_id_and_acs_on_site_url(org_a: Organisation, settings: object) -> None:
    settings.SITE_URL = "https://jamlik.example.se"  # type: ignore[attr-defined]
    IdentityProvider.objects.create(organisation=org_a, kind=ProviderKind.SAML, slug="sater", name="Säter")
    # Asked through another host than SITE_URL's: the metadata still names SITE_URL, and it is
    # published before the provider is in use (the IdP's administrators need it first).
    response = Client(HTTP_HOST="127.0.0.1").get("/konto/saml/sater/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/samlmetadata+xml")
    root = fromstring(response.content)
    assert root.get("entityID") == "https://jamlik.example.se/konto/saml/sater/metadata/"
    sp = root.find(f"{{{MD}}}SPSSODescriptor")
    assert sp is not None
    assert sp.get("WantAssertionsSigned") == "true"
    acs = sp.find(f"{{{MD}}}AssertionConsumerService")
    assert acs is not None
    assert acs.get("Location") == "https://jamlik.example.se/konto/saml/sater/acs/"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


def test_no_metadata_for_an_oidc_provider_or_an_unknown_slug(org_a: Organisation) -> None:
    IdentityProvider.objects.create(organisation=org_a, kind=ProviderKind.OIDC, slug="sater-oidc", name="Säter")
    assert Client().get("/konto/saml/sater-oidc/metadata/").status_code == 404
    assert Client().get("/konto/saml/nobody/metadata/").status_code == 404


def test_a_used_assertion_is_remembered_until_it_expires(org_a: Organisation) -> None:
    idp = IdentityProvider.objects.create(organisation=org_a, kind=ProviderKind.SAML, slug="sater", name="Säter")
    until = timezone.now() + timezone.timedelta(minutes=5)
    use_assertion(idp, assertion_id="_a1", not_on_or_after=until)
    with pytest.raises(AssertionReplayed):
        use_assertion(idp, assertion_id="_a1", not_on_or_after=until)
    assert prune_assertion_uses() == 0  # not yet expired (skew included)
    assert prune_assertion_uses(now=until + timezone.timedelta(minutes=4)) == 0
    assert prune_assertion_uses(now=until + timezone.timedelta(minutes=6)) == 1
    assert not SamlAssertionUse.objects.exists()


def test_a_provider_saved_with_an_address_keeps_the_fetched_copy_and_refreshes_it(
    org_a: Organisation, metadata_server: str, tmp_path: Path
) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    url = f"{metadata_server}/metadata.xml"
    row = save_saml_provider(
        None,
        org_a,
        slug="sater",
        name="Säter",
        metadata=MetadataSource(url=url),
        domains=[domain],
        claim_mapping={},
    )
    assert (row.saml_idp_metadata_url, row.saml_idp_entity_id) == (url, "https://idp.sater.example/idp")
    first = row.saml_idp_metadata_xml
    assert refresh_metadata(row) is False  # unchanged

    # The IdP rolls its key over: the same entity with a new certificate.
    PUBLISHED["body"] = TestIdP(tmp_path, "https://idp.sater.example/idp", []).metadata().encode()
    call_command("refresh_saml_metadata", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.saml_idp_metadata_xml != first
    assert AuditEntry.objects.filter(action="identity_provider.metadata_refreshed").count() == 1

    # Garbage at the address later is not stored; the working copy stays.
    PUBLISHED["body"] = b"<html>maintenance</html>"
    kept = row.saml_idp_metadata_xml
    errors = io.StringIO()
    call_command("refresh_saml_metadata", stdout=io.StringIO(), stderr=errors)
    assert "not SAML 2.0 metadata" in errors.getvalue()
    row.refresh_from_db()
    assert row.saml_idp_metadata_xml == kept


def test_bad_metadata_is_refused_on_its_field_and_nothing_is_saved(org_a: Organisation, metadata_server: str) -> None:
    with pytest.raises(ValidationError) as upload:
        save_saml_provider(
            None,
            org_a,
            slug="sater",
            name="Säter",
            metadata=MetadataSource(xml=b"<nonsense"),
            domains=[],
            claim_mapping={},
        )
    assert "saml_idp_metadata_xml" in upload.value.message_dict
    with pytest.raises(ValidationError) as address:
        save_saml_provider(
            None,
            org_a,
            slug="sater",
            name="Säter",
            metadata=MetadataSource(url=f"{metadata_server}/gone.xml"),
            domains=[],
            claim_mapping={},
        )
    assert "404" in address.value.message_dict["saml_idp_metadata_url"][0]
    with pytest.raises(ValidationError) as nothing:
        save_saml_provider(
            None, org_a, slug="sater", name="Säter", metadata=MetadataSource(), domains=[], claim_mapping={}
        )
    assert "saml_idp_metadata_xml" in nothing.value.message_dict
    assert not IdentityProvider.objects.exists()


def test_a_provider_whose_metadata_no_longer_reads_cannot_be_turned_on(org_a: Organisation, idp_metadata: str) -> None:
    domain = EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    row = save_saml_provider(
        None,
        org_a,
        slug="sater",
        name="Säter",
        metadata=MetadataSource(xml=idp_metadata),
        domains=[domain],
        claim_mapping={},
    )
    IdentityProvider.objects.filter(pk=row.pk).update(saml_idp_metadata_xml="<broken")
    row.refresh_from_db()
    with pytest.raises(ValidationError, match="not well-formed"):
        set_provider_enabled(None, row, enabled=True)
    assert not IdentityProvider.objects.get(pk=row.pk).is_enabled


def test_the_reasons_are_in_swedish_by_default() -> None:
    with translation.override("sv"), pytest.raises(MetadataRejected, match=r"Det här är inte SAML 2\.0-metadata"):
        read_idp_metadata("<html/>")
