"""Printable reports: a template rendered to HTML, then to PDF with WeasyPrint.

Every report extends ``print/base.html`` (A4, margins, the report's title and the date of printing
in each page's header, "page / pages" in the footer, tables whose header row repeats on each
page). The PDF is made from the very HTML :func:`render_print_html` returns, so a test can read
the figures in that HTML instead of taking the PDF apart.

The language is the page's (or ``?lang=ja|en``): :func:`print_language` picks it and
:func:`pdf_response` builds the context and renders inside it, so labels chosen while building the
context (``kyoso.survey.labels.label``) follow it too.

WeasyPrint is imported only when a PDF is made, so kyoso starts and serves every other page
without it (or without Pango); a server that cannot render answers with a page that says why
(:class:`PdfUnavailable`). Japanese text needs a CJK font: the stylesheet names IPAexGothic,
IPAGothic and Noto Sans CJK JP before the generic sans-serif, and renders (with missing glyphs
as boxes) where none is installed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

__all__ = ["PdfUnavailable", "print_language", "render_print_html", "html_to_pdf", "render_pdf", "pdf_response"]

LANGUAGES = ("ja", "en")


class PdfUnavailable(RuntimeError):
    """This server cannot make PDFs (WeasyPrint or the Pango library it needs is missing)."""


def print_language(request) -> str:
    """``?lang=ja|en`` when given, else the language the page is read in."""
    asked = request.GET.get("lang", "") if request is not None else ""
    if asked in LANGUAGES:
        return asked
    current = translation.get_language() or settings.LANGUAGE_CODE
    return "ja" if current.startswith("ja") else "en"


def render_print_html(template_name: str, context: dict, *, request) -> str:
    """The report as HTML, in the current language, with the date of printing (Asia/Tokyo)."""
    return render_to_string(template_name, {"printed_on": timezone.localdate(), **context}, request=request)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of ``html`` (bytes starting ``%PDF``); :class:`PdfUnavailable` when it cannot be made."""
    try:
        import weasyprint  # noqa: PLC0415 — imported lazily: kyoso runs without it
    except (ImportError, OSError) as error:  # OSError: the Pango library is missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def render_pdf(template_name: str, context: dict, *, request) -> bytes:
    """``template_name`` rendered with ``context`` as a PDF, in the current language."""
    html = render_print_html(template_name, context, request=request)
    return html_to_pdf(html, base_url=request.build_absolute_uri("/") if request is not None else None)


def pdf_response(request, template_name: str, build_context: Callable[[], dict], *, filename: str) -> HttpResponse:
    """Download ``filename`` (without ``.pdf``): the context is built and rendered in the print language.

    ``build_context`` is called inside the language so that labels picked in Python follow it.
    Where no PDF can be made the answer is a page that says so (503), never a traceback.
    """
    language = print_language(request)
    with translation.override(language):
        context = build_context()
        try:
            content = render_pdf(template_name, context, request=request)
        except PdfUnavailable as error:
            return render(request, "print/unavailable.html", {"reason": str(error)}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{language}.pdf"'
    return response
