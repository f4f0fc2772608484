"""The ordered ``NAME_RULES`` that find the name spans of one paragraph: spaCy's PERSON entities repaired, and the
names it missed (after a title, described as a person, a hyphenated double surname, in apposition to a person,
coordinated with a name, after a noun describing a person), each rule adding to the paragraph's ``NameSpans``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.people.name_spans import (
    NameSpans,
    clean_name,
    described_as_person,
    given_names_before,
    looks_like_name,
    one_entity_or_none,
    split_fused,
)


def _hyphenated_end(doc: Doc, end: int) -> int:
    """Past a double surname the NER cut at its hyphen ("Trevino" of "Trevino-Holt")."""
    while (
        end + 1 < len(doc)
        and doc[end].text in {"-", "‐"}
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text.istitle()
        and doc[end + 1].ent_type_ in {"", "PERSON"}
    ):
        end += 2
    return end


def _ner_part(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    """One person of a PERSON entity, trimmed, or None when the part is no person's name."""
    if lx.is_title_word(doc[e - 1].text) or doc[e - 1].lower_ in lx.ORG_NOUNS:
        return None  # "Caldera Mayor", "Tenant Rights Center": a title or a body the NER took for a name
    s0 = s
    s, e = clean_name(doc, s, e)
    if s > s0 > 0 and doc[s0 - 1].pos_ in {"DET", "NUM"}:
        return None  # "one General Permit": a thing, not a titled person
    if e > s and any(doc[i].text[:1].isupper() for i in range(s, e)):
        return s, e
    return None


def ner_person_names(ctx: NameSpans) -> None:
    """PERSON entities, repaired: "Ana Ruiz and Tomas Vell" is two people, "Renata" of "Renata Solberg" is
    taken back, "Trevino-Holt" keeps both halves, and "Caldera Mayor" is no name."""
    doc = ctx.doc
    for ent in ctx.ents:
        if ent.label_ != "PERSON":
            continue
        end = _hyphenated_end(doc, ent.end)
        for s, e in split_fused(doc, given_names_before(doc, ent.start, end), end):
            part = _ner_part(doc, s, e)
            if part is not None:
                ctx.add(*part, True)


def _title_word(word: str, low: str) -> bool:
    """A capitalised title word ("Commissioner", "Gov.") or "elect" (``low``: the word lowercased)."""
    return word[:1].isupper() and lx.is_title_word(word) or low == "elect"


def _is_title_before_name(doc: Doc, t: Token) -> bool:
    """A capitalised title word ("Commissioner", "Gov.") or "elect" that may stand before a name."""
    if not _title_word(t.text, t.lower_):
        return False
    if t.i > 0 and doc[t.i - 1].pos_ in {"DET", "NUM"}:
        return False  # "one General Permit", "the Speaker Lectures"
    return not (t.i + 1 < len(doc) and doc[t.i + 1].text in {"-", "‐"})


def _title_names_organisation(doc: Doc, t: Token) -> bool:
    """ "Harbor Marshals Service", "General Dynamo Industries": the title word names an organisation; but
    "Councilmembers Ana Ruiz" tagged ORG is a title and a first and last name."""
    j = t.i + 1
    if not (t.ent_type_ and t.ent_type_ != "PERSON" and j < len(doc) and doc[j].ent_iob_ == "I"):
        return False
    rest = j
    while rest < len(doc) and doc[rest].ent_iob_ == "I":
        rest += 1
    return (
        rest - j < 2
        or rest - j > 3
        or not looks_like_name(doc[j:rest])
        or any(x.lower_.rstrip(".") in lx.COMPANY_WORDS for x in doc[j:rest])
    )


def _past_agency(doc: Doc, t: Token, taken: list[bool]) -> int | None:
    """Where the name after a title starts: past "of Coastal Affairs" in "Secretary of Coastal Affairs Priya
    Raman"; None when no name follows the agency."""
    j = t.i + 1
    if not (j < len(doc) and doc[j].lower_ in {"of", "for"}):
        return j
    j += 1
    while (
        j < len(doc)
        and doc[j].lower_ in lx.ORG_NAME_WORDS
        and (doc[j].text[:1].isupper() or doc[j].lower_ in {"and", "of", "the"})
    ):
        j += 1
    if j == t.i + 2 or j >= len(doc) or taken[j]:
        return None
    return j


