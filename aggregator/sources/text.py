"""HTML to clean text, keeping links, for announcement bodies."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

__all__ = ["html_to_text"]

_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}


def html_to_text(html: str) -> tuple[str, tuple[str, ...]]:
    """Text with one paragraph per line, and the http(s) links it contains, in order."""
    if "<" not in html:
        return _SPACES.sub(" ", html).strip(), ()
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    links: list[str] = []
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if href.startswith(("http://", "https://")):
            links.append(href)
            label = a.get_text(" ", strip=True)
            a.replace_with(f"{label} ({href})" if label and label != href else href)
    for tag in soup.find_all(_BLOCKS):
        tag.insert_after("\n")
    text = soup.get_text()
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANKS.sub("\n", text).strip(), tuple(dict.fromkeys(links))
