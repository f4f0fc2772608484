"""Signed links to the read-only record pages (person, story, figures) of the web process.

A link carries its expiry and an HMAC-SHA256 over the page's path and that expiry, keyed by
``NEWSBOT_WEB_SECRET``: whoever holds a link can read that one page (with any filters, pages and
downloads, which are query parameters) until it expires, and nothing else. The query is left out of the
signature on purpose, so a reader may filter and page without asking the bot for a new link.

Platform-neutral: answers in Slack, Discord and the terminal build their links here; the web process
checks them here.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, unquote, urlencode

from config.settings import Settings

EXPIRES = "exp"  # query parameter: expiry, Unix seconds
SIGNATURE = "sig"  # query parameter: base64url HMAC-SHA256 of "<path>\n<exp>"
_MAX_EXPIRY_DIGITS = 12  # a year past 9999 is not a link anybody was given


class LinkCheck(enum.Enum):
    """What a page request's signature says; every value but OK is refused with a 403 page."""

    OK = "ok"
    UNSIGNED = "unsigned"
    TAMPERED = "tampered"
    EXPIRED = "expired"
    NOT_CONFIGURED = "not configured"  # no secret, and unsigned access not allowed: nothing can be opened


@dataclass(frozen=True, slots=True)
class LinkSigner:
    """Signs and checks page links with one secret. ``secret`` None: links go out unsigned (only useful
    with ``allow_unsigned``) and every signed request is refused as not configured."""

    secret: bytes | None
    lifetime: timedelta = timedelta(days=30)
    allow_unsigned: bool = False

    def signature(self, path: str, expires: int) -> str:
        """The signature of ``path`` until ``expires`` (Unix seconds)."""
        if self.secret is None:
            raise ValueError("no secret to sign with (set NEWSBOT_WEB_SECRET)")
        mac = hmac.new(self.secret, f"{path}\n{expires}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")

    def query(self, path: str, now: datetime) -> dict[str, str]:
        """The query parameters that open ``path`` until ``now`` + lifetime; none without a secret. The
        path is signed as the server reads it, percent-escapes decoded."""
        if self.secret is None:
            return {}
        expires = int((now + self.lifetime).timestamp())
        return {EXPIRES: str(expires), SIGNATURE: self.signature(unquote(path), expires)}

    def query_until(self, path: str, expires: int | None) -> dict[str, str]:
        """Parameters opening ``path`` until ``expires``: a page links onward with its own link's expiry,
        so following links never outlives the link a reader was given. None (unsigned access): none."""
        if self.secret is None or expires is None:
            return {}
        return {EXPIRES: str(expires), SIGNATURE: self.signature(unquote(path), expires)}

    def url(self, base_url: str, path: str, now: datetime, params: dict[str, str] | None = None) -> str:
        """``base_url`` + ``path`` with ``params`` and the signature."""
        query = {**(params or {}), **self.query(path, now)}
        return base_url.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")

    def check(self, path: str, expires: str | None, signature: str | None, now: datetime) -> LinkCheck:
        """Whether a request for ``path`` carrying ``expires`` and ``signature`` may be served."""
        if self.allow_unsigned:
            return LinkCheck.OK
        if self.secret is None:
            return LinkCheck.NOT_CONFIGURED
        if not expires or not signature:
            return LinkCheck.UNSIGNED
        if not expires.isdigit() or len(expires) > _MAX_EXPIRY_DIGITS:
            return LinkCheck.TAMPERED
        if not hmac.compare_digest(self.signature(path, int(expires)), signature):
            return LinkCheck.TAMPERED  # checked before expiry: a forged date is tampering, not lateness
        if int(expires) < now.timestamp():
            return LinkCheck.EXPIRED
        return LinkCheck.OK


def signer_from(settings: Settings) -> LinkSigner:
    """The signer the operator configured: ``NEWSBOT_WEB_SECRET``, ``web.link_days``, ``web.allow_unsigned``."""
    secret = settings.web_secret.get_secret_value().encode() if settings.web_secret else None
    return LinkSigner(secret or None, timedelta(days=settings.web.link_days), settings.web.allow_unsigned)


def links_enabled(settings: Settings) -> bool:
    """Answers link to pages only when the pages have an address and can be opened."""
    return bool(settings.web.base_url) and (settings.web_secret is not None or settings.web.allow_unsigned)


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The signed addresses answers give for the record pages, from one moment (links expire from it)."""

    base_url: str
    signer: LinkSigner
    now: datetime

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        return self.signer.url(self.base_url, path, self.now, params)

    def person(self, person_id: int, name: str) -> str:
        return self.url(person_path(person_id, name))

    def story(self, key: str) -> str:
        return self.url(story_path(key))

    def figures(self, query: str | None) -> str:
        """``/figures?q=…``: the query is a parameter, so the signature covers the page, not the words."""
        return self.url(FIGURES_PATH, {"q": query} if query else None)


def page_links(settings: Settings, now: datetime) -> PageLinks | None:
    """The links answers carry, or None when pages have no address or cannot be opened (then: no link)."""
    if not links_enabled(settings):
        return None
    return PageLinks(settings.web.base_url or "", signer_from(settings), now)


STORY_LINK_TEXT = "Full story →"  # a story's link in a /news answer, a digest item, an alert


@dataclass(frozen=True, slots=True)
class RecordLink:
    """An answer's link to its page: "Full record: 43 statements →"."""

    url: str
    statements: int
    capped: bool = False  # counted up to a cap: "1,000+"

    @property
    def text(self) -> str:
        n = f"{self.statements:,}{'+' if self.capped else ''}"
        return f"Full record: {n} statement{'s' if self.statements != 1 or self.capped else ''} →"


def slugify(name: str) -> str:
    """ASCII words of ``name`` joined by hyphens, for readable addresses: "José Núñez" → "jose-nunez"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80]


def person_path(person_id: int, name: str) -> str:
    """``/people/<id>-<slug>``: the id finds the person, the slug only reads well."""
    slug = slugify(name)
    return f"/people/{person_id}" + (f"-{slug}" if slug else "")


def story_path(key: str) -> str:
    return "/stories/" + quote(key, safe="")


FIGURES_PATH = "/figures"


def person_id_of(slug: str) -> int | None:
    """The person id a ``/people/<slug>`` address starts with; None when it has none."""
    m = re.fullmatch(r"(\d{1,18})(?:-[a-z0-9-]*)?", slug)
    return int(m.group(1)) if m else None
