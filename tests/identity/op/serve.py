"""Start the test OpenID provider: ``python -m tests.identity.op.serve PORT`` (OP_DB, OP_STATE in the environment)."""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main() -> None:
    port = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.identity.op.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.lib.endpoints import token as token_endpoint
    from oidc_provider.models import Client, ResponseType

    from tests.identity.op.hooks import forging
    from tests.identity.op.views import new_key

    token_endpoint.encode_id_token = forging(token_endpoint.encode_id_token)  # type: ignore[attr-defined]

    call_command("migrate", verbosity=0)
    new_key()
    client = Client.objects.create(
        name="Jämlik",
        client_id="jamlik",
        client_secret="op-client-secret",
        client_type="confidential",
        jwt_alg="RS256",
        require_consent=False,
        redirect_uris=[],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    server = make_server("127.0.0.1", port, get_wsgi_application(), ThreadingServer, QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
