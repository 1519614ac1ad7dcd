from django.urls import path

from jamlik.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
]
