from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, QueryDict
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
                "url": _in_language(path, code),
                "is_current": code == current,
            }
        )
    return {"language_links": links}


def _in_language(url: str, code: str) -> str:
    """The page in language `code`, and the page to go back to after it (?next=) too.

    translate_url keeps the query string and gives the path back if it cannot translate it.
    """
    translated = urlsplit(translate_url(url, code))
    query = QueryDict(translated.query, mutable=True)
    back = query.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        return urlunsplit(translated)
    query["next"] = translate_url(back, code)
    return urlunsplit(translated._replace(query=query.urlencode(safe="/")))
