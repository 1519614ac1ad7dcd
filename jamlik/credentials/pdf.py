"""Diplomas as PDF (weasyprint) and the QR code they carry.

The PDF is made from the same diploma markup as the HTML version, in the recipient's language,
as tagged PDF/UA-1 (text, not images, so screen readers and copy-paste work). Fonts come from
the machine through fontconfig: DejaVu (Debian's ``fonts-dejavu-core``) covers Latin, Greek,
Cyrillic and more (``ŋ``, ``Ş``); Chinese, Japanese and Korean names need a CJK font such as
``fonts-noto-cjk``. Without one the name is still right in the PDF's text layer, but prints as
empty boxes. The bytes are made on the first download and kept in ``Diploma.pdf``; a diploma
never changes after issue (a correction is a new diploma), so the cached file never goes stale.
The issuing organisations' logos are drawn as they are when the PDF is first made; a logo added
or changed later shows on the web page at once and on PDFs of diplomas issued after it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import segno  # type: ignore[import-untyped,unused-ignore]
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from jamlik.credentials.models import Diploma
from jamlik.people.models import Organisation


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code for ``url``, labelled for assistive technology."""
    qr = segno.make(url, error="m")
    svg: str = qr.svg_inline(scale=4, border=2, title=_("QR code to the verification page"))
    svg = svg.replace("<svg ", '<svg role="img" aria-label="{}" '.format(_("QR code to the verification page")), 1)
    return mark_safe(svg)  # noqa: S308 (segno's output, with only our translated label added)


@dataclass(frozen=True)
class Logo:
    name: str
    src: str


_LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def _logos(issuers: list[Organisation], *, inline: bool) -> list[Logo]:
    """The issuing organisations' logos: by URL for the web page, as data URIs for the PDF, so
    weasyprint reads them from storage and never over the network. A missing file is left out."""
    logos = []
    for organisation in issuers:
        if not organisation.logo:
            continue
        if not inline:
            logos.append(Logo(organisation.name, organisation.logo.url))
            continue
        kind = _LOGO_TYPES.get((organisation.logo.name or "").rsplit(".", 1)[-1].lower())
        try:
            with organisation.logo.open("rb") as handle:
                content = handle.read()
        except OSError:
            continue
        if kind is not None:
            logos.append(Logo(organisation.name, f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"))
    return logos


def diploma_context(diploma: Diploma, *, for_pdf: bool = False) -> dict[str, Any]:
    issuers = list(diploma.issuers.all())
    return {
        "diploma": diploma,
        "data": diploma.data,
        "issuers": issuers,
        "logos": _logos(issuers, inline=for_pdf),
        "verify_url": diploma.verify_url(),
        "qr": qr_svg(diploma.verify_url()),
        "site_url": settings.SITE_URL,
    }


def render_pdf(diploma: Diploma) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported here: loading pango takes a moment and most requests never need it

    with translation.override(diploma.language):
        html = render_to_string("credentials/diploma_pdf.html", diploma_context(diploma, for_pdf=True))
    pdf: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def pdf_bytes(diploma: Diploma) -> bytes:
    """The diploma's PDF, made once and then read from storage."""
    if diploma.pdf:
        try:
            with diploma.pdf.open("rb") as handle:
                cached: bytes = handle.read()
                return cached
        except FileNotFoundError:
            pass
    content = render_pdf(diploma)
    diploma.pdf.save("diploma.pdf", ContentFile(content), save=False)
    Diploma.objects.filter(pk=diploma.pk).update(pdf=diploma.pdf.name)
    return content
