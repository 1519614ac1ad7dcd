"""Addresses of the SCIM endpoint. Identity systems append the resource to the base without a slash
(``…/scim/v2/Users``), so these have none; anything else under the base answers a SCIM 404."""

from django.urls import path, re_path

from jamlik.identity.scim import protocol, views

app_name = "scim"
urlpatterns = [
    path("", protocol.not_found, name="root"),
    path(".search", protocol.search_everything, name="search"),
    path("Users", views.users_endpoint, name="users"),
    path("Users/.search", views.users_search_endpoint, name="users_search"),
    path("Users/<str:public_id>", views.user_endpoint, name="user"),
    path("Groups", views.groups_endpoint, name="groups"),
    path("Groups/.search", views.groups_search_endpoint, name="groups_search"),
    path("Groups/<str:public_id>", views.group_endpoint, name="group"),
    path("ServiceProviderConfig", views.provider_config_endpoint, name="provider_config"),
    path("Schemas", views.schemas_endpoint, name="schemas"),
    path("Schemas/<str:schema_id>", views.schema_endpoint, name="schema"),
    path("ResourceTypes", views.resource_types_endpoint, name="resource_types"),
    path("ResourceTypes/<str:type_id>", views.resource_type_endpoint, name="resource_type"),
    re_path(r"^.*$", protocol.not_found),
]
