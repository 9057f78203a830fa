"""Canonical URLs and the announcement ids derived from them, so re-fetches and cross-posts agree."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "announcement_id"]

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs", "hsa_", "mtm_", "oly_")
_TRACKING_KEYS = {
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "_ga", "_gl",
    "mkt_tok", "ref", "ref_src", "s", "si", "feature", "share", "spm", "__twitter_impression",
}


def canonical_url(url: str) -> str:
    """Drop tracking parameters, fragments, 'www.'/'m.' hosts, default ports, trailing slashes; https."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_KEYS
    ]
    query.sort()
    path = parts.path.rstrip("/") or "/"
    if host == "t.me" and path.startswith("/s/"):
        path = path[2:]  # the web preview of a Telegram post is the post
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def announcement_id(url: str | None, source_id: str, guid: str | None = None) -> str:
    """Deterministic id: from the canonical link, else from the source and the item's guid."""
    key = canonical_url(url) if url else f"{source_id}\n{guid or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]
