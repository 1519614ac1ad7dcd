"""Private file storage: uploads that only our views hand out, after their access check.

Everything under ``MEDIA_ROOT`` is served to anyone by the proxy in production (course media
must be public). Files that belong to a closed group or a draft (network documents, attachments
of unpublished good examples, follow-up evidence) live under ``JAMLIK_PRIVATE_ROOT`` instead
(default ``DATA_DIR/private``), one folder per area, and are read only by download views.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    """A folder under the private root; it has no URL, so nothing can link past the views.

    The location is read from the settings on each use, so a test can point ``PRIVATE_ROOT``
    at a temporary folder.
    """

    def __init__(self, area: str) -> None:
        super().__init__()
        self.area = area

    @property
    def base_location(self) -> str:
        return str(Path(settings.PRIVATE_ROOT) / self.area)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> str:
        return ""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no address; serve them through a view that checks access.")


def private_download(file: FieldFile, filename: str, content_type: str, *, shared_caches: bool = False) -> FileResponse:
    """A stored upload as a download: always an attachment with the type chosen at upload, never
    sniffed or rendered by the browser, and (unless ``shared_caches``) kept out of shared caches.
    A file missing from storage answers 404, as a missing row would."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not shared_caches:
        response["Cache-Control"] = "private, no-store"
    return response
