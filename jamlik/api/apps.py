from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jamlik.api"
    verbose_name = "API"
