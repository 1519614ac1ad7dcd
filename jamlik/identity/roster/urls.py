from django.urls import path

from jamlik.identity.roster import views

urlpatterns = [
    path("organisationer/<slug:slug>/personallista/", views.upload, name="roster"),
    path("organisationer/<slug:slug>/personallista/<uuid:job_id>/", views.job, name="roster_job"),
    path("organisationer/<slug:slug>/personallista/<uuid:job_id>/bekrafta/", views.confirm, name="roster_confirm"),
    path("organisationer/<slug:slug>/personallista/<uuid:job_id>/kasta/", views.discard, name="roster_discard"),
    path(
        "organisationer/<slug:slug>/personallista/<uuid:job_id>/antal-anstallda/",
        views.headcount,
        name="roster_headcount",
    ),
]
