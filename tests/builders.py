"""Stored articles built in one line, for the grouping, digest, alert and chart tests: ``art(1, "Headline",
"Outlet", hours_ago=3, quotes=[(speaker, text, kind)], officials=[(name, title)], figures=[(text, value, counts)])``."""

from datetime import UTC, datetime, timedelta

from bot.models import Extraction, FeedItem, Official, Quote
from bot.storage.repo import Store
from bot.storage.rows import ArticleRow, FigureRow, OfficialRow, QuoteRow

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def art(
    i: int,
    title: str,
    source: str,
    hours_ago: float = 2,
    summary: str = "",
    relevance: float = 0.9,
    quotes=(),
    officials=(),
    figures=(),
) -> ArticleRow:
    when = NOW - timedelta(hours=hours_ago)
    return ArticleRow(
        id=i,
        feed_id=1,
        title=title,
        url=f"https://{source.lower().replace(' ', '')}.example/{i}",
        source=source,
        published=when,
        summary=summary or title + ".",
        relevance=relevance,
        relevant=True,
        announce=True,
        quotes=[
            QuoteRow(
                text=t,
                kind=k,
                cue="said",
                speaker=s,
                person_id=1,
                published=when,
                article_id=i,
                article_title=title,
                url=None,
                source=source,
            )
            for s, t, k in quotes
        ],
        officials=[
            OfficialRow(person_id=n, name=name, title=t, mentions=1, last_seen=when)
            for n, (name, t) in enumerate(officials)
        ],
        figures=[
            FigureRow(
                text=t,
                value=v,
                unit=None,
                counts=c,
                qualifier=None,
                sentence="",
                article_id=i,
                article_title=title,
                url=None,
                source=source,
                published=when,
            )
            for t, v, c in figures
        ],
    )


def billion_laughs(levels: int = 10) -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(decls) + "\n]>\n"
        f'<rss version="2.0"><channel><title>&lol{levels - 1};</title>'
        "<item><title>x</title><link>https://a.example/x</link></item></channel></rss>"
    ).encode()


async def seed_long_record(store: Store, statements: int, name: str = "Ada Quill", articles: int = 4) -> int:
    """``statements`` distinct statements of one fictional person, spread over ``articles`` Harbor Gazette
    articles an hour apart (many statements share a date, as in a long interview); statement 0, in the
    newest article, is carried by the Tidewater Times too (one statement, two sources). Returns the number
    of export rows (one per statement and source)."""
    said = [
        Quote(f"The ferry schedule number {n} will hold through the winter.", name, "direct", cue="said", paragraph=n)
        for n in range(statements)
    ]
    per_article = -(-statements // articles)
    stored = [(f"Harbor Gazette {k}", "Harbor Gazette", k, said[k * per_article:(k + 1) * per_article])
              for k in range(articles)]
    for story, outlet, hours_ago, quotes in [*stored, ("Tidewater Times", "Tidewater Times", 0, said[:1])]:
        published = NOW - timedelta(hours=hours_ago)
        key = f"{name} {story}".replace(" ", "-").lower()
        item = FeedItem(feed_url="https://harbor.example/feed", guid=key, url=f"https://harbor.example/{key}",
                        title=f"{story} ferry report", summary="", published=published, source=outlet)
        article_id = await store.add_article(item, feed_id=None, text="Ferry report.", canonical_url=item.url,
                                             content_hash=key, announce=True, now=published)
        assert article_id is not None
        extraction = Extraction(relevant=True, relevance=0.9, officials=[Official(name, "Port Authority chair")],
                                quotes=quotes)
        await store.save_extraction(article_id, extraction, now=published)
    return statements + 1
