from django.urls import URLPattern, URLResolver, path

from jamlik.packages.cmi5 import views as cmi5
from jamlik.packages.views import export, imports, play, reports, tracking

app_name = "packages"

urlpatterns: list[URLPattern | URLResolver] = [
    path("kurser/paket/importera/", imports.upload, name="upload"),
    path("kurser/paket/kurs/<uuid:course_id>/ny-version/", imports.new_version, name="new_version"),
    path("kurser/paket/version/<uuid:version_id>/", imports.package, name="package"),
    path("kurser/paket/forsok/<uuid:attempt_id>/commit", tracking.commit, name="commit"),
    path("kurser/<slug:slug>/forsok/", reports.my_attempts, name="my_attempts"),
    path("organisationer/<slug:slug>/kurser/<uuid:course_id>/forsok/", reports.org_attempts, name="org_attempts"),
    path(
        "organisationer/<slug:slug>/kurser/<uuid:course_id>/forsok/export.<str:fmt>",
        reports.org_attempts_export,
        name="org_attempts_export",
    ),
    path(
        "kurser/redigera/<uuid:course_id>/version/<int:number>/scorm/<str:standard>/",
        export.export_scorm,
        name="export_scorm",
    ),
    path("kurser/<slug:slug>/spela/", play.play, name="play"),
    path("kurser/<slug:slug>/spela/<uuid:item_id>/", play.play, name="play_item"),
    path("cmi5/kurs/<uuid:version>/", cmi5.player, name="cmi5-player"),
    path("cmi5/starta/<uuid:item>/", cmi5.launch, name="cmi5-launch"),
    path("cmi5/fetch/<uuid:session>/<str:secret>", cmi5.fetch, name="cmi5-fetch"),
]
