from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from jamlik.api.api import api
from jamlik.identity.signin import request_code
from jamlik.web.views import healthz

# Friendly 500 and 503 (database unreachable) pages that need no database (jamlik/web/errors.py).
handler500 = "jamlik.web.errors.server_error"
handler429 = "jamlik.people.signin.too_many_requests"  # allauth's rate limits (not a Django handler)

admin.site.site_header = "Jämlik"
admin.site.site_title = "Jämlik"

urlpatterns = [
    path("", include("jamlik.web.urls")),
    path("", include("jamlik.people.urls")),
    path("", include("jamlik.courses.urls")),
    path("", include("jamlik.credentials.urls")),
    path("", include("jamlik.campaigns.urls")),
    path("", include("jamlik.programmes.urls")),
    path("", include("jamlik.statistics.urls")),
    path("", include("jamlik.knowledge.urls")),
    path("", include("jamlik.networks.urls")),
    path("", include("jamlik.strategies.urls")),
    path("", include("jamlik.evaluations.urls")),
    path("", include("jamlik.webhooks.urls")),
    path("", include("jamlik.packages.urls")),
    path("", include("jamlik.lrs.urls")),
    path("", include("jamlik.privacy.urls")),
    path("", include("jamlik.identity.urls")),
    path("", include("jamlik.retention.urls")),
    path("", include("jamlik.identity.scim.page_urls")),
    path("scim/v2/", include("jamlik.identity.scim.urls")),
    # Before allauth's own: the same "email me a code" that also starts a new person's account
    # (and first offers sign-in through the organisation where its domain has a provider).
    path("konto/login/code/", request_code, name="account_request_login_code"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
