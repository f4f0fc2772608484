"""Render the demo outlets: one feed per outlet in its own format, and an HTML page per article.

Each format exercises a different path of the poller: RSS 2.0 with ``content:encoded``, Atom with
only ``summary`` (so the article page must be fetched and its text extracted), JSON Feed 1.1 with
``content_text``. Pages wrap the story in navigation, promos and a footer, as real sites do.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from html import escape

from bot.demo.data import Outlet, SampleArticle

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

FEED_CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
HTML_CONTENT_TYPE = "text/html; charset=utf-8"

DISCLAIMER = (
    "A fictional outlet served by the newsbot demo. Every person, quotation and local organisation "
    "in its stories is invented."
)

ET.register_namespace("content", CONTENT_NS)
ET.register_namespace("dc", DC_NS)


def item_id(article: SampleArticle) -> str:
    """A guid that survives the demo server moving to another port between runs."""
    return f"urn:newsbot-demo:{article.id}"


def article_url(base_url: str, article: SampleArticle) -> str:
    return base_url + article.path


def body_html(article: SampleArticle) -> str:
    return "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in article.paragraphs)


def _rfc3339(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


def render_rss(outlet: Outlet, articles: Sequence[SampleArticle], base_url: str, anchor: datetime) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", outlet.name)
    _sub(channel, "link", base_url + outlet.homepage)
    _sub(channel, "description", outlet.description)
    _sub(channel, "language", "en-us")
    _sub(channel, "lastBuildDate", format_datetime(anchor, usegmt=True))
    for a in articles:
        item = _sub(channel, "item")
        _sub(item, "title", a.title)
        _sub(item, "link", article_url(base_url, a))
        _sub(item, "guid", item_id(a), isPermaLink="false")
        _sub(item, "pubDate", format_datetime(a.published(anchor), usegmt=True))
        _sub(item, "description", a.summary)
        if a.byline:
            _sub(item, f"{{{DC_NS}}}creator", a.byline)
        for tag in a.tags:
            _sub(item, "category", tag)
        if outlet.full_text:
            _sub(item, f"{{{CONTENT_NS}}}encoded", body_html(a))
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def render_atom(outlet: Outlet, articles: Sequence[SampleArticle], base_url: str, anchor: datetime) -> bytes:
    # Plain tag names under a literal xmlns: ElementTree's default_namespace option rejects the
    # unqualified attributes (rel, href) that Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(feed, "title", outlet.name)
    _sub(feed, "subtitle", outlet.description)
    _sub(feed, "id", f"urn:newsbot-demo:{outlet.id}")
    _sub(feed, "updated", _rfc3339(max((a.published(anchor) for a in articles), default=anchor)))
    _sub(feed, "link", rel="alternate", type="text/html", href=base_url + outlet.homepage)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base_url + outlet.feed_path)
    _sub(_sub(feed, "author"), "name", outlet.name)
    for a in articles:
        entry = _sub(feed, "entry")
        _sub(entry, "title", a.title)
        _sub(entry, "id", item_id(a))
        _sub(entry, "link", rel="alternate", type="text/html", href=article_url(base_url, a))
        published = _rfc3339(a.published(anchor))
        _sub(entry, "published", published)
        _sub(entry, "updated", published)
        if a.byline:
            _sub(_sub(entry, "author"), "name", a.byline)
        for tag in a.tags:
            _sub(entry, "category", term=tag)
        _sub(entry, "summary", a.summary, type="text")
        if outlet.full_text:
            _sub(entry, "content", body_html(a), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def render_json_feed(outlet: Outlet, articles: Sequence[SampleArticle], base_url: str, anchor: datetime) -> bytes:
    items = []
    for a in articles:
        item: dict[str, object] = {
            "id": item_id(a),
            "url": article_url(base_url, a),
            "title": a.title,
            "summary": a.summary,
            "date_published": _rfc3339(a.published(anchor)),
            "tags": list(a.tags),
        }
        # JSON Feed 1.1 requires content_text or content_html; the summary stands in when the
        # outlet withholds full text.
        item["content_text"] = a.text if outlet.full_text else a.summary
        if a.byline:
            item["authors"] = [{"name": a.byline}]
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": outlet.name,
        "home_page_url": base_url + outlet.homepage,
        "feed_url": base_url + outlet.feed_path,
        "description": outlet.description,
        "language": "en-US",
        "authors": [{"name": outlet.name}],
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2).encode("utf-8")


_RENDERERS = {"rss": render_rss, "atom": render_atom, "json": render_json_feed}


def render_feed(outlet: Outlet, articles: Sequence[SampleArticle], base_url: str, anchor: datetime) -> bytes:
    return _RENDERERS[outlet.feed_format](outlet, articles, base_url, anchor)


def _page(title: str, outlet: Outlet, base_url: str, main: str, head: str = "") -> bytes:
    home = escape(base_url + outlet.homepage)
    sections = "".join(
        f'<li><a href="{home}#{s.lower()}">{s}</a></li>' for s in ("Politics", "Courts", "Business", "Weather", "Sports")
    )
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {escape(outlet.name)}</title>
{head}
</head>
<body>
<header class="site-header">
<a class="logo" href="{home}">{escape(outlet.name)}</a>
<nav aria-label="Sections"><ul>{sections}</ul></nav>
<div class="account"><a href="{home}#subscribe">Subscribe</a> <a href="{home}#sign-in">Sign in</a></div>
</header>
{main}
<footer class="site-footer">
<p>{escape(DISCLAIMER)}</p>
<ul><li><a href="{home}#about">About us</a></li><li><a href="{home}#contact">Contact the newsroom</a></li>
<li><a href="{home}#privacy">Privacy policy</a></li><li><a href="{home}#terms">Terms of use</a></li></ul>
<p>&#169; {escape(outlet.name)}. All rights reserved.</p>
</footer>
</body>
</html>
"""
    return html.encode("utf-8")


