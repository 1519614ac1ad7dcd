"""The one settings module. Every value that differs between installations is read from
the environment through the typed helpers in ``jamlik.lib.env``; README.md lists them all.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jamlik.lib.clientip import parse_trusted_proxies
from jamlik.lib.env import cache_from_url, env_bool, env_int, env_list, env_str
from jamlik.lib.logs import logging_config
from jamlik.lib.origins import host_of, loopback_partner, normalise_origin, origin_of

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("JAMLIK_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("JAMLIK_DEBUG", False)
_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105 (only with JAMLIK_DEBUG=1)
SECRET_KEY = env_str("JAMLIK_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set JAMLIK_SECRET_KEY (or JAMLIK_SECRET_KEY_FILE), or JAMLIK_DEBUG=1.")

ALLOWED_HOSTS = env_list("JAMLIK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("JAMLIK_CSRF_TRUSTED_ORIGINS", [])
# Links in emails, feeds, calendar files and diplomas, and the ids in Open Badges, are built from
# this, never from a request: a wrong value sends people to the wrong place, so production has no
# default (the demo derives it from its port in scripts/demo.sh).
SITE_URL = env_str("JAMLIK_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "Set JAMLIK_SITE_URL to the address people use (e.g. https://jamlik.example.se), or JAMLIK_DEBUG=1."
    )
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).hostname:
    raise ImproperlyConfigured(
        f"JAMLIK_SITE_URL must be an http(s) address such as https://jamlik.example.se, not {SITE_URL!r}."
    )
# Package content (SCORM, cmi5) is third-party HTML and script: it is served only from this second
# origin, never the platform's (docs/scorm.md, "Content origin"). A site on 127.0.0.1 gets the same
# port on localhost (and the other way round), so the demo works out of the box; elsewhere it must
# be set, or packages cannot be played. Its host is answered (ALLOWED_HOSTS), but only with
# package files: jamlik.packages.content.middleware routes it before any session or CSRF check.
JAMLIK_CONTENT_ORIGIN = normalise_origin(
    env_str("JAMLIK_CONTENT_ORIGIN", loopback_partner(SITE_URL)), setting="JAMLIK_CONTENT_ORIGIN"
)
if JAMLIK_CONTENT_ORIGIN:
    if host_of(JAMLIK_CONTENT_ORIGIN) == host_of(origin_of(SITE_URL)):
        raise ImproperlyConfigured(
            "JAMLIK_CONTENT_ORIGIN needs a host name of its own, not JAMLIK_SITE_URL's "
            "(package scripts would run in the platform's origin)."
        )
    if host_of(JAMLIK_CONTENT_ORIGIN) not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(host_of(JAMLIK_CONTENT_ORIGIN))
# The installation's own name, logo and accent colour (jamlik/web/branding.py, docs/design.md).
JAMLIK_SITE_NAME = env_str("JAMLIK_SITE_NAME", "Jämlik")
JAMLIK_SITE_LOGO = env_str("JAMLIK_SITE_LOGO", "")
JAMLIK_SITE_ACCENT = env_str("JAMLIK_SITE_ACCENT", "#1d4f91")
SITE_ID = 1  # the row jamlik.web keeps in step with SITE_URL after every migrate (allauth reads it)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # allauth's OpenID Connect provider with a nonce and signature checks added; it registers as
    # "openid_connect", so allauth's own openid_connect app must not be installed beside it.
    "jamlik.identity.oidc",
    # allauth's SAML provider configured from IdentityProvider rows, with stricter checks; it registers
    # as "saml", so allauth's own saml app must not be installed beside it.
    "jamlik.identity.saml",
    "allauth.usersessions",
    "django_htmx",
    "ninja",  # serves the API docs from our own static files, not a CDN
    "jamlik.audit",
    "jamlik.people",
    "jamlik.identity",
    "jamlik.courses",
    "jamlik.credentials",
    "jamlik.campaigns",
    "jamlik.programmes",
    "jamlik.statistics",
    "jamlik.knowledge",
    "jamlik.networks",
    "jamlik.strategies",
    "jamlik.evaluations",
    "jamlik.webhooks",
    "jamlik.lrs",
    "jamlik.packages",
    "jamlik.retention",  # after people: its admin replaces the people admin's deletion (docs/privacy.md)
    "jamlik.privacy",
    "jamlik.web",
    "jamlik.api",
    # After jamlik.web, whose db_worker command (the library's worker with a heartbeat and request
    # ids, jamlik/web/worker.py) then takes the name: Django lets the earlier app's command win.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: /healthz, /readyz and /metrics need no session, host check, redirect or language.
    "jamlik.web.middleware.HealthCheckMiddleware",
    "jamlik.lib.clientip.ClientAddressMiddleware",  # the client's address, once, for every rate limit
    "jamlik.lib.requestid.RequestIdMiddleware",  # X-Request-ID in and out, and on every log line
    "jamlik.lib.metrics.RequestMetricsMiddleware",  # latency, status and queries by view, for /metrics
    "django.middleware.security.SecurityMiddleware",
    # Requests for the content origin's host get package files and nothing else: answered here,
    # before static files, sessions, CSRF or any platform page (jamlik/packages/content/).
    "jamlik.packages.content.middleware.ContentOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the rest, so it has the last word on caching: responses with personal data are
    # private, no-store (jamlik/lib/privacy.py). Static files (WhiteNoise) never reach it.
    "jamlik.lib.privacy.PrivateResponseMiddleware",
    "jamlik.api.middleware.ProblemMiddleware",  # API errors as problem documents, whatever raised them
    "jamlik.api.middleware.ApiRateLimitMiddleware",  # JAMLIK_API_RATE_LIMIT per token or address
    "jamlik.lib.api.pagination.PageLinksMiddleware",  # Link: first/prev/next/last on API lists
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jamlik.people.middleware.PreferredLanguageMiddleware",
    "jamlik.api.middleware.ApiLanguageMiddleware",  # under /api/ only Accept-Language counts
    "jamlik.api.idempotency.IdempotencyMiddleware",  # Idempotency-Key on API POSTs (after auth)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Django's form templates print help text unescaped; ours escape it (jamlik/web/forms.py).
FORM_RENDERER = "jamlik.web.forms.EscapingRenderer"

ROOT_URLCONF = "jamlik.urls"
WSGI_APPLICATION = "jamlik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jamlik" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jamlik.web.context_processors.site",
            ],
            # |num and |pct (Swedish or English numbers) and the confirmation tag, in every template.
            "builtins": ["jamlik.lib.templatefilters"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
_database_url = env_str("JAMLIK_DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "jamlik.sqlite3"),
            "OPTIONS": {
                # Writers queue instead of failing; WAL lets readers run beside a writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache by default (nothing more to run; `jamlik createcachetable`), or Redis/Valkey
# for several application servers: JAMLIK_CACHE_URL=redis://host:6379/0 (docs/operations.md).
CACHES = {"default": cache_from_url(env_str("JAMLIK_CACHE_URL", ""))}

# --- People and sign-in -----------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
ACCOUNT_ADAPTER = "jamlik.people.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
# "password1" (optional) keeps signing in with a password possible; the sign-up form drops the field:
# a code proves the address, and a password can be set later on My page.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_FORMS = {
    # people.signin's forms (no password; says when to try again), refusing a code (and the
    # password form, a password) for addresses whose organisation signs them in only through its
    # own provider.
    "signup": "jamlik.identity.signin.OrganisationSignupForm",
    "login": "jamlik.identity.signin.OrganisationLoginForm",
    "request_login_code": "jamlik.identity.signin.OrganisationCodeRequestForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Jämlik] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",  # allauth counts this one per address only; failed attempts per account below
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
USERSESSIONS_TRACK_ACTIVITY = False  # a write on every signed-in request; sessions are still listed (from sign-in)
# Sign-in through organisations (docs/sso.md): allauth's apps are built from IdentityProvider rows
# by the adapter, never stored in allauth's table (which would keep the secret in clear text).
SOCIALACCOUNT_PROVIDERS: dict[str, object] = {}
SOCIALACCOUNT_ADAPTER = "jamlik.identity.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
# An existing account meets its identity by address only when both sides have verified it
# (the adapter's authenticate_by_email); then the identity is joined to the account.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# The adapter refuses every address the provider has not verified, so no second check by email.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST (a link alone never starts one)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# The key that encrypts identity providers' client secrets (jamlik/identity/crypto.py); not SECRET_KEY.
JAMLIK_IDENTITY_KEY_FILE = Path(env_str("JAMLIK_IDENTITY_KEY_FILE", str(DATA_DIR / "identity.key")))
# Providers' addresses must be https on public hosts; this allows http and local hosts (tests, a
# provider on the same machine in development). Never in production: a coordinator could point
# the server at internal services.
JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS = env_bool("JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS", DEBUG)
# Webhooks (jamlik/webhooks, docs/webhooks.md): the key that encrypts signing secrets; loopback
# endpoints over http too (tests and the demo only: never in production, where an endpoint on the
# server's own network is refused); the seconds to connect and to wait for each read; the days
# finished deliveries stay in the log.
JAMLIK_WEBHOOK_KEY_FILE = Path(env_str("JAMLIK_WEBHOOK_KEY_FILE", str(DATA_DIR / "webhooks.key")))
JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = env_bool("JAMLIK_WEBHOOKS_ALLOW_LOOPBACK", False)
JAMLIK_WEBHOOKS_TIMEOUT_SECONDS = env_int("JAMLIK_WEBHOOKS_TIMEOUT_SECONDS", 5)
JAMLIK_WEBHOOKS_KEEP_DAYS = env_int("JAMLIK_WEBHOOKS_KEEP_DAYS", 30)

SESSION_COOKIE_AGE = env_int("JAMLIK_SESSION_DAYS", 14) * 24 * 3600
SECURE_COOKIES = env_bool("JAMLIK_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("JAMLIK_HSTS_SECONDS", 0)
SECURE_SSL_REDIRECT = env_bool("JAMLIK_SSL_REDIRECT", False)
if env_bool("JAMLIK_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Which proxies' X-Forwarded-For to believe: a number of proxies, or their addresses/networks
# (jamlik/lib/clientip.py). Checked here so a typo stops the start rather than every request.
JAMLIK_TRUSTED_PROXIES = env_str("JAMLIK_TRUSTED_PROXIES", "")
_proxies = parse_trusted_proxies(JAMLIK_TRUSTED_PROXIES)
# allauth reads the address through our account adapter (client_ip); its own reader is told the
# same count, so nothing in it could disagree. No header of its own is trusted.
ALLAUTH_TRUSTED_PROXY_COUNT = _proxies.count
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
X_FRAME_OPTIONS = "SAMEORIGIN"

# No third-party sources of any kind: scripts, styles, fonts and images are our own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jamlik" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("JAMLIK_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("JAMLIK_MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploads only our views hand out after an access check; never served by the proxy (jamlik/lib/storage.py).
PRIVATE_ROOT = Path(env_str("JAMLIK_PRIVATE_ROOT", str(DATA_DIR / "private")))
# SCORM packages (jamlik/packages/zipcheck.py): refused above these, each checked while unpacking.
JAMLIK_PACKAGE_MAX_UPLOAD_MB = env_int("JAMLIK_PACKAGE_MAX_UPLOAD_MB", 500)
JAMLIK_PACKAGE_MAX_UNPACKED_MB = env_int("JAMLIK_PACKAGE_MAX_UNPACKED_MB", 2000)
JAMLIK_PACKAGE_MAX_FILES = env_int("JAMLIK_PACKAGE_MAX_FILES", 10000)
JAMLIK_PACKAGE_MAX_RATIO = env_int("JAMLIK_PACKAGE_MAX_RATIO", 100)
CREDENTIAL_KEY_DIR = Path(env_str("JAMLIK_CREDENTIAL_KEY_DIR", str(DATA_DIR / "credential-keys")))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Email ------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("JAMLIK_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("JAMLIK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("JAMLIK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("JAMLIK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("JAMLIK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("JAMLIK_EMAIL_USE_TLS", False)
# For django.core.mail.backends.filebased.EmailBackend: a staging server's outbox, shared by every process.
EMAIL_FILE_PATH = env_str("JAMLIK_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_TIMEOUT = env_int("JAMLIK_EMAIL_TIMEOUT", 30)  # seconds; a hanging mail server must not hold a worker forever
DEFAULT_FROM_EMAIL = env_str("JAMLIK_FROM_EMAIL", "Jämlik <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work --------------------------------------------------------------------
# The database queue (`jamlik db_worker`) unless JAMLIK_TASKS_BACKEND names another django-tasks
# backend (a broker-backed one when the database queue is outgrown: docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("JAMLIK_TASKS_IMMEDIATE", False)
            # django-tasks-db's backend, keeping the enqueuing request's id (jamlik/lib/tasks.py)
            else env_str("JAMLIK_TASKS_BACKEND", "jamlik.lib.tasks.TracedDatabaseBackend")
        ),
    }
}

# A task RUNNING this long has lost its worker and is retried or failed (jamlik/lib/tasks.py).
JAMLIK_TASK_LEASE_SECONDS = env_int("JAMLIK_TASK_LEASE_SECONDS", 600)
# Each worker writes a heartbeat this often; /readyz fails when none is younger than
# JAMLIK_READY_WORKER_SECONDS (0: /readyz does not look at workers). docs/operations.md.
JAMLIK_WORKER_HEARTBEAT_SECONDS = env_int("JAMLIK_WORKER_HEARTBEAT_SECONDS", 30)
JAMLIK_READY_WORKER_SECONDS = env_int("JAMLIK_READY_WORKER_SECONDS", 120)

# --- Product settings -------------------------------------------------------------------
# Membership by email domain waits for a coordinator unless the domain says otherwise.
JAMLIK_INVITE_DAYS = env_int("JAMLIK_INVITE_DAYS", 30)

# --- API --------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# --- Observability (docs/operations.md) ---------------------------------------------------
# Plain text by default (the demo); "json" for a log collector: one object per line with the request id.
LOGGING = logging_config(env_str("JAMLIK_LOG_FORMAT", "text"), env_str("JAMLIK_LOG_LEVEL", "INFO"))
# Take the request id from X-Request-ID only when the proxy in front sets (or replaces) that header.
JAMLIK_TRUST_REQUEST_ID = env_bool("JAMLIK_TRUST_REQUEST_ID", False)
# /metrics answers a bearer of this token or a client in one of these networks; 404 when neither is set.
JAMLIK_METRICS_TOKEN = env_str("JAMLIK_METRICS_TOKEN", "")
JAMLIK_METRICS_ALLOWED_NETWORKS = env_list("JAMLIK_METRICS_ALLOWED_NETWORKS", [])
# Error reports to Sentry (or any service speaking its protocol) only when a DSN is set.
JAMLIK_SENTRY_DSN = env_str("JAMLIK_SENTRY_DSN", "")
if JAMLIK_SENTRY_DSN:
    from jamlik.lib.error_reporting import start_error_reporting

    start_error_reporting(JAMLIK_SENTRY_DSN, environment=env_str("JAMLIK_SENTRY_ENVIRONMENT", "production"))

SILENCED_SYSTEM_CHECKS = [
    # SQLite cannot make unit names unique among root units (parent NULL); PostgreSQL does,
    # and jamlik.people.actions.create_unit checks it on every database.
    "models.W047",
]

# Benchmarks only (docs/performance.md): a query count header on every response and a trivial
# baseline page. Never set in a real installation.
if env_bool("JAMLIK_BENCH_QUERY_COUNT", False):
    MIDDLEWARE.insert(0, "jamlik.lib.bench.BenchMiddleware")

# Statistics (docs/statistics.md): a cell counting fewer people than this is suppressed, and
# computed tables are kept this many seconds in the cache.
# The API (docs/api.md): requests per minute per token, or per client address without one
# (0 turns the limit off); past it a 429 problem with Retry-After.
JAMLIK_API_RATE_LIMIT = env_int("JAMLIK_API_RATE_LIMIT", 1200)

JAMLIK_STATISTICS_MIN_CELL = env_int("JAMLIK_STATISTICS_MIN_CELL", 5)
JAMLIK_STATISTICS_CACHE_SECONDS = env_int("JAMLIK_STATISTICS_CACHE_SECONDS", 300)

# Campaigns (docs/campaigns.md): the public standings and their JSON are rendered at most once
# this many seconds per campaign and language (0 turns the cache off); the page says so.
JAMLIK_CAMPAIGN_CACHE_SECONDS = env_int("JAMLIK_CAMPAIGN_CACHE_SECONDS", 30)

# The site notices' banner (jamlik/web/notices.py): each process reads the notices again at most
# this often; a saved notice shows at once in the process that saved it (0: read on every page).
JAMLIK_NOTICE_CACHE_SECONDS = env_int("JAMLIK_NOTICE_CACHE_SECONDS", 10)

# Diplomas (docs/credentials.md): name the issuer by its did:web identifier instead of its URL.
CREDENTIAL_ISSUER_DID_WEB = env_bool("JAMLIK_CREDENTIAL_ISSUER_DID_WEB", False)
