from __future__ import annotations

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import login as auth_login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.models import Client, RSAKey

from tests.identity.op.hooks import state

PAGE = """<!doctype html><html lang="en"><head><title>Test provider sign-in</title></head><body>
<main><h1>Test provider</h1><form method="post">
<label for="username">Username</label><input id="username" name="username">
<input type="hidden" name="next" value="{next}"><button type="submit">Sign in at the provider</button>
</form>{error}</main></body></html>"""


@csrf_exempt
def login(request: HttpRequest) -> HttpResponse:
    """A sign-in page of the provider: a user named in the state file signs in by name."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        username = request.POST.get("username", "")
        if username in state().get("users", {}):
            user, _ = User.objects.get_or_create(username=username)
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(next_url)
        return HttpResponse(PAGE.format(next=escape(next_url), error="<p>Unknown user</p>"), status=400)
    return HttpResponse(PAGE.format(next=escape(next_url), error=""))


def new_key() -> RSAKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    ).decode("ascii")
    return RSAKey.objects.create(key=pem)


@csrf_exempt
def control(request: HttpRequest) -> JsonResponse:
    """Test-only: set the client's redirect URIs, rotate the signing key; answers the current kids."""
    if request.method == "POST":
        body = json.loads(request.body or b"{}")
        if "redirect_uris" in body:
            client = Client.objects.get(client_id="jamlik")
            client.redirect_uris = body["redirect_uris"]
            client.save()
        if body.get("rotate_key"):
            old = list(RSAKey.objects.all())
            new_key()
            for key in old:
                key.delete()
    return JsonResponse({"kids": [key.kid for key in RSAKey.objects.all()]})