def render_article_page(
    article: SampleArticle,
    outlet: Outlet,
    base_url: str,
    anchor: datetime,
    related: Sequence[SampleArticle] = (),
) -> bytes:
    url = article_url(base_url, article)
    published = _rfc3339(article.published(anchor))
    head = (
        f'<link rel="canonical" href="{escape(url)}">\n'
        f'<meta name="description" content="{escape(article.summary)}">\n'
        f'<meta property="og:title" content="{escape(article.title)}">\n'
        f'<meta property="og:site_name" content="{escape(outlet.name)}">\n'
        f'<meta property="article:published_time" content="{published}">'
    )
    more = "".join(
        f'<li><a href="{escape(article_url(base_url, r))}">{escape(r.title)}</a></li>' for r in related
    )
    main = f"""<main>
<article>
<h1>{escape(article.title)}</h1>
<p class="dateline"><time datetime="{published}">{article.published(anchor):%B %d, %Y %H:%M} UTC</time></p>
<div class="article-body">
{body_html(article)}
</div>
</article>
<aside class="newsletter">
<h2>Get the morning briefing</h2>
<p>The day's top stories in your inbox before breakfast. Free for subscribers.</p>
<form><input type="email" placeholder="you@example.org"><button>Sign up</button></form>
</aside>
<aside class="related">
<h2>More from {escape(outlet.name)}</h2>
<ul>{more}</ul>
</aside>
</main>"""
    return _page(article.title, outlet, base_url, main, head)


def render_outlet_index(outlet: Outlet, articles: Sequence[SampleArticle], base_url: str) -> bytes:
    links = "".join(
        f'<li><a href="{escape(article_url(base_url, a))}">{escape(a.title)}</a></li>' for a in articles
    )
    feed = escape(base_url + outlet.feed_path)
    main = f'<main><h1>{escape(outlet.name)}</h1><p><a href="{feed}">Feed</a></p><ul>{links}</ul></main>'
    return _page(outlet.name, outlet, base_url, main)
