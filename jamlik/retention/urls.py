from django.urls import path

from jamlik.retention import views

app_name = "retention"
urlpatterns = [
    path("min-sida/radera-kontot/", views.erase_account, name="erase_account"),
    path("radering/", views.erasure_requests, name="erasure_requests"),
    path("radering/<uuid:public_id>/", views.decide, name="decide"),
    path("drift/gallring/", views.rules, name="rules"),
    path("drift/gallring/logg.csv", views.deletion_log_csv, name="deletion_log_csv"),
    path("organisationer/<slug:slug>/arkiv/", views.archive_export, name="archive_export"),
]