def _name_end(doc: Doc, j: int, taken: list[bool]) -> int:
    """The end of the capitalised proper nouns from ``j`` that are no title or date, with hyphenated
    surnames the tokenizer split ("ORTIZ-VEGA")."""
    k = j
    while (
        k < len(doc)
        and doc[k].pos_ == "PROPN"
        and doc[k].text[:1].isupper()
        and not taken[k]
        and not lx.is_title_word(doc[k].text)
        and doc[k].lower_ not in lx.DATE_WORDS
    ):
        k += 1
        while (
            k + 1 < len(doc)
            and doc[k].text in {"-", "‐"}
            and not doc[k - 1].whitespace_
            and doc[k + 1].text[:1].isupper()
        ):
            k += 2
        if k < len(doc) and doc[k].text[:1] in {"-", "‐"} and len(doc[k]) > 1 and not doc[k - 1].whitespace_:
            k += 1
    return k


def _is_name_after_title(doc: Doc, t: Token, j: int, k: int) -> bool:
    """Is doc[j:k] after the title ``t`` a person's name, rather than a document, a title or a place?"""
    if k == j or k - j > 4 or not looks_like_name(doc[j:k]):
        return False
    if k - j == 1 and doc[j].lower_ in lx.DOCUMENT_NOUNS:
        return False  # "Executive Order", "General Order": a document, not a person
    if lx.singular(t.text) in lx.MODIFIED_TITLES and not (t.i > 0 and doc[t.i - 1].text[:1].isupper()):
        return False  # "Executive Session": only "County Executive", "Chief Executive" is an office
    if k < len(doc) and (doc[k].pos_ == "PROPN" or doc[k].lower_ in {"of", "for"}):
        return False  # "Chief Harbor Pilot", "Secretary of Ports": a title, not a name
    return not (
        doc[j].ent_type_ in {"GPE", "LOC", "DATE", "NORP"}
        and doc[j].ent_iob_ == "B"
        and k - j == 1
        and doc[j].ent_type_ != "PERSON"
        and doc[j].text.istitle() is False
    )


def names_after_titles(ctx: NameSpans) -> None:
    """A capitalised word right after a title is a name: "Commissioner Okafor", "Gov. Delgado", "Secretary
    of Coastal Affairs Priya Raman", even where the NER missed it or tagged title and name as one ORG."""
    doc = ctx.doc
    for i, t in enumerate(ctx.tokens):
        if not _title_word(ctx.words[i], ctx.lowers[i]):
            continue  # most words: no title, no Token attribute read
        if not _is_title_before_name(doc, t) or _title_names_organisation(doc, t):
            continue
        j = _past_agency(doc, t, ctx.taken)
        if j is None:
            continue
        k = _name_end(doc, j, ctx.taken)
        if _is_name_after_title(doc, t, j, k):
            ctx.add(j, k, False)


def names_described_as_people(ctx: NameSpans) -> None:
    """A name the NER missed, shown to be a person by its apposition, age or "who" clause: "Ilse Marrow, a
    nurse,", "Ilse Marrow, 34,", "Ilse Marrow, who runs the shelter,"."""
    doc, taken = ctx.doc, ctx.taken
    for i in ctx.proper:
        t = ctx.tokens[i]
        if taken[i] or t.dep_ not in SUBJECT_DEPS or t.ent_type_ not in {"", "PERSON"}:
            continue
        lo = given_names_before(doc, t.i, t.i + 1)
        if lo == t.i or t.i - lo > 2 or any(taken[i] for i in range(lo, t.i)):
            continue
        if looks_like_name(doc[lo : t.i + 1]) and described_as_person(t):
            ctx.add(lo, t.i + 1, False)


