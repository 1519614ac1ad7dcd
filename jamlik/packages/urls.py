from django.urls import URLPattern, URLResolver, path

from jamlik.packages.views import tracking

app_name = "packages"

urlpatterns: list[URLPattern | URLResolver] = [
    path("kurser/paket/forsok/<uuid:attempt_id>/commit", tracking.commit, name="commit"),
]
