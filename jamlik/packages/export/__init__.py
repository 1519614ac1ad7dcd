"""Exporting a native Jämlik course version as a SCORM package (1.2 or 2004 4th edition).

``export_version(version, standard, target)`` writes the zip; see ``package.py`` for what is
in it and ``manifest.py`` for the manifest. docs/scorm.md, "Export", describes both.
"""

from jamlik.packages.export.manifest import SCORM12, SCORM2004, STANDARDS
from jamlik.packages.export.package import ExportError, ExportSummary, export_version, filename_for

__all__ = ["SCORM12", "SCORM2004", "STANDARDS", "ExportError", "ExportSummary", "export_version", "filename_for"]