def coordinated_names(ctx: NameSpans) -> None:
    """A name coordinated with a name that the NER left out: "Ana Ruiz, Tomas Vell and Edda Kroll"."""
    doc, taken = ctx.doc, ctx.taken
    for i in ctx.proper:
        t = ctx.tokens[i]
        if not (
            t.dep_ == "conj"
            and not taken[i]
            and taken[t.head.i]
            and t.text[:1].isupper()
            and t.ent_type_ in {"", "PERSON"}
        ):
            continue
        lo = t.i
        while (
            lo > 0
            and doc[lo - 1].dep_ == "compound"
            and doc[lo - 1].head.i == t.i
            and doc[lo - 1].pos_ == "PROPN"
            and not taken[lo - 1]
        ):
            lo -= 1
        if lo < t.i and looks_like_name(doc[lo : t.i + 1]):
            ctx.add(lo, t.i + 1, False)


def names_coordinated_before_a_name(ctx: NameSpans) -> None:
    """``name_before_coordinated_name``: "Voting against were Delmetrus Vantrell and Anton Byrne" — a two- or
    three-word name the NER took for an organisation, coordinated with a person's name after it, is a name too."""
    doc, taken = ctx.doc, ctx.taken
    for i in ctx.proper:
        if taken[i] or (t := ctx.tokens[i]).ent_type_ not in {"", "PERSON", "ORG"}:
            continue
        if not any(c.dep_ == "conj" and c.pos_ == "PROPN" and taken[c.i] for c in t.children):
            continue
        lo = t.i
        while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].head.i == t.i and doc[lo - 1].pos_ == "PROPN":
            lo -= 1
        span = doc[lo : t.i + 1]
        free = not any(taken[i] for i in range(lo, t.i))
        if 2 <= len(span) <= 3 and free and looks_like_name(span) and one_entity_or_none(ctx.ents, lo, t.i + 1):
            ctx.add(lo, t.i + 1, False)


def _double_surname_end(doc: Doc, i: int) -> int | None:
    """End of "Given Surname-Surname" starting at ``i``, or None: one capitalised given name, then two
    capitalised halves joined by a hyphen with no space around it, and no further capitalised word."""
    if i + 4 > len(doc) or doc[i].whitespace_ == "" or doc[i + 2].text not in {"-", "‐"}:
        return None
    first, left, right = doc[i], doc[i + 1], doc[i + 3]
    if left.whitespace_ or doc[i + 2].whitespace_:
        return None
    if not all(t.is_alpha and t.text.istitle() for t in (first, left, right)):
        return None
    end = i + 4
    if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        return None  # "Ana Peña-Vidal Foundation": a name goes on
    return end if looks_like_name(doc[i:end]) else None


def _acts_as_person(span: Span) -> bool:
    """The span is described as a person ("X, a lawyer,", "X, who ...") or reports speech ("X said")."""
    root = span.root
    if described_as_person(root):
        return True
    return root.dep_ in SUBJECT_DEPS and root.head.lemma_ in lx.SPEECH_VERBS


