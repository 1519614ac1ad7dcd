"""SAML 2.0 sign-in per organisation, through allauth's SAML provider and python3-saml (docs/sso.md)."""
