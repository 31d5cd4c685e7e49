from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from vacancies.brussels_time import format_brussels, format_utc

register = template.Library()

# CommonMark with raw HTML off: staff-written text cannot inject markup, and markdown-it
# refuses javascript: and data: link targets
_markdown = MarkdownIt("commonmark", {"html": False})


@register.filter
def notice_markdown(text: str) -> SafeString:
    """A notice section (Markdown) as HTML."""
    return mark_safe(_render_markdown(text or ""))  # noqa: S308 (escaped by markdown-it)


# rendering is a pure function of the text and the notices are read far more than edited
@lru_cache(maxsize=512)
def _render_markdown(text: str) -> str:
    return _markdown.render(text)


@register.filter
def brussels(moment: dt.datetime | None) -> str:
    return format_brussels(moment) if moment else ""


@register.filter
def utc(moment: dt.datetime | None) -> str:
    return format_utc(moment) if moment else ""


@register.filter
def css_string(value: str) -> SafeString:
    """A CSS string literal, for generated @page margin content."""
    escaped = "".join(
        char if char.isalnum() or char in " .,:;'()-/" else f"\\{ord(char):x} "
        for char in str(value)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 (every other character is escaped)


@register.filter
def euros(amount: Decimal) -> str:
    """1,286.09 in English, 1 286,09 in French."""
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
