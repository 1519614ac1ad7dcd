from django.urls import path

from jamlik.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
    path("drift/mejl/", views.failed_emails, name="failed_emails"),
    path("drift/mejl/<uuid:result_id>/forsok-igen/", views.retry_failed_email, name="retry_failed_email"),
]
