"""Stable identities for articles: canonical URLs, dedupe keys and a content hash.

The same story reaches us through several feeds with different tracking parameters, fragments and
letter case in the host; these functions map those variants onto one key so storage can deduplicate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from bot.models import FeedItem

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that identify a campaign or a click, never the document.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "ttclid",
        "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "referrer", "cmpid", "cmp", "campaign_id",
        "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ocid", "ncid", "smid", "sr_share", "spm",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "wt.mc_id", "wt_mc_id", "s_cid", "icid", "ito", "soc_src", "soc_trk",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_")


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in _TRACKING_PARAMS or n.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """One spelling per document: lowercase scheme and host, no fragment, no default port, no tracking
    parameters, query sorted. The path keeps its case (servers may treat it case-sensitively)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal: urlsplit strips the brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: leave the URL as it came
        return url.strip()
    netloc = host
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{host}"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = parts.path or ("/" if host else "")
    pairs = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    query = urlencode(pairs, quote_via=quote, safe="/:@!$'()*,;~")
    return urlunsplit((scheme, netloc, path, query, ""))


_SECRET_PARAM = re.compile(r"key|token|secret|sig|auth|pass|session|code", re.I)


def loggable_url(url: str) -> str:
    """The URL without credentials: userinfo dropped, values of secret-looking parameters masked."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return "<unparseable url>"
    pairs = [
        (k, "***" if _SECRET_PARAM.search(k) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(pairs, quote_via=quote, safe="*"), ""))


class _PunctuationToSpace(dict[int, int]):
    """``str.translate`` table: punctuation and symbols (Unicode categories P*, S*) to a space, every
    other character to itself; each character's category is looked up once, when first met."""

    def __missing__(self, codepoint: int) -> int:
        self[codepoint] = _SPACE if unicodedata.category(chr(codepoint))[0] in "PS" else codepoint
        return self[codepoint]


_SPACE = ord(" ")
_PUNCTUATION_TO_SPACE = _PunctuationToSpace()


def _normalise_text(text: str) -> str:
    """Case, whitespace and punctuation-insensitive form: NFKC, casefold, drop punctuation and symbols."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.translate(_PUNCTUATION_TO_SPACE).split())


def content_hash(title: str, text: str) -> str:
    """sha256 hex of the normalised title and body: catches the same story under different URLs."""
    payload = _normalise_text(title) + "\n" + _normalise_text(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def item_key(item: FeedItem) -> str:
    """The dedupe key of a feed item: its canonical URL, else its feed-scoped guid, else its content hash."""
    if item.url:
        return "url:" + canonical_url(item.url)
    if item.guid:
        return f"guid:{canonical_url(item.feed_url)}#{item.guid}"
    return "hash:" + content_hash(item.title, item.content or item.summary)
