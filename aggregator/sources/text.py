"""HTML to clean text, keeping links, for announcement bodies."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

__all__ = ["html_to_text", "element_to_text"]

_SPACES = re.compile(r"[ \t\u00a0\u200b\ufeff]+")
_BLANKS = re.compile(r"\n\s*\n+")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}


def html_to_text(html: str, base_url: str = "") -> tuple[str, tuple[str, ...]]:
    """Text with one paragraph per line, and the http(s) links it contains, in order.

    Relative links are resolved against ``base_url`` when given.
    """
    if "<" not in html:
        return _SPACES.sub(" ", html).strip(), ()
    return element_to_text(BeautifulSoup(html, "lxml"), base_url)


def element_to_text(element, base_url: str = "") -> tuple[str, tuple[str, ...]]:
    """Same as html_to_text for an already parsed element; the element is modified."""
    for tag in element(["script", "style", "noscript", "template"]):
        tag.decompose()
    links: list[str] = []
    for a in element.find_all("a", href=True):
        href = a["href"].strip()
        if base_url:
            href = urljoin(base_url, href)
        if href.startswith(("http://", "https://")):
            links.append(href)
            label = a.get_text(" ", strip=True)
            a.replace_with(f"{label} ({href})" if label and label != href else href)
    for tag in element.find_all(_BLOCKS):
        tag.insert_after("\n")
    text = element.get_text()
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANKS.sub("\n", text).strip(), tuple(dict.fromkeys(links))
