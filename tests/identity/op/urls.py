from django.urls import include, path

from tests.identity.op import views

urlpatterns = [
    path("login/", views.login),
    path("control/", views.control),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
