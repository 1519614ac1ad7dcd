"""A real OpenID provider for the sign-in tests: django-oidc-provider in a small project of its own.

It runs in its own process (``python -m tests.identity.op.serve``), on a port of the test run's
range, with its own SQLite database. What its people look like and how it misbehaves is read at
each request from a JSON file the test writes (``OP_STATE``): users with their claims, and
``tamper`` (another ``aud``, ``iss`` or ``nonce`` in the ID token). ``POST /control/`` sets the
client's redirect URIs and rotates the signing key. Nothing here is part of Jämlik.
"""
