"""OpenID Connect per organisation: allauth's own provider, with a nonce and a signature check added.

allauth 65's ``openid_connect`` provider does the authorization code flow with state and PKCE and
checks the ID token's issuer, audience and expiry, but sends no ``nonce`` and skips the
signature of an ID token that came straight from the token endpoint. This package is that
provider with three additions (``provider.py``, ``views.py``):

- a fresh ``nonce`` per sign-in, kept in allauth's state and compared with the ID token's;
- the ID token's signature always verified against the provider's JWKS, fetched at every
  sign-in, so a key the provider rotated in is found at once and a key it removed is refused;
- the discovery document's ``issuer`` must equal the configured issuer (OIDC Discovery 4.3),
  and the userinfo ``sub`` must equal the ID token's.

It registers as ``openid_connect`` (allauth's own provider app is not installed), so URLs and
names stay allauth's: ``/konto/oidc/<slug>/login/`` and ``…/login/callback/``.
"""