def hyphenated_double_surnames(ctx: NameSpans) -> None:
    """A given name before a hyphenated double surname is a person even when the NER calls the whole an
    organisation or a place: "Inés Peña-Vidal, a lawyer, said ..." and "Marta Ruiz-Soto told reporters ..."
    (a company's hyphened name, "Rolls-Royce said", has no given name before it)."""
    doc, taken = ctx.doc, ctx.taken
    for i in range(len(doc) - 3):
        if ctx.words[i + 2] not in {"-", "‐"}:
            continue  # no "Given Surname-Surname" starts here (``_double_surname_end``)
        t = ctx.tokens[i]
        if taken[t.i] or t.ent_type_ not in {"", "PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "LOC"}:
            continue
        if t.i > 0 and doc[t.i - 1].text[:1].isupper() and doc[t.i - 1].is_alpha and not doc[t.i - 1].is_sent_start:
            continue  # inside a longer capitalised run
        end = _double_surname_end(doc, t.i)
        if end is None or any(taken[i] for i in range(t.i, end)) or not _acts_as_person(doc[t.i : end]):
            continue
        ctx.add(t.i, end, False)


def names_in_apposition_to_a_person(ctx: NameSpans) -> None:
    """A name set beside a person's description is a person's, whatever the NER tagged it: "A spokeswoman
    for the campaign, Ola Brisk, said ..." and "the port's lawyer, Ines Vale," (a body's description, "the
    agency, Harbor Transit Authority," is not a person's)."""
    doc, taken = ctx.doc, ctx.taken
    for i in ctx.proper:
        t = ctx.tokens[i]
        if taken[i] or t.dep_ != "appos" or i < t.head.i:
            continue
        head = t.head
        if not (lx.is_title_word(head.text) or lx.singular(head.lemma_.lower()) in lx.PERSON_NOUNS):
            continue
        if head.pos_ != "NOUN" or t.ent_type_ not in {"", "PERSON", "ORG", "GPE", "NORP"}:
            continue
        lo = given_names_before(doc, t.i, t.i + 1)
        while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].head.i == t.i and doc[lo - 1].pos_ == "PROPN":
            lo -= 1
        if t.i - lo not in {1, 2} or doc[lo - 1].text != "," or any(taken[i] for i in range(lo, t.i + 1)):
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].text not in {",", ".", ";"}:
            continue
        if looks_like_name(doc[lo : t.i + 1]):
            ctx.add(lo, t.i + 1, False)


def names_after_person_nouns(ctx: NameSpans) -> None:
    """``descriptor_before_name``: a given name and surname the NER missed or tagged ORG, right after a
    lowercase noun describing a person: "relief worker Ana Quell", "two-way player Ana Quell". The noun shows a
    person; a later bare "Quell said" is then her (``known_surnames``), not an organisation. So does "ranking
    member" ("ranking member Ana Quell (D-Ore.)")."""
    doc, taken = ctx.doc, ctx.taken
    for i in ctx.proper:
        t = ctx.tokens[i]
        if taken[i] or not ctx.words[i][:1].isupper() or t.ent_type_ not in {"", "PERSON", "ORG"}:
            continue
        lo = t.i
        while lo > 0 and t.i - lo < 2 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i == t.i:
            lo -= 1  # the given names, which the NER may tag ORG with the surname ("Ana Quell" as one ORG)
        if lo == t.i or lo == 0 or any(taken[k] for k in range(lo, t.i)) or not one_entity_or_none(ctx.ents, lo, t.i + 1):
            continue
        noun = doc[lo - 1]
        if not (noun.pos_ == "NOUN" and noun.is_lower and lx.singular(noun.lemma_) in lx.PERSON_NOUNS or _ranked(noun)):
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and doc[t.i + 1].text[:1].isupper():
            continue  # the name goes on: "worker Ana Quell Foundation"
        if looks_like_name(doc[lo : t.i + 1]):
            ctx.add(lo, t.i + 1, False)


def _ranked(noun: Token) -> bool:
    """``ranking_member_title``: "ranking member Ana Quell", "ranking Democrat Ana Quell" describe a person."""
    return noun.lower_ in lx.RANKING_HEADS and noun.i > 0 and noun.doc[noun.i - 1].lower_ == lx.RANKING_WORD



# In this order: each pass sees the tokens the earlier ones took.
NAME_RULES: tuple[Callable[[NameSpans], None], ...] = (
    ner_person_names,
    names_after_titles,
    names_described_as_people,
    hyphenated_double_surnames,
    names_in_apposition_to_a_person,
    coordinated_names,
    names_coordinated_before_a_name,
    names_after_person_nouns,
)


def candidates(doc: Doc, ctx: NameSpans | None = None) -> list[tuple[int, int, bool]]:
    """Name spans (start, end, from_ner) in one paragraph (``NAME_RULES``); ``ctx``: a fresh ``NameSpans`` of
    ``doc`` built with the article's views of it."""
    ctx = ctx or NameSpans(doc)
    for rule in NAME_RULES:
        rule(ctx)
    return ctx.found
