"""Settings of the test OpenID provider (see __init__.py)."""

import os
from pathlib import Path

SECRET_KEY = "test-op-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
SITE_URL = os.environ["OP_SITE_URL"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.identity.op.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(os.environ["OP_DB"]))}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {}}]
USE_TZ = True
LOGIN_URL = "/login/"
SESSION_COOKIE_NAME = "op_session"  # cookies are shared across ports of one host
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
OIDC_USERINFO = "tests.identity.op.hooks.userinfo"
OIDC_IDTOKEN_PROCESSING_HOOK = "tests.identity.op.hooks.id_token"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
