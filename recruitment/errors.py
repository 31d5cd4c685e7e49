"""The page shown when something breaks: an id to quote, nothing else from the error."""

from __future__ import annotations

import logging
import sys
import uuid

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("recruitment.errors")


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Log the error under a short id and show that id; the page needs no database.

    The log line carries the method and path (the JSON formatter drops query strings),
    never the request's body, cookies or the user's identity.
    """
    error_id = uuid.uuid4().hex[:12]
    logger.error(
        "unhandled error %s",
        error_id,
        exc_info=sys.exc_info()[0] is not None,
        extra={"error_id": error_id, "request": request},
    )
    template = loader.get_template("500.html")
    response = HttpResponseServerError(template.render({"error_id": error_id}))
    add_never_cache_headers(response)
    return response
