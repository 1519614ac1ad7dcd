from django.urls import path

from jamlik.privacy.views import mine

app_name = "privacy"

urlpatterns = [
    path("min-sida/mina-uppgifter/", mine.my_data, name="my_data"),
    path("min-sida/mina-uppgifter/ladda-ner/", mine.request_download, name="request_export"),
    path("min-sida/mina-uppgifter/ladda-ner/<uuid:public_id>/", mine.download, name="download"),
]
