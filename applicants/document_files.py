"""Serving a candidate document: the one place that knows where document files live."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from .models import Document

# the file is data, never a page: no script, no plugin, no frame, even if a browser sniffs it
SANDBOX_POLICY = "sandbox; default-src 'none'"


def document_filename(document: Document) -> str:
    name = document.original_name
    return name if name.lower().endswith(document.extension) else name + document.extension


def document_response(document: Document) -> HttpResponse:
    """A download of the document: attachment, its real type, nosniff, sandboxed.

    With S3 and DOCUMENT_DOWNLOADS=signed-url the browser is sent to a signed URL valid a few
    minutes that carries the same disposition and type; otherwise (local storage, or a bucket
    browsers cannot reach) Django reads the file from storage and streams it.
    """
    storage = document.file.storage
    disposition = content_disposition_header(True, document_filename(document))
    if settings.DOCUMENT_DOWNLOADS == "signed-url" and getattr(storage, "querystring_auth", False):
        url = storage.url(
            document.file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": document.content_type,
            },
            expire=storage.querystring_expire,  # AWS_QUERYSTRING_EXPIRE, 300 s by default
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            document.file.open("rb"),
            content_type=document.content_type,
            as_attachment=True,
            filename=document_filename(document),
        )
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
