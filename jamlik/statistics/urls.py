from django.urls import URLPattern, path

from jamlik.statistics.views import dashboards, exports, projects, reports

app_name = "statistics"
urlpatterns: list[URLPattern] = [
    path("statistik/", dashboards.dashboard, name="dashboard"),
    path("statistik/oversikt/", dashboards.public, name="public"),
    path("statistik/organisationer/<slug:slug>/", dashboards.organisation, name="organisation"),
    path(
        "statistik/organisationer/<slug:slug>/<slug:measure>/<slug:dimension>.<str:fmt>",
        exports.organisation_table,
        name="organisation-export",
    ),
    path("statistik/export/alla.xlsx", exports.workbook, name="workbook"),
    path("statistik/export/<slug:measure>/<slug:dimension>.<str:fmt>", exports.table, name="export"),
    path("statistik/rapport/", reports.report_pdf, name="report"),
    path("statistik/projekt/", projects.project_list, name="projects"),
    path("statistik/projekt/nytt/", projects.project_new, name="project-new"),
    path("statistik/projekt/<uuid:public_id>/", projects.project_edit, name="project"),
    path("statistik/projekt/<uuid:public_id>/deltagare.xlsx", projects.project_export, name="project-export"),
]
