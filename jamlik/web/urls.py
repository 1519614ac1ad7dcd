from django.urls import path

from jamlik.web import design_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
    path("design/", design_views.design, name="design"),
    path("tema.css", design_views.theme_css, name="theme"),
    path("logotyp", design_views.site_logo, name="logo"),
    path("drift/mejl/", views.failed_emails, name="failed_emails"),
    path("drift/mejl/<uuid:result_id>/forsok-igen/", views.retry_failed_email, name="retry_failed_email"),
]
