"""The demo's cmi5 course: "Lika villkor på jobbet", two AUs made for the project (``demo_course/``),
imported and published once; a second run finds it by its identifier and leaves it be."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from jamlik.courses.versions import publish_version
from jamlik.packages.cmi5.importing import import_course
from jamlik.packages.models import Package, Standard
from jamlik.people.models import Organisation

FOLDER = Path(__file__).resolve().parent / "demo_course"
IDENTIFIER = "https://jamlik.se/cmi5/demo/lika-villkor"
OWNER = "lansstyrelsen-dalarna"


def demo_zip() -> io.BytesIO:
    """The demo course as the zip an author would upload."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(FOLDER.iterdir()):
            archive.write(path, path.name)
    buffer.seek(0)
    return buffer


def load() -> list[str]:
    package = (
        Package.objects.filter(standard=Standard.CMI5, identifier=IDENTIFIER).select_related("version__course").first()
    )
    if package is None:
        version = import_course(
            None, demo_zip(), organisation=Organisation.objects.filter(slug=OWNER).first(), filename="lika-villkor.zip"
        )
        publish_version(None, version)
        course = version.course
    else:
        course = package.version.course
    return [f"Demo cmi5 course: /kurser/{course.slug}/ (two parts in Swedish; sign in as larande@sater.se)"]
