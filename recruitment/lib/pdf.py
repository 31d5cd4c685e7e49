"""PDF rendering with WeasyPrint: the one place that knows about it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

PRINT_STYLESHEET = "css/print.css"


def _print_stylesheet() -> CSS:
    path = finders.find(PRINT_STYLESHEET)
    return CSS(filename=path)


def render_pdf(template_name: str, context: dict, *, cacheable: bool = False) -> bytes:
    """Render a template to PDF bytes.

    `cacheable` keeps the PDF in the cache under a hash of its HTML, so the same content is
    rendered once and any change (text, template, translation) makes a new entry. Use it for
    public documents only: the cache is not the place for personal data.
    """
    html = render_to_string(template_name, context)
    if not cacheable:
        return _write_pdf(html)
    key = "pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = _write_pdf(html)
        cache.set(key, pdf, settings.NOTICE_PDF_CACHE_SECONDS)
    return pdf


def _write_pdf(html: str) -> bytes:
    # texts are written by staff: an image or stylesheet URL in them must never make the server
    # fetch from the network or the disk (SSRF); only inline data: URLs are read
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[_print_stylesheet()])
