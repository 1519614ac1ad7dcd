"""Package files on the content origin: ``/p/<package public id>/<path inside the package>``.

The path must be one the import recorded (``PackageFile``); nothing else under the package's
folder, and nothing outside it, can be named. Files never change once imported (a new upload is a
new package), so a browser may keep them; ``private`` keeps them out of shared caches, since the
address is the only key. A single byte range is served for media that seeks.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import IO

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import http_date

from jamlik.packages.content.headers import content_type, not_found, package_csp, protect
from jamlik.packages.models import PackageFile, Standard, package_storage

CACHE_SECONDS = 3600
CHUNK = 64 * 1024
RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
UNSATISFIABLE = (-1, -1)  # a range that starts past the end


def package_file(request: HttpRequest, package: uuid.UUID, path: str) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD"):
        refused = HttpResponse(status=405)
        refused["Allow"] = "GET, HEAD"
        return refused
    file = PackageFile.objects.select_related("package").filter(package__public_id=package, path=path).first()
    if file is None:
        return not_found()
    etag = f'"{file.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return _headers(HttpResponse(status=304), etag, file.package.standard)
    try:
        handle = package_storage().open(file.package.storage_path(file.path), "rb")
    except FileNotFoundError:
        return not_found()
    kind = content_type(file.path)
    wanted = _range(request.headers.get("Range", ""), file.size)
    if wanted is None:
        return _headers(FileResponse(handle, content_type=kind), etag, file.package.standard)
    if wanted == UNSATISFIABLE:
        handle.close()
        unsatisfiable = HttpResponse(status=416)
        unsatisfiable["Content-Range"] = f"bytes */{file.size}"
        return _headers(unsatisfiable, etag, file.package.standard)
    start, end = wanted
    handle.seek(start)
    response = StreamingHttpResponse(_read(handle, end - start + 1), status=206, content_type=kind)
    response["Content-Range"] = f"bytes {start}-{end}/{file.size}"
    response["Content-Length"] = str(end - start + 1)
    return _headers(response, etag, file.package.standard)


def _headers(response: HttpResponseBase, etag: str, standard: str) -> HttpResponseBase:
    response["ETag"] = etag
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    response["Date"] = http_date()
    return protect(response, package_csp(cmi5=standard == Standard.CMI5))


def _range(header: str, size: int) -> tuple[int, int] | None:
    """One ``bytes=a-b`` range as (first, last) byte, ``UNSATISFIABLE``, or None for the whole
    file (no header, several ranges, or a header we do not understand: the whole file is a valid
    answer to any of them)."""
    match = RANGE.match(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last n bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return UNSATISFIABLE
    return start, end


def _read(handle: IO[bytes], length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()
