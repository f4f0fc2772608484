"""Token runs made into a digest's words: a noun with its modifiers (``noun_tokens``), a modifier cut to a
budget of words (``compact_modifier``), no dangling words at either end, joined into text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from bot.nlp.lexicon.deps import ARGUMENTS, NP_LEFT, NP_RIGHT
from bot.nlp.lexicon.quantities import ASIDE, SETTING_ADVERBS
from bot.nlp.numbers import NUMERIC_ENTS, YEAR, is_number_token

BUDGET = 12  # words, about, in a counts phrase (a level or change may add its subject and date)


def is_aside(t: Token) -> bool:
    return (
        t.dep_ in {"prep", "advcl", "advmod", "agent"}
        and t.lower_ in ASIDE
        or t.dep_ == "prep"
        and (t.tag_ in {"VBG", "VBN"})
    )


def noun_tokens(
    noun: Token, skip: set[int], det: bool = False, right: bool = True, budget: int = BUDGET - 2
) -> list[Token]:
    """The noun with its modifiers: pre-modifiers without numbers (and, unless ``det``, without articles
    and pronoun possessives), then post-modifiers (prepositional phrases, relative and participial
    clauses) as far as they fit, never one that holds another figure or opens an aside."""
    left: list[Token] = []
    for c in noun.lefts:
        if c.i in skip:
            continue
        if c.dep_ in {"det", "poss"} and det and c.pos_ in {"DET", "PRON"}:
            left.append(c)
            continue
        if c.dep_ not in NP_LEFT or c.dep_ == "poss" and c.pos_ == "PRON":
            continue
        if (
            c.lower_ in {"more", "less", "fewer"}
            and c.i + 1 < len(c.doc)
            and c.doc[c.i + 1].lower_ == "than"
            or c.lower_ == "estimated"
            and c.i > 0
            and c.doc[c.i - 1].lower_ in {"an", "a"}
        ):
            continue  # "more than", "an estimated" qualify a number, not the noun
        sub = [t for t in c.subtree if t.i not in skip]
        if has_figure(sub) or any(t.like_num and t.ent_type_ != "DATE" for t in sub):
            continue
        if c.ent_type_ == "DATE" and noun.ent_type_ != "DATE" and c.pos_ in {"PROPN", "NUM"}:
            continue  # "January 2009 Immigration and Customs Enforcement": a misattached date
        left += [
            t
            for t in sub
            if (det or t.dep_ not in {"det", "quantmod"}) and not t.is_punct or t.text in {"-", "'s", "’s"}
        ]
    out = left + [noun]
    if right:
        for child in noun.rights:
            if child.i in skip or child.dep_ not in NP_RIGHT or is_aside(child):
                continue
            if any(t.i in skip for t in child.subtree):
                continue  # it holds the number or the clause being described
            if child.dep_ == "advmod" and child.lower_ not in SETTING_ADVERBS:
                continue
            part = compact_modifier(child, skip, budget - len(out))
            if not part:
                break
            out += part
    return tidy(sorted(out, key=lambda t: t.i))


def compact_modifier(child: Token, skip: set[int], budget: int) -> list[Token]:
    """The words of a modifier up to the first punctuation, shortened to ``budget`` words by dropping its
    last-attached modifiers; nothing if it holds another figure or nothing but a function word is left."""
    if budget <= 0:
        return []
    tokens = until_punct([t for t in child.subtree if t.i not in skip], start=child)
    # a modifier inside it that holds a figure of its own goes ("gusts [of up to 60 mph]"); if the figure
    # is the modifier's own object ("[to 150 countries]"), the modifier goes
    while tokens and has_figure(tokens):
        ids = {t.i for t in tokens}
        fig = next(t for t in tokens if has_figure([t]))
        a = fig
        while (
            a.head.i != a.i
            and a.head.i in ids
            and a.head.i != child.i
            and a.dep_ not in {"prep", "relcl", "acl", "appos", "conj", "advcl"}
        ):
            a = a.head
        if (
            a.i == child.i
            or a.head.i == child.i
            and child.dep_ == "prep"
            or a.dep_ not in {"prep", "relcl", "acl", "appos", "conj", "advcl"}
        ):
            return []
        drop = {t.i for t in a.subtree}
        tokens = until_punct([t for t in tokens if t.i not in drop], start=child)
    while len(tokens) > budget:
        ids = {t.i for t in tokens}
        cands = [t for t in tokens if t.i != child.i and t.head.i in ids and t.i > t.head.i]
        if not cands:
            return []
        # drop the last modifier first; an argument only when no modifier is left, and then its head too
        # (a verb or preposition without its object would dangle)
        mods = [t for t in cands if t.dep_ not in ARGUMENTS]
        last = max(mods or cands, key=lambda t: t.left_edge.i)
        if last.dep_ in ARGUMENTS:
            if last.head.i == child.i:
                return []
            last = last.head
        drop = {t.i for t in last.subtree}
        tokens = [t for t in tokens if t.i not in drop]
    tokens = tidy(tokens)
    if not tokens or len(tokens) == 1 and tokens[0].dep_ in {"prep", "agent", "mark", "aux"}:
        return []
    return tokens


def _capital_of_the_sentence(t: Token) -> bool:
    """A capital that only says the sentence starts here: an article or possessive anywhere, a common
    noun or adjective at the start; never a name."""
    if t.ent_type_ or not (t.text[:1].isupper() and t.text[1:].islower()):
        return False
    return t.tag_ in {"DT", "PRP$"} or bool(t.is_sent_start) and t.tag_ in {"NN", "NNS", "JJ"}


def tidy(tokens: list[Token]) -> list[Token]:
    """No dangling words at the end: prepositions, articles, conjunctions, "to", relative pronouns."""
    while tokens and (
        tokens[-1].tag_ in {"IN", "DT", "CC", "TO", "WDT", "WP", "WP$", "POS", "HYPH", "MD"}
        or tokens[-1].dep_ in {"aux", "auxpass", "cc", "det", "case", "mark", "punct", "prep"}
        or tokens[-1].is_punct
        or tokens[-1].lower_ in ASIDE
    ):
        tokens = tokens[:-1]
    while tokens and (tokens[0].tag_ in {"CC", "HYPH"} or tokens[0].is_punct and tokens[0].text not in "$"):
        tokens = tokens[1:]
    return tokens


def has_figure(tokens: Iterable[Token]) -> bool:
    """Does the phrase hold a number that is a figure of its own (not a date, a name or a lone "one")?"""
    for t in tokens:
        if not is_number_token(t) or t.lower_ in {"one", "hundred", "thousand"} or YEAR.match(t.text):
            continue
        if t.ent_type_ and t.ent_type_ not in NUMERIC_ENTS:
            continue
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if nxt is not None and nxt.text in {"-", "–"} and not t.whitespace_:
            continue  # "22,000-seat"
        return True
    return False


def until_punct(tokens: list[Token], start: Token | None = None) -> list[Token]:
    """The unbroken stretch (no punctuation, no left-out words) around ``start``, or from the first token."""
    if not tokens:
        return []

    def breaks(t: Token) -> bool:
        return t.is_punct and t.text not in {"-", "’", "'", "–"}

    k = next((n for n, t in enumerate(tokens) if start is not None and t.i == start.i), 0)
    if breaks(tokens[k]):
        return []
    lo = hi = k
    while lo > 0 and not breaks(tokens[lo - 1]) and tokens[lo - 1].i == tokens[lo].i - 1:
        lo -= 1
    while hi + 1 < len(tokens) and not breaks(tokens[hi + 1]) and tokens[hi + 1].i == tokens[hi].i + 1:
        hi += 1
    return tokens[lo : hi + 1]


def join_parts(*parts: Iterable[Token | str] | str) -> str:
    """Join token runs and literal words into one phrase."""
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                texts.append(part)
            continue
        items = list(part)
        if not items:
            continue
        texts.append(join_tokens(items))
    return re.sub(r"\s+", " ", " ".join(t for t in texts if t)).strip()


def join_tokens(tokens: list) -> str:
    """Tokens in order, with a space wherever the text had one or where tokens were left out."""
    parts: list[str] = []
    for k, t in enumerate(tokens):
        if isinstance(t, str):
            parts.append(t)
            if k + 1 < len(tokens):
                parts.append(" ")
            continue
        text = t.text
        if _capital_of_the_sentence(t):
            text = text.lower()  # "The court", "Migrant encounters" opening a sentence are lower case in a phrase
        parts.append(text)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None and (isinstance(nxt, str) or t.whitespace_ or nxt.i != t.i + 1):
            parts.append(" ")
    return "".join(parts).strip()
