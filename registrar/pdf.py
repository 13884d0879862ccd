"""PDF documents from HTML templates with WeasyPrint (templates/documents/).

Fonts come from static/fonts/dejavu through @font-face with file:// URLs (templates/documents/base.html),
because system fonts differ between machines and not all of them have the Kazakh letters
(Ә Ғ Қ Ң Ө Ұ Ү Һ І). Only file: and data: URLs are fetched: a document never reaches the network,
which may be closed at a university, and a template cannot be made to fetch an internal address.
"""

import logging
import threading

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "dejavu"

# WeasyPrint reports each rendering step at INFO: seven lines per document in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


_local = threading.local()


def font_configuration():
    """One WeasyPrint FontConfiguration per thread, reused by every document it renders. A new one per
    document (WeasyPrint's default) leaves fontconfig/Pango memory behind: about 0.2 MB per PDF, so a
    worker issuing a graduating cohort's diplomas grew by hundreds of MB. Reused, memory stays flat.
    Per thread because WeasyPrint does not share one between concurrent renders."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def document_context() -> dict:
    """What every document template gets: the university (header, city) and the font folder URL."""
    from .selectors import university_settings

    return {"university": university_settings(), "font_dir": FONT_DIR.as_uri()}


def render_html(template_name: str, context: dict, request=None) -> str:
    return render_to_string(template_name, {**document_context(), **context}, request=request)


def render_pdf(template_name: str, context: dict, *, pdf_variant: str | None = None, request=None) -> bytes:
    """The PDF of a document template as bytes; `pdf_variant` e.g. "pdf/a-3b" for archival copies."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(template_name, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=pdf_variant, font_config=font_configuration())


def pdf_response(
    template_name: str,
    context: dict,
    filename: str,
    *,
    pdf_variant: str | None = None,
    inline: bool = True,
    request=None,
) -> HttpResponse:
    """The document as an HTTP response (opened in the browser's viewer unless `inline` is False)."""
    content = render_pdf(template_name, context, pdf_variant=pdf_variant, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response
