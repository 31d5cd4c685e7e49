"""Reading pages the way a person or an assistive technology does, for assertions."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


class _PageParser(HTMLParser):
    # text inside these is not read as page text
    SKIPPED = {"script", "style", "title", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._stack: list[str] = []
        self._main_depth: int | None = None
        self.text_parts: list[str] = []
        self.main_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in {"br", "img", "input", "link", "meta", "hr", "source"}:
            return
        self._stack.append(tag)
        if tag == "main" and self._main_depth is None:
            self._main_depth = len(self._stack)

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if self._main_depth is not None and len(self._stack) < self._main_depth:
            self._main_depth = -1  # main has ended

    def handle_data(self, data):
        if any(tag in self.SKIPPED for tag in self._stack):
            return
        self.text_parts.append(data)
        if self._main_depth not in (None, -1):
            self.main_parts.append(data)


class Page:
    def __init__(self, content: bytes | str) -> None:
        source = content.decode() if isinstance(content, bytes) else content
        self.source = source
        parser = _PageParser()
        parser.feed(source)
        self.tags = parser.tags
        self.text = _squash(" ".join(parser.text_parts))
        self.main_text = _squash(" ".join(parser.main_parts))

    def find_all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            tag_attrs
            for name, tag_attrs in self.tags
            if name == tag and all(tag_attrs.get(key) == value for key, value in attrs.items())
        ]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
