from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_links(request: HttpRequest) -> dict:
    """The same page in every language, for the language switch and hreflang links."""
    path = request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                # translate_url keeps the query string and gives the path back if it cannot
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {"language_links": links}
