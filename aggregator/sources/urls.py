"""Canonical URLs, and announcement ids that belong to the source that published them.

An id is computed from the source and the item's canonical link (or its guid), so a re-fetch gives
the same id while another source listing the same link (even with tracking parameters) gets its
own id and can never overwrite this source's announcement. ``canonical_url`` stays the cross-source
signal: deciding that two sources announce the same thing is the dedup stage's job.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "announcement_id", "legacy_announcement_id", "migrated_announcement_id", "ID_LENGTH"]

ID_LENGTH = 32  # hex digits; ids of the old scheme (one id per URL, whatever the source) had 24

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


def legacy_announcement_id(url: str | None, source_id: str, guid: str | None = None) -> str:
    """The id of the old scheme: from the canonical link alone, so any source could write it."""
    key = canonical_url(url) if url else f"{source_id}\n{guid or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]


def announcement_id(url: str | None, source_id: str, guid: str | None = None) -> str:
    """Deterministic id owned by ``source_id``: from the canonical link, else from the item's guid."""
    return _owned(source_id, legacy_announcement_id(url, source_id, guid))


def migrated_announcement_id(doc_id: str, doc: dict) -> str:
    """The id a stored announcement (``_id`` and ``_source``) has under the current scheme.

    Pure and idempotent, for ``aggregator indices reindex``: an id of the old scheme is rehashed with
    the document's ``source_id`` (the stored document does not keep the guid, so the new id is built
    from the old one, exactly as ``announcement_id`` builds it); an id already of the current length
    is returned unchanged.
    """
    if len(doc_id) == ID_LENGTH:
        return doc_id
    source_id = doc.get("source_id")
    if not source_id:
        raise ValueError(f"announcement {doc_id!r} has no source_id; cannot give it an id owned by its source")
    return _owned(source_id, doc_id)


def _owned(source_id: str, key_id: str) -> str:
    return hashlib.sha256(f"{source_id}\n{key_id}".encode("utf-8")).hexdigest()[:ID_LENGTH]
