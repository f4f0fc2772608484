"""Topic relevance from a weighted lexicon matched on lemmas.

A topic is configuration (config/topics/NAME.toml; the file's header documents the format), so an
operator can watch another policy area with another lexicon. The score weighs each matched term by
where it appears (title, lede, body), adds entity cues (an ORG entity naming an agency), damps
evidence that rests on too few distinct terms or is too thin for the article's length, and squashes
the result to 0..1 with ``1 - exp(-evidence / scale)``.
"""

from __future__ import annotations

import math
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import NewsbotError

if TYPE_CHECKING:  # types only: settings load topics to validate them, without importing spaCy
    from spacy.tokens import Doc, Token

    from bot.nlp.document import ArticleDoc

_ZONES = ("title", "lede", "body")
_LEDE_MIN_TOKENS = 25  # a one-line first paragraph (a dateline, a teaser) lends the lede to the next


class TopicError(NewsbotError, ValueError):
    """A topic file that is missing or malformed; the message names the file."""


@dataclass
class Topic:
    name: str
    terms: dict[str, float] = field(default_factory=dict)
    acronyms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    entity_labels: tuple[str, ...] = ("ORG", "GPE", "NORP", "LAW", "FAC", "EVENT")
    zones: dict[str, float] = field(default_factory=lambda: {"title": 3.0, "lede": 1.5, "body": 1.0})
    scale: float = 6.0
    min_distinct: int = 3
    min_density: float = 0.6
    max_per_term: float = 3.0
    strong_weight: float = 2.0  # terms at least this heavy count towards an article's spread
    description: str = ""
    source: str | None = None
    # words of this topic beyond the built-in general ones (``bot.nlp.lexicon``)
    people_nouns: frozenset[str] = frozenset()  # lemmas naming people: "300 migrants" counts people
    digest_title: str = "News digest"  # heads every digest
    chart_title: str = "The week in the news"  # posted with the weekly chart
    # lemma tuples by first lemma, longest first: built once from ``terms``
    _phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.entities = {k.lower(): v for k, v in self.entities.items()}
        index: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for term in self.terms:
            # hyphenated words are one token ("H-1B") or three ("asylum - seekers"): index both forms
            for key in {tuple(term.lower().split()), tuple(term.lower().replace("-", " ").split())}:
                index[key[0]].append((key, term))
        self._phrases = {k: sorted(v, key=lambda p: -len(p[0])) for k, v in index.items()}


@dataclass(slots=True)
class Relevance:
    score: float
    evidence: float
    distinct: int
    matches: dict[str, float]  # term -> capped contribution


def topics_dir() -> Path:
    return Path(str(resources.files("config"))) / "topics"


def load_topic(name_or_path: str | Path) -> Topic:
    """Load ``config/topics/NAME.toml``, or the TOML file at a path."""
    text = str(name_or_path)
    path = Path(text)
    if not (text.endswith(".toml") or path.parent != Path(".")):
        path = topics_dir() / f"{text}.toml"
    if not path.is_file():
        known = sorted(p.stem for p in topics_dir().glob("*.toml"))
        raise TopicError(f"topic file {path} not found (topics shipped: {', '.join(known) or 'none'})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise TopicError(f"topic file {path} is not valid TOML: {e}") from None
    try:
        return _topic_from_dict(data, default_name=path.stem, source=str(path))
    except (TypeError, ValueError) as e:
        raise TopicError(f"topic file {path}: {e}") from None


def _weights(data: dict, key: str) -> dict[str, float]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise TypeError(f'[{key}] must be a table of "phrase" = weight')
    out = {}
    for k, v in table.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f'[{key}] "{k}" must have a numeric weight, not {v!r}')
        out[str(k)] = float(v)
    return out


def _topic_from_dict(data: dict, default_name: str, source: str) -> Topic:
    terms = _weights(data, "terms")
    acronyms = _weights(data, "acronyms")
    if not terms and not acronyms:
        raise ValueError("needs a non-empty [terms] (or [acronyms]) table")
    zones = {"title": 3.0, "lede": 1.5, "body": 1.0} | _weights(data, "zones")
    unknown = set(zones) - set(_ZONES)
    if unknown:
        raise ValueError(f"[zones] knows title, lede and body, not {', '.join(sorted(unknown))}")
    scale = float(data.get("scale", 6.0))
    min_distinct = int(data.get("min_distinct", 3))
    if scale <= 0 or min_distinct < 1:
        raise ValueError("scale must be > 0 and min_distinct >= 1")
    return Topic(
        name=str(data.get("name", default_name)),
        description=str(data.get("description", "")),
        terms=terms,
        acronyms=acronyms,
        entities=_weights(data, "entities"),
        entity_labels=tuple(data.get("entity_labels", Topic.entity_labels)),
        zones=zones,
        scale=scale,
        min_distinct=min_distinct,
        min_density=float(data.get("min_density", 0.6)),
        max_per_term=float(data.get("max_per_term", 3.0)),
        strong_weight=float(data.get("strong_weight", 2.0)),
        source=source,
        people_nouns=frozenset(str(w).lower() for w in _words(data, "people_nouns")),
        digest_title=str(data.get("digest_title", Topic.digest_title)),
        chart_title=str(data.get("chart_title", Topic.chart_title)),
    )


