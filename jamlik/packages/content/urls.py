"""The content origin's whole URLconf (see ``middleware``): package files and the runtime bridge.
There is no admin, no account page, no API and no static route here: everything else is 404."""

from django.urls import URLPattern, path

from jamlik.packages.content.files import package_file
from jamlik.packages.content.runner import runner, script

urlpatterns: list[URLPattern] = [
    path("p/<uuid:package>/<path:path>", package_file, name="file"),
    path("run/_/<str:name>", script, name="script"),
    path("run/<uuid:package>/", runner, name="runner"),
]
