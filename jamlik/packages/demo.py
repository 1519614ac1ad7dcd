"""The demo's SCORM courses: a short Swedish module on aktiva åtgärder, as SCORM 1.2 and as
SCORM 2004 4th edition. Idempotent.

The sources are kept in ``demo_packages/`` (``common/`` for both, ``scorm12/`` and ``scorm2004/`` for each
standard's manifest and the one-line script naming it); ``package_zip`` zips them when the demo
loads, and the programme manager of the courses demo imports each through
``packages.actions.import_package`` (the upload page's action), sets its settings and publishes
it (the importer's defaults: Swedish, open to every organisation), so a new user can play one at once.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.db import transaction

from jamlik.courses.versions import publish_version
from jamlik.packages.actions import import_package
from jamlik.packages.models import Package
from jamlik.people.models import User

HERE = Path(__file__).with_name("demo_packages")
AUTHOR = "programansvarig@lansstyrelsen.se"  # made by the people demo, as for the native demo courses
STANDARDS = {
    "scorm12": "Aktiva åtgärder mot diskriminering (SCORM 1.2)",
    "scorm2004": "Aktiva åtgärder mot diskriminering (SCORM 2004)",
}


def package_zip(standard: str) -> bytes:
    """The package of ``standard``: the common files and the standard's own, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for folder in (HERE / "common", HERE / standard):
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    zf.write(path, path.name)
    return buffer.getvalue()


@transaction.atomic
def load() -> list[str]:
    author = User.objects.get(email=AUTHOR)
    slugs: list[str] = []
    for standard, title in STANDARDS.items():
        existing = Package.objects.filter(title=title).select_related("version__course").first()
        if existing is not None:
            slugs.append(existing.version.course.slug)
            continue
        version = import_package(
            author, io.BytesIO(package_zip(standard)), organisation=None, filename=f"aktiva-atgarder-{standard}.zip"
        )
        # The importer's defaults are the demo's: Swedish, open to every organisation, the title from the
        # manifest.
        publish_version(author, version)
        slugs.append(version.course.slug)
    return [f"Demo SCORM courses (play one at once): /kurser/{slugs[0]}/ (1.2) and /kurser/{slugs[1]}/ (2004)"]
