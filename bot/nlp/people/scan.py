"""One article's people, built up by the ordered ``PEOPLE_STEPS`` over a ``PeopleScan``: names collected
and grouped by surname, mentions read for titles, gender and party, titles tidied, role nouns and pronouns
resolved; ``find_people`` runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.lexicon.platforms import PLATFORM_NAMES
from bot.nlp.people.index import PeopleIndex
from bot.nlp.people.names import NameSpans, candidates, name_text
from bot.nlp.people.offices import body_owned_title, is_private_title, singular_title, tidy_title, title_roles
from bot.nlp.people.paragraphs import is_byline, is_shouting, quote_mask
from bot.nlp.people.person import Mention, Person, name_key
from bot.nlp.people.titles import appositive, party_of, prenominal, role_mentions
from bot.nlp.quotemarks import MarkSpan, find_marks


@dataclass
class PeopleScan:
    """One article's people as the people steps build them up: what ``PEOPLE_STEPS`` share."""

    adoc: ArticleDoc
    texts: list[str]
    marks: list[list[MarkSpan]]
    masks: list[list[bool]]  # per paragraph, per token: inside quotation marks
    shouting: list[bool]
    bylines: set[int] = field(default_factory=set)  # paragraphs that are bylines
    raw: list[tuple[int, int, int, bool]] = field(default_factory=list)  # (par, start, end, from_ner)
    people: list[Person] = field(default_factory=list)
    by_surname: dict[str, list[Person]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    index: PeopleIndex | None = None

    @classmethod
    def of(cls, adoc: ArticleDoc) -> PeopleScan:
        texts = adoc.paragraph_texts
        marks = [find_marks(t) for t in texts]
        masks = [quote_mask(toks, m) for toks, m in zip(adoc.tokens, marks, strict=True)]
        return cls(adoc, texts, marks, masks, [is_shouting(t) for t in texts])

    def paragraphs(self) -> Iterator[tuple[int, Doc]]:
        """The paragraphs that can name someone: not headlines or promos in capitals."""
        for p, doc in enumerate(self.adoc.paragraphs):
            if not self.shouting[p]:
                yield p, doc

    def make_index(self, mentions: list[Mention]) -> PeopleIndex:
        return PeopleIndex(self.people, mentions, self.adoc, self.texts, self.marks, self.masks, self.shouting)

    def match(self, words: list[str]) -> Person | None:
        """The person a name (its words, lowercase) belongs to: same surname and a compatible first name, a
        surname-first name ("Park" of "Park Min-ji"), or a surname one typo away ("Delgato")."""
        sur = words[-1]
        cands = self.by_surname.get(sur, [])
        if len(words) > 1:
            return next((pr for pr in cands if _first_names_agree(pr.first, words[0])), None)
        if cands:
            return cands[0]
        for prs in self.by_surname.values():
            for pr in prs:
                if pr.first == sur:
                    return pr
        for key, prs in self.by_surname.items():  # typo'd surname or a first-name-first mention
            if len(sur) >= 5 and Levenshtein.distance(key, sur) <= 1:
                return prs[0]
        return None

    def add(self, p: int, s: int, e: int) -> Person:
        """The person named by a span, created when the name matches nobody yet."""
        text = name_text(self.adoc.paragraphs[p], s, e)
        words = [name_key(w) for w in text.split() if name_key(w)]
        pr = self.match(words)
        if pr is None:
            pr = Person()
            self.people.append(pr)
            self.by_surname.setdefault(words[-1], []).append(pr)
        if text not in pr.names:
            pr.names.append(text)
        return pr

    def latest(self, sur: str, pos: tuple[int, int], default: Person) -> Person:
        """A bare surname two people share ("Strand said") is the one mentioned last before it.

        ``parenthetical_name_aside``: a name inside parentheses is an aside ("a rally with Dana Voss (and Peter Voss
        and Ada Lind)"): a later bare "Voss" is the one named in the sentence itself."""
        cands = self.by_surname.get(sur, [])
        if len(cands) < 2:
            return default
        seen = [m for m in self.mentions if m.person in cands and m.pos < pos]
        seen = [m for m in seen if not _in_parentheses(self.adoc.paragraphs[m.par], m.start)] or seen
        return max(seen, key=lambda m: m.pos).person if seen else default


def _in_parentheses(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands inside an open parenthesis of its sentence."""
    for t in reversed(doc[doc[i].sent.start : i]):
        if t.text == ")":
            return False
        if t.text == "(":
            return True
    return False


def _first_names_agree(known: str, first: str) -> bool:
    """ "Ana" and "Ana", "A." and "Ana", or a person known by surname only."""
    return not known or known == first or known[:1] == first[:1] and (len(known) <= 2 or len(first) <= 2)


def collect_names(scan: PeopleScan) -> None:
    """Name spans of every paragraph (``NAME_RULES``), and which paragraphs are bylines: "By Rosa Quill" and
    the short lines under it ("Caldera Herald", "Staff Writer")."""
    for p, doc in scan.paragraphs():
        text = scan.texts[p]
        if is_byline(text) or p - 1 in scan.bylines and len(text) < 60 and "VERB" not in scan.adoc.pos_tags[p]:
            scan.bylines.add(p)
        a = scan.adoc
        ctx = NameSpans(
            doc, tokens=a.tokens[p], words=a.words[p], lowers=a.lower_words[p], pos=a.pos_tags[p], ents=a.entities[p]
        )
        for s, e, ner in candidates(doc, ctx):
            scan.raw.append((p, s, e, ner))


def places_not_people(scan: PeopleScan) -> None:
    """A name the text also uses as a place is no person: "Elmira Falls" of "migrants crossed into Elmira Falls"
    or "Elmira Falls Police Chief Ada Quist", which the NER may tag PERSON elsewhere. Only names the NER gave and no
    title ever introduces ("Sheriff Elmira Falls" would be a person)."""
    pars = scan.adoc.paragraphs
    key_of = {(p, s, e): _key_text(pars[p], s, e) for p, s, e, _ in scan.raw}  # each name span's key, read once
    keys = {key_of[p, s, e]: e - s for p, s, e, ner in scan.raw if ner}
    keys = {k: n for k, n in keys.items() if k}
    if not keys:
        return  # no name from the NER: none to take for a place
    titled = {key_of[p, s, e] for p, s, e, ner in scan.raw if not ner or _after_title(pars[p], s)}
    places: set[str] = set()
    for p, doc in scan.paragraphs():
        words, lowers = scan.adoc.words[p], scan.adoc.lower_words[p]
        # a name is used as a place only right after a preposition of place or right before a place word
        after_prep = [i + 1 for i, w in enumerate(lowers) if w in lx.LOCATIVE_PREPS and i + 1 < len(doc)]
        place_words = [i for i, w in enumerate(lowers) if w in lx.PLACE_FOLLOWERS]
        for n in set(keys.values()):  # names of n tokens
            for i in {*after_prep, *(i - n for i in place_words if i >= n)}:
                if not _used_as_place(words, lowers, i, i + n):
                    continue
                key = _key_text(doc, i, i + n)
                if keys.get(key) == n:
                    places.add(key)
    places -= titled
    scan.raw = [r for r in scan.raw if key_of[r[0], r[1], r[2]] not in places]


def platforms_not_people(scan: PeopleScan) -> None:
    """A platform or medium is no person: "Twitter" of "Ines Varga said on Twitter", "Truth Social" of "in a post
    on Truth Social", which the NER may tag PERSON (``lexicon.platforms``)."""
    pars = scan.adoc.paragraphs
    scan.raw = [r for r in scan.raw if name_text(pars[r[0]], r[1], r[2]).lower() not in PLATFORM_NAMES]


def _key_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(name_key(w) for w in name_text(doc, start, end).split())


def _after_title(doc: Doc, start: int) -> bool:
    """ "President Vask", "Ms. Vask": a title or honorific before the name shows a person."""
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and (lx.is_title_word(prev.text) or prev.lower_.rstrip(".") in lx.HONORIFICS)


def _used_as_place(words: list[str], lowers: list[str], start: int, end: int) -> bool:
    """ "into Elmira Falls", "Elmira Falls Police": a preposition of place before the name (tokens ``start`` to
    ``end`` of a paragraph whose token texts are ``words``, lowercased ``lowers``), or a word of a place after
    it, with no possessive between."""
    before = lowers[start - 1] if start > 0 else None
    after = lowers[end] if end < len(lowers) else None
    if after is not None and after in {"v.", "vs.", "v", "vs"}:
        return False  # "in Vask v. Marlo": a case named for a person
    if before is not None and before in lx.LOCATIVE_PREPS:
        return True
    return after is not None and words[end][:1].isupper() and after in lx.PLACE_FOLLOWERS


def group_by_surname(scan: PeopleScan) -> None:
    """One person per surname and first name, full names first: "Quill" anywhere joins "Rosa Quill"."""
    for p, s, e, _ in sorted(scan.raw, key=lambda r: -(r[2] - r[1])):
        scan.add(p, s, e)


def mention_names(scan: PeopleScan) -> None:
    """Each name span is a mention of its person, in reading order; a shared bare surname is the one named
    last ("Strand said" after "Ola Strand" and "Per Strand": the latest)."""
    for p, s, e, _ in sorted(scan.raw, key=lambda r: (r[0], r[1])):
        doc = scan.adoc.paragraphs[p]
        words = [name_key(w) for w in name_text(doc, s, e).split() if name_key(w)]
        pr = scan.match(words)
        assert pr is not None
        if len(words) == 1:
            pr = scan.latest(words[0], (p, s), pr)
        scan.mentions.append(Mention(p, s, e, pr, in_quote=scan.masks[p][s] if s < len(doc) else False))


def _may_be_surname(t: Token) -> bool:
    """A capitalised word that can be a surname here: a proper noun, an entity, or a common noun or adjective
    not at the start of a sentence ("Young said"; but "Young people" opens a sentence)."""
    if not t.text[:1].isupper() or t.is_upper and len(t) > 1:
        return False
    return t.pos_ == "PROPN" or bool(
        t.ent_type_
        or t.pos_ in {"NOUN", "ADJ"}
        and (not t.is_sent_start or t.dep_ in {"nsubj", "nsubjpass", "poss", "appos"})
    )


def _surname_end(doc: Doc, words: list[str], i: int) -> int:
    """The end of the word at ``i``, past a hyphenated surname the tokenizer split ("Jean-Pierre"); ``words``:
    the paragraph's token texts."""
    end = i + 1
    while end + 1 < len(doc) and words[end] in {"-", "‐"} and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    return end


def known_surnames(scan: PeopleScan) -> None:
    """A known surname the NER tagged ORG/GPE/NORP, or missed, is still that person: "Quill" after "Rosa
    Quill", unless a name goes on ("Quill Harbor")."""
    if not scan.by_surname:
        return  # no one named: no surname to find
    taken = {(m.par, i) for m in scan.mentions for i in range(m.start, m.end)}
    for p, doc in scan.paragraphs():
        words = scan.adoc.words[p]
        for i, word in enumerate(words):
            if not word[:1].isupper() or (p, i) in taken:
                continue  # no surname (``_may_be_surname``): most words, read without Token attributes
            end = _surname_end(doc, words, i)
            k = name_key(word if end == i + 1 else doc[i:end].text)
            if k not in scan.by_surname:
                continue  # most capitalised words: no one's surname
            t = scan.adoc.tokens[p][i]
            if not _may_be_surname(t) or any((p, j) in taken for j in range(i, end)):
                continue
            if end < len(doc) and doc[end].pos_ == "PROPN" and (p, end) not in taken and words[end][:1].isupper():
                continue
            pr = scan.latest(k, (p, i), scan.by_surname[k][0])
            scan.mentions.append(Mention(p, i, end, pr, in_quote=scan.masks[p][i]))
            taken.update((p, j) for j in range(i, end))
            if name_text(doc, i, end) not in pr.names:
                pr.names.append(name_text(doc, i, end))


def _conjunct_of_subject(head: Token) -> bool:
    """A name coordinated with, or set beside, a subject is a subject too: "Ana Ruiz and Tomas Vell said ...",
    and "Fresno, California, Mayor Edda Kroll, a Republican, said ..." where the parser made the name a
    conjunct of the place before it."""
    t, hops = head, 0
    while t.dep_ in {"conj", "appos"} and t.head is not t and hops < 4:
        t, hops = t.head, hops + 1
        if t.dep_ in SUBJECT_DEPS:
            return True
    return False


def _read_mention(scan: PeopleScan, m: Mention, names_in: dict[int, set[int]]) -> None:
    """What one mention tells of its person: a count, whether it is a subject, and outside bylines the
    honorific's gender ("Ms. Quill"), a title before or after the name, and a party."""
    doc = scan.adoc.paragraphs[m.par]
    pr = m.person
    pr.mentions += 1
    if m.par not in scan.bylines:
        pr.byline_only = False
    head = doc[m.end - 1]
    m.subject = (
        head.dep_ in SUBJECT_DEPS
        or any(doc[i].dep_ in SUBJECT_DEPS for i in range(m.start, m.end))
        or _conjunct_of_subject(head)
    )
    if m.par in scan.bylines:
        return
    if m.start > 0 and doc[m.start - 1].lower_.rstrip(".") in lx.MALE_HONORIFICS:
        pr.gender["m"] += 2
    if m.start > 0 and doc[m.start - 1].lower_.rstrip(".") in lx.FEMALE_HONORIFICS:
        pr.gender["f"] += 2
    found = prenominal(doc, m.start, names_in.get(m.par, set()))
    if found:
        pr.titles.append(found[0])
    app = appositive(doc, m.start, m.end)
    if app:
        pr.titles.append(app)
    pr.party |= party_of(doc, scan.texts[m.par], m.start, m.end)


def read_mentions(scan: PeopleScan) -> None:
    """Titles, subjects, gender and party from every mention ("Harbor Commissioner Rosa Quill (D)")."""
    names_in: dict[int, set[int]] = {}
    for m in scan.mentions:
        names_in.setdefault(m.par, set()).update(range(m.start, m.end))
    for m in scan.mentions:
        _read_mention(scan, m, names_in)


def tidy_titles(scan: PeopleScan) -> None:
    """Titles keep no quotation marks and no trailing clause: `border czar" in the new cabinet` → "border czar";
    a body's office reads "chairman of the subcommittee", not "subcommittee's chairman"."""
    for pr in scan.people:
        pr.titles = [body_owned_title(t) for t in (tidy_title(t) for t in pr.titles) if t]


def private_sector_heads(scan: PeopleScan) -> None:
    """Heads of companies, unions and NGOs may be quoted but hold no public office (SCHEMA.md): "Dana Kell,
    president of the Harbor Pilots Union," and "Pia Lund, executive director of the Center for Shelter
    Rights," are no officials (unless another title of theirs is an office)."""
    for pr in scan.people:
        pr.private_titles = {t for t in pr.titles if is_private_title(t)}


def roles_of_titles(scan: PeopleScan) -> None:
    """The offices a person's titles give ("Lt. Gov." → lieutenant governor), and the gender a title shows
    ("chairwoman")."""
    for pr in scan.people:
        for t in pr.titles:
            for role, words in title_roles(t):
                pr.roles.add(role)
                for w in words:
                    g = lx.GENDERED_TITLES.get(w)
                    if g:
                        pr.gender[g] += 2


def shared_titles(scan: PeopleScan) -> None:
    """A plural title shared by a coordinated list: "Senators Ana Ruiz, Tomas Vell and Edda Kroll" are each a senator;
    ``own_description_not_shared``: a conjunct with words of its own before the name ("Chairman Piet Marr and
    ranking Democrat Ilse Vang") does not share the first one's title."""
    for m in scan.mentions:
        if m.person.titles:
            continue
        doc = scan.adoc.paragraphs[m.par]
        if m.start > 0 and doc[m.start - 1].lower_ not in {"and", ",", "or", "&"}:
            continue
        h = doc[m.end - 1]
        while h.dep_ in {"conj", "appos"} and h.head.i < m.start and h.head.pos_ == "PROPN":
            h = _home_state_head(h.head)
            other = next((o for o in scan.mentions if o.par == m.par and o.start <= h.i < o.end), None)
            if other and other.person.titles and _plural_title(doc, other.start):
                _share_title(m, other)
                break
        else:
            listed = name_list(scan, m)
            first = listed[0] if listed else None
            if first is not None and first is not m and first.person.titles and _plural_title(doc, first.start):
                _share_title(m, first)


def _share_title(m: Mention, other: Mention) -> None:
    m.person.titles.append(singular_title(other.person.titles[0]))
    m.person.roles |= other.person.roles


_LIST_WORDS = frozenset([",", "and", "or", "&"])
_LIST_CONJUNCTIONS = frozenset(["and", "or", "&"])


def _list_link(doc: Doc, end: int, start: int) -> str | None:
    """What joins two names of a written list, the words between them (``end`` to ``start``): "and" when a
    conjunction does ("and", ", and", "or"), "," when only a comma does; a parenthesis (a party and state, "(D-OH)")
    may follow a name. Anything else between them (a verb, a title of the second's own): None."""
    depth, words = 0, []
    for t in doc[end:start]:
        if t.text in "()":
            depth += 1 if t.text == "(" else -1
            if depth < 0:
                return None
        elif depth == 0:
            if t.lower_ not in _LIST_WORDS:
                return None
            words.append(t.lower_)
    if depth or not words:
        return None
    return "and" if _LIST_CONJUNCTIONS & set(words) else ","


def name_list(scan: PeopleScan, m: Mention) -> list[Mention]:
    """``name_list_by_its_words``: the written list of names ``m`` stands in, first to last, read off the words
    rather than the parse, which may make a later name of a long list a second subject ("Senators Ana Ruiz (D-OH),
    Tomas Vell (D-IA), and Edda Kroll (R-UT) joined …"): names joined by commas, the last one after "and" or "or";
    a list that never reaches its conjunction ("Ana Ruiz, Tomas Vell said") is none, and gives []."""
    doc = scan.adoc.paragraphs[m.par]
    same = sorted((o for o in scan.mentions if o.par == m.par and o.kind == "name"), key=lambda o: o.start)
    if m not in same:
        return []
    k = same.index(m)
    while k > 0 and _list_link(doc, same[k - 1].end, same[k].start) is not None:
        k -= 1
    out = [same[k]]
    for a, b in zip(same[k:], same[k + 1 :], strict=False):
        link = _list_link(doc, a.end, b.start)
        if link is None:
            return []
        out.append(b)
        if link == "and":
            return out if m in out else []
    return []


def _home_state_head(h: Token) -> Token:
    """``home_state_in_list``: in "Sens. Ana Ruiz of Ohio and Tomas Vell of Iowa" the parser may join the second
    name to the first one's state: the list goes on from the name the state belongs to."""
    prep = h.head
    if h.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ == "PROPN" and prep.head.i < h.i:
        return prep.head
    return h


def _plural_title(doc: Doc, start: int) -> bool:
    """``singular_title_not_shared``: "Senators Ana Ruiz and Tomas Vell" (or "Sens.") are both senators, but in
    "Mayor Rosa Quill and Tom Reyes" only she is a mayor: a title is shared only when the title word right before
    the first name is plural."""
    k = start - 1
    if k > 0 and doc[k].text == ".":
        k -= 1  # "Sens" "." as the tokenizer may split it
    word = doc[k].text.rstrip(".") if k >= 0 else ""
    return lx.singular(word) != word.lower()


def role_noun_mentions(scan: PeopleScan) -> None:
    """Role nouns become mentions of their holders: "the mayor" after "Mayor Rosa Quill" is an alias of hers,
    and counts for whom a later pronoun means."""
    index = scan.make_index(scan.mentions)
    extra: list[Mention] = []
    for p, doc in scan.paragraphs():
        for det_i, t in role_mentions(doc, scan.adoc.tokens[p], scan.adoc.words[p], scan.adoc.pos_tags[p]):
            if index.at(p, t.i) or scan.masks[p][t.i]:
                continue
            pr = index.resolve_role(p, t)
            if pr is None:
                continue
            alias = doc[det_i : t.i + 1].text
            if alias.lower() not in (a.lower() for a in pr.aliases):
                pr.aliases.append(alias[:1].lower() + alias[1:] if doc[det_i].is_sent_start else alias)
            extra.append(
                Mention(p, det_i, t.i + 1, pr, kind="role", in_quote=scan.masks[p][t.i], subject=t.dep_ in SUBJECT_DEPS)
            )
    scan.index = scan.make_index(scan.mentions + extra)


def _pronoun_gender(t: Token) -> str | None:
    return "m" if t.lower_ in lx.MALE_PRONOUNS else "f" if t.lower_ in lx.FEMALE_PRONOUNS else None


def pronoun_gender(scan: PeopleScan) -> None:
    """Gender evidence: a he/she outside quotes in a sentence naming one person before it ("Rosa Quill said
    she ..."); not the object of that person's own verb ("Quill pressed him")."""
    index = scan.index
    assert index is not None
    for p, tokens in enumerate(scan.adoc.tokens):
        for t in tokens:
            if scan.masks[p][t.i] or scan.adoc.pos_tags[p][t.i] != "PRON":
                continue
            g = _pronoun_gender(t)
            if g is None:
                continue
            if t.dep_ in {"dobj", "dative", "pobj"} and any(
                c.dep_ in SUBJECT_DEPS and index.at(p, c.i) for c in t.head.children
            ):
                continue
            # only within one sentence ("X said he ..."): across sentences the pronoun is what we resolve
            start = scan.adoc.sentence_starts[p][t.i]  # of t's sentence
            near = [m for m in index.before(p, t.i, max_pars=0) if m.par == p and m.start >= start]
            if near and len({m.person for m in near}) == 1:
                near[0].person.gender[g] += 1


# In this order: each step reads what the earlier ones built.
PEOPLE_STEPS: tuple[Callable[[PeopleScan], None], ...] = (
    collect_names,
    places_not_people,
    platforms_not_people,
    group_by_surname,
    mention_names,
    known_surnames,
    read_mentions,
    tidy_titles,
    private_sector_heads,
    roles_of_titles,
    shared_titles,
    role_noun_mentions,
    pronoun_gender,
)


def find_people(adoc: ArticleDoc) -> PeopleIndex:
    """Everyone the article names, with their mentions, titles and what refers to them (``PEOPLE_STEPS``)."""
    scan = PeopleScan.of(adoc)
    for step in PEOPLE_STEPS:
        step(scan)
    assert scan.index is not None
    return scan.index