def _words(data: dict, key: str) -> list[str]:
    words = data.get(key, [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise TypeError(f"{key} must be a list of strings")
    return words


@lru_cache(maxsize=8)
def cached_topic(name_or_path: str) -> Topic:
    """``load_topic``, read once per process: the publishing side asks for the topic's titles every round."""
    return load_topic(name_or_path)


def score(adoc: ArticleDoc, topic: Topic) -> float:
    return assess(adoc, topic).score


def assess(adoc: ArticleDoc, topic: Topic) -> Relevance:
    """Score an article against a topic, with the terms that made the score."""
    raw: dict[str, float] = defaultdict(float)
    n_words = 0
    spread = 0  # paragraphs (and title) holding at least one strong term
    for zoned in _zoned_docs(adoc):
        mult = topic.zones.get(zoned.zone, 1.0)
        n_words += sum(1 for t in zoned.tokens if not t.is_punct and not t.is_space)
        hits = _term_hits(zoned, topic)
        spread += any(weight >= topic.strong_weight for _, weight in hits)
        for term, weight in hits:
            raw[term] += weight * mult
        for name, weight in _entity_hits(zoned.doc, zoned.text, topic):
            raw["entity:" + name] += weight * mult
    matches = {}
    for term, total in raw.items():
        weight = _weight_of(term, topic)
        matches[term] = min(total, topic.max_per_term * weight) if weight else total
    evidence = sum(matches.values())
    distinct = len({t for t in matches if not t.startswith("entity:")})
    # Few distinct terms are weak evidence ("border" in a sports story) unless strong terms recur
    # across the article: one topic word in paragraph after paragraph is what an on-topic story looks like.
    diversity = max(distinct, spread)
    if diversity < topic.min_distinct:
        evidence *= (diversity / topic.min_distinct) ** 2
    density = 100 * evidence / max(n_words, 1)
    if topic.min_density > 0 and density < topic.min_density:
        evidence *= density / topic.min_density
    return Relevance(
        score=1.0 - math.exp(-evidence / topic.scale),
        evidence=evidence,
        distinct=distinct,
        matches=dict(matches),
    )


def _weight_of(term: str, topic: Topic) -> float:
    if term.startswith("entity:"):
        return topic.entities.get(term.removeprefix("entity:"), 0.0)
    return topic.terms.get(term) or topic.acronyms.get(term, 0.0)


def _entity_hits(doc: Doc, text: str, topic: Topic) -> list[tuple[str, float]]:
    """Entity names found in the text (``text``: the doc's) where spaCy tagged (part of) them as an entity of
    a topic label; NER often splits a long agency name ("U.S. Immigration" + "Customs Enforcement")."""
    low = text.lower()
    hits = []
    for name, weight in topic.entities.items():
        start = low.find(name)
        while start != -1:
            span = doc.char_span(start, start + len(name), alignment_mode="expand")
            if span is not None and any(t.ent_type_ in topic.entity_labels for t in span):
                hits.append((name, weight))
            start = low.find(name, start + len(name))
    return hits


@dataclass(frozen=True, slots=True)
class _Zoned:
    """The title or a paragraph, with its tokens, their texts (as is and lowercased) and lemmas (lowercased),
    and its text (``ArticleDoc``'s, read once), and its zone."""

    doc: Doc
    tokens: list[Token]
    words: list[str]
    lowers: list[str]
    lemmas: list[str]
    text: str
    zone: str  # title | lede | body


def _zoned_docs(adoc: ArticleDoc) -> list[_Zoned]:
    out: list[_Zoned] = []
    if adoc.title is not None:
        tokens = list(adoc.title)
        words, lowers = [t.text for t in tokens], [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        out.append(_Zoned(adoc.title, tokens, words, lowers, lemmas, adoc.title.text, "title"))
    lede_tokens = 0
    for p, doc in enumerate(adoc.paragraphs):
        in_lede = lede_tokens < _LEDE_MIN_TOKENS
        zone = "lede" if in_lede else "body"
        words, lowers, lemmas = adoc.words[p], adoc.lower_words[p], adoc.lower_lemmas[p]
        out.append(_Zoned(doc, adoc.tokens[p], words, lowers, lemmas, adoc.paragraph_texts[p], zone))
        if in_lede:
            lede_tokens += len(doc)
    return out


def _names_something_else(tok: Token) -> bool:
    """A capitalised word that is by itself a name ("Visa" the company, "Border" a band): not the concept."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART"):
        return False
    return tok.ent_iob_ == "B" and (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")


def _term_hits(zoned: _Zoned, topic: Topic) -> list[tuple[str, float]]:
    """(term, weight) for every match in one Doc: acronyms on exact text, phrases on lemmas, longest first."""
    kept = [i for i, t in enumerate(zoned.tokens) if zoned.words[i] not in {"-", "–"} and not t.is_space]
    if len(kept) == len(zoned.tokens):  # most paragraphs: nothing to leave out
        toks, texts, lowers, lemmas = zoned.tokens, zoned.words, zoned.lowers, zoned.lemmas
    else:
        toks = [zoned.tokens[i] for i in kept]
        texts = [zoned.words[i] for i in kept]
        lowers = [zoned.lowers[i] for i in kept]
        lemmas = [zoned.lemmas[i] for i in kept]
    hits: list[tuple[str, float]] = []
    i = 0
    while i < len(toks):
        acro = topic.acronyms.get(texts[i])
        if acro is not None:
            hits.append((texts[i], acro))
            i += 1
            continue
        matched = 0
        if lemmas[i] not in topic._phrases and lowers[i] not in topic._phrases:  # most words begin no topic phrase
            i += 1
            continue
        candidates = topic._phrases.get(lemmas[i], []) + topic._phrases.get(lowers[i], [])
        for key, term in sorted(candidates, key=lambda p: -len(p[0])):
            n = len(key)
            if i + n <= len(toks) and all(key[k] in (lemmas[i + k], lowers[i + k]) for k in range(n)):
                if not (n == 1 and _names_something_else(toks[i])):
                    hits.append((term, topic.terms[term]))
                matched = n
                break
        i += matched or 1
    return hits
