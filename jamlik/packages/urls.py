from django.urls import URLPattern, URLResolver, path

from jamlik.packages.views import export, tracking

app_name = "packages"

urlpatterns: list[URLPattern | URLResolver] = [
    path("kurser/paket/forsok/<uuid:attempt_id>/commit", tracking.commit, name="commit"),
    path(
        "kurser/redigera/<uuid:course_id>/version/<int:number>/scorm/<str:standard>/",
        export.export_scorm,
        name="export_scorm",
    ),
]
