"""Direct and reported speech with their speakers.

Direct quotations are the spans between quotation marks (``quotemarks``); one or two quoted words
are scare quotes, and a short quoted phrase counts only when a speech verb governs it ("called it
a 'very long night'"). Each quotation takes its speaker from the nearest speech verb outside the
marks in its own sentence, or in the short sentence right after it ("… open." X said.), or in a
sentence ending with a colon before it, or from the person the clause before its colon is about
("X was blunt: “…”"); otherwise from another attributed quotation of the same paragraph; a
quotation running over paragraphs without a closing mark takes the speaker of the paragraph that
closes it; otherwise a paragraph that opens with a quotation continues the previous paragraph's
speaker (or the "issued the following statement" paragraph before it); otherwise the speaker the
title names ("Statement by …").

Reported speech is a reporting verb outside quotation marks — of saying, ruling ("ruled that"),
promising ("vowed to") or demanding ("ordered the agency to") — whose reported content the ordered,
named rules of ``bot.nlp.speech.reported`` find (that-clauses, also in relative clauses and with a
partial quotation inside; fronted and parenthetical clauses and a second coordinated clause; directives;
commitments; "called for"; "what X said was"), or "according to X, …". A short quotation inside such a
clause is also a direct quotation. Verbs that report nothing are filtered first by named checks
(``_NOT_REPORTING``).

The speaker of a verb is its subject, resolved by the people index: a name → the fullest name,
he/she → the right earlier person, "the mayor" → the mayor named earlier, "the statement" or "X's
letter" → who issued it, "the department" / "the agency" → the organisation the article named. An
inverted subject the parser took for an object ('“…?” asked X') and a subject split off by an
aside ("X, asked about …, said") are still the speaker; so are the antecedent of "who" in a relative
clause, a document's owner or sender ("a memo stating …"), the judge behind "the ruling", the
organisation an acronym abbreviates, and, for "he said" after quotations, the person last named as a
speaker rather than someone merely mentioned since.

The cascades are ordered tuples of named rules, each a construction of English with its example:
``CUE_RULES`` (which verb attributes a quotation), ``AUTHOR_RULES`` (who issued a document that speaks) and
``ATTRIBUTION_STEPS`` (speakers from cues, then from the paragraph, the paragraph before and the title).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from bot.models import Quote
from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.lexicon.platforms import PLATFORM_NAMES
from bot.nlp.people import PeopleIndex, Person
from bot.nlp.speech import reported

_MIN_WORDS = 3  # fewer quoted words are a scare quote
_SHORT_WORDS = 6  # a quotation shorter than this needs a speech verb governing it
_WORD = re.compile(r"[A-Za-z0-9]+")
_TITLE_SPEAKER = re.compile(r"\b(statement|remarks|comments?|testimony|letter|op-ed|readout)\b", re.IGNORECASE)


def _initials(ent: Span) -> str:
    """``acronym_of_named_organisation``: "U.S. Immigration and Customs Enforcement" is "ICE" — the initials
    of its capitalised words, leaving out a leading country abbreviation and small words."""
    words = [t.text for t in ent if t.text[:1].isupper() and t.is_alpha and t.pos_ == "PROPN"]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


_NAME_LINKS = frozenset({"and", "of", "for", "on", "the", "&"})
_COUNTRY_ABBREVIATIONS = frozenset({"U.S.", "US", "U.K.", "UK", "U.N.", "UN", "EU"})
_GENERIC_ORG_NOUNS = frozenset({"Agency", "Department", "Office", "Service", "Bureau", "Administration"})


def _name_word(t: Token) -> bool:
    return t.text[:1].isupper() and t.is_alpha and not t.is_upper


def _name_link(doc: Doc, j: int) -> bool:
    return doc[j].lower_ in _NAME_LINKS and j + 1 < len(doc) and _name_word(doc[j + 1])


def _capitalised_runs(doc: Doc, mask: list[bool]) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words outside quotation marks, joined by "and", "of", "for", "on", "the":
    "U.S. Harbor and Ferry Enforcement", which the recogniser may cut in two or call a person."""
    i, n = 0, len(doc)
    while i < n:
        if mask[i] or not (doc[i].text[:1].isupper() and (doc[i].is_alpha or doc[i].text in _COUNTRY_ABBREVIATIONS)):
            i += 1
            continue
        j = i + 1
        while j < n and not mask[j] and (_name_word(doc[j]) or _name_link(doc, j)):
            j += 1
        yield i, j
        i = j


def _run_initials(doc: Doc, start: int, end: int) -> list[str]:
    """``acronym_of_spelled_out_name``: the acronyms a capitalised run may go by: the initials of its
    capitalised words, less a leading country abbreviation ("U.S.") and, also, less a trailing generic noun:
    "U.S. Harbor and Ferry Enforcement Agency" → "HFEA" and "HFE"."""
    words = [t.text for t in doc[start:end] if t.text[:1].isupper() and t.is_alpha and not t.is_upper]
    if len(words) < 2:
        return []
    out = ["".join(w[0] for w in words)]
    if words[-1] in _GENERIC_ORG_NOUNS and len(words) >= 3:
        out.append("".join(w[0] for w in words[:-1]))
    return out


def _spelled_out(doc: Doc, mask: list[bool]) -> Iterator[tuple[str, str, bool]]:
    """(acronym, full name) for every capitalised run of the paragraph: "Harbor and Ferry Enforcement
    (HFE)" spells out "HFE" by the mark that follows it (True), any other run by its initials (False)."""
    for start, end in _capitalised_runs(doc, mask):
        name = _strip_det(doc[start:end].text)
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].is_upper:
            acronym = doc[end + 1].text
            if acronym in _run_initials(doc, start, end):
                yield acronym, name, True
                continue
        for acronym in _run_initials(doc, start, end):
            yield acronym, name, False


def _with_owner(ent: Span) -> Span:
    """The entity with a capitalised possessive the recogniser left out ("Mayor's" + "Office of
    Immigrant Affairs", as it may with a straight apostrophe); "the city's" stays out."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].dep_ == "case" and doc[ent.start - 1].lower_ in {"'s", "’s"}:
        owner = doc[ent.start - 2]
        if owner.dep_ == "poss" and owner.head.i >= ent.start and owner.text[:1].isupper() and owner.i > ent.sent.start:
            return doc[owner.i : ent.end]
    return ent


def _name_before(verb: Token) -> Token | None:
    """ "…, the city's Office of Emergency Management said Wednesday": a named subject right before the
    verb that the parser hung elsewhere (here as an apposition of "border"). The head of the named phrase
    ending just before the verb, when that phrase is a person or an organisation."""
    if verb.i == 0:
        return None
    tok = verb.doc[verb.i - 1]
    if tok.ent_type_ not in {"PERSON", "ORG"}:
        return None
    while tok.dep_ in deps.NP_INSIDE_DEPS and tok.head.i < verb.i and tok.head.i != tok.i:
        tok = tok.head
    tok = _name_not_its_host(verb.doc[verb.i - 1], tok)
    return tok if tok.pos_ in deps.NOUN_POS and tok.dep_ not in deps.CLAUSE_SUBJECT_DEPS else None


def _name_not_its_host(name: Token, host: Token) -> Token:
    """``common_noun_phrase_not_speaker``: "… to avoid a first-ever shutdown by the Finance Director Omar Pell said
    Friday …" (a text that lost its sentence break) hangs the name on "shutdown", a noun phrase with no proper
    name that could not speak; the name is the speaker, not the phrase it was hung on."""
    if host.i == name.i or host.pos_ != "NOUN" or not host.is_lower or _could_speak(host):
        return host
    while name.dep_ in {"compound", "flat"} and name.head.i < name.i + 4 and name.head.pos_ == "PROPN":
        name = name.head
    return name


def _could_speak(noun: Token) -> bool:
    """A common noun that may head a speaker: a person, a title, a body or a document ("the memo said")."""
    lemma = noun.lemma_.lower()
    return (
        lx.is_title_word(noun.text)
        or lemma in lx.PERSON_NOUNS | lx.SPEAKER_NOUNS
        or lemma in lx.ORG_NOUNS
        or lemma in _DOCUMENTS
    )


_DOCUMENTS = lx.DOCUMENT_NOUNS | sx.STATING_DOCUMENTS | lx.ISSUED_DOCUMENTS
_ISSUING = lx.STATEMENT_VERBS | lx.SPEECH_VERBS | sx.ISSUING_VERBS


@dataclass(slots=True)
class Speaker:
    name: str | None
    is_org: bool = False


@dataclass(slots=True)
class _Direct:
    par: int
    start: int  # token span inside paragraph ``par`` (start of the quoted words)
    end: int
    text: str
    opens_par: bool  # the paragraph begins with this quotation
    closed: bool
    speaker: Speaker | None = None
    cue: str | None = None


class _Resolver:
    """Speaker of a cue verb, through the people index and the article's organisations."""

    def __init__(self, adoc: ArticleDoc, people: PeopleIndex) -> None:
        self.adoc = adoc
        self.people = people
        self.orgs: list[tuple[int, int, str]] = []  # (par, token, text) of ORG entities outside quotes
        self.expansions: dict[str, str] = {}  # "HTA" → "Harbor Transit Authority"
        marked_here: set[str] = set()  # acronyms spelled out by "Name (ACRONYM)"
        for p, doc in enumerate(adoc.paragraphs):
            if people.shouting[p]:
                continue
            for ent in doc.ents:
                if ent.label_ == "ORG" and not people.masks[p][ent.start]:
                    self.orgs.append((p, ent.start, _strip_det(ent.text)))
                    if (
                        ent.end + 2 < len(doc)
                        and doc[ent.end].text == "("
                        and doc[ent.end + 2].text == ")"
                        and doc[ent.end + 1].is_upper
                    ):
                        self.expansions[doc[ent.end + 1].text] = _strip_det(ent.text)
                    self.expansions.setdefault(_initials(ent), _strip_det(ent.text))
            for acronym, name, marked in _spelled_out(doc, people.masks[p]):
                if marked and acronym not in marked_here:
                    self.expansions[acronym] = name
                    marked_here.add(acronym)
                else:
                    self.expansions.setdefault(acronym, name)

    def subject(self, verb: Token) -> Token | None:
        v = verb
        for _ in range(3):
            subj = [c for c in v.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS]
            if subj:
                return _antecedent(v, subj[0])
            if v is verb and (doc := _stating_document(verb)) is not None:
                return doc
            if v is verb and (head := _subject_parsed_as_head(verb)) is not None:
                return head
            if v is verb and (outer := _coordinated_reporter(verb)) is not None:
                v = outer
                continue
            if v is verb and verb.lemma_.lower() in lx.SPEECH_VERBS:
                # '"…?" asked Councilmember X': the inverted subject parsed as the object of "ask"
                inverted = [
                    c
                    for c in verb.children
                    if c.dep_ in {"dobj", "attr", "npadvmod", "oprd"}
                    and c.i > verb.i
                    and (c.pos_ == "PROPN" or lx.is_title_word(c.text))
                    and c.ent_type_ not in deps.WHEN_ENTS  # "… said Wednesday": when, not who
                    and not any(x.dep_ in deps.COMPLEMENT_DEPS and x.i > c.i for x in verb.children)
                ]
                if inverted:
                    return inverted[0]
                if (named := _name_before(verb)) is not None:
                    return named
                # "X, asked about the cost, said …": the parser hangs X on "asked"
                lead = [
                    x
                    for c in verb.children
                    if c.dep_ == "advcl" and c.i < verb.i
                    for x in c.children
                    if x.dep_ in deps.CLAUSE_SUBJECT_DEPS and x.i < c.i and x.pos_ in {"PROPN", "NOUN", "PRON"}
                ]
                if lead:
                    return lead[0]
            agent = [c for c in v.children if c.dep_ == "agent"]
            if agent:
                pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
            if v.dep_ in {"conj", "advcl", "xcomp", "ccomp", "relcl", "acl"} and v.head.i != v.i:
                if v.dep_ == "relcl" and v.head.pos_ in deps.NOUN_POS:
                    return v.head
                v = v.head
                continue
            break
        return None

    def of_verb(self, par: int, verb: Token) -> Speaker | None:
        return self._expanded(self._of_verb(par, verb))

    def _expanded(self, sp: Speaker | None) -> Speaker | None:
        """``acronym_speaker_expanded``: an organisation speaking by the acronym the article spelled out
        ("the Harbor Transit Authority (HTA)" … "HTA said") is named in full."""
        if sp is not None and sp.is_org and sp.name in self.expansions:
            return Speaker(self.expansions[sp.name], is_org=True)
        return sp

    def _of_verb(self, par: int, verb: Token) -> Speaker | None:
        if verb.lower_ == "according":
            pobj = [c for t in verb.children if t.dep_ == "prep" for c in t.children if c.dep_ == "pobj"]
            return self.of_token(par, pobj[0]) if pobj else None
        subj = self.subject(verb)
        if subj is None:
            return None
        if subj.lower_ == "it":  # "the city said that it confirmed ...": the outer speaker
            outer = verb
            while outer.head.i != outer.i:  # spaCy hands out new Token objects: compare indices
                outer = outer.head
                if outer.lemma_.lower() in lx.SPEECH_VERBS and outer.pos_ in deps.VERB_POS:
                    return self.of_verb(par, outer)
        # several subjects (a parse slip), or a dateline standing as subject: take the person
        subjects = [_antecedent(verb, c) for c in verb.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS] or [subj]
        for s in subjects:
            m = self.person(par, s)
            if m is not None:
                return Speaker(m)
        real = [s for s in subjects if not _dateline(s)]
        if real:
            subj = real[-1]
        elif _dateline(subj):
            recent = [
                m for m in self.people.before(par, verb.i, max_pars=0) if m.par == par and m.start >= verb.sent.start
            ]
            if recent:
                return Speaker(recent[0].person.name)
        return self.of_token(par, subj)

    @cached_property
    def named_speakers(self) -> list[tuple[int, int, Person]]:
        """(paragraph, token, person) of every speech verb outside quotation marks whose subject is a name."""
        out: list[tuple[int, int, Person]] = []
        for p, doc in enumerate(self.adoc.paragraphs):
            mask = self.people.masks[p]
            for t in doc:
                if not _is_cue(t, mask):
                    continue
                subj = self.subject(t)
                if subj is None:
                    continue
                heads = [subj, *(c for c in subj.children if c.dep_ in deps.NAME_PART_DEPS)]
                m = next((m for x in heads if (m := self.people.at(p, x.i)) is not None and m.kind == "name"), None)
                if m is not None:
                    out.append((p, t.i, m.person))
        return out

    def _continuing_speaker(self, par: int, tok: Token, found: Person | None) -> Person | None:
        """``pronoun_continues_speaker``: "he said" / "she added" goes on with the person last named as a
        speaker in this paragraph or the two before, not with someone merely mentioned since ("…, said
        spokesperson Ada Voss. Jail staff released Piet Marr's cellmate. ¶ “…,” she added." → Ada Voss, when the
        gender fits). The pronoun keeps its own resolution when that person is a speaker already, was last
        mentioned as a subject, or is named in the same sentence."""
        verb = tok.head
        if tok.dep_ not in deps.CLAUSE_SUBJECT_DEPS or not _is_cue(verb, self.people.masks[par]):
            return found
        gender = "m" if tok.lower_ in lx.MALE_PRONOUNS else "f"
        earlier = [
            (p, i, who)
            for p, i, who in self.named_speakers
            if (p, i) < (par, tok.i) and p >= par - 2 and who.gender_of() in {None, gender}
        ]
        if not earlier:
            return found
        speaker = earlier[-1][2]
        if found is None or found is speaker or any(who is found for _, _, who in earlier):
            return found or speaker
        if earlier[-1][0] < par - 2:
            return found
        last = self.people.before(par, tok.i, max_pars=2)
        latest = next((m for m in last if m.person is found), None)
        if latest is not None and (latest.subject or latest.par == par and latest.start >= tok.sent.start):
            return found  # introduced as a subject, or named in this very sentence: the pronoun is theirs
        return speaker

    def person(self, par: int, tok: Token) -> str | None:
        """The person a subject token names: itself, or the name its title heads ("Mayor Daniel Reyes")."""
        m = self.people.at(par, tok.i)
        if m is None and (tok.pos_ == "PROPN" or lx.is_title_word(tok.text)):
            # only a name hanging on the title itself, not "a Reyes administration official"
            for c in tok.children:
                if c.dep_ in deps.NAME_PART_DEPS and c.pos_ == "PROPN":
                    m = m or self.people.at(par, c.i)
        if m is None and lx.is_title_word(tok.text) and tok.dep_ in deps.CLAUSE_SUBJECT_DEPS:
            # "A spokesperson for the agency, Ellen Marsh, said": the name between commas just before
            # the verb, whatever the parser hung it on
            doc = tok.doc
            verb = tok.head
            if verb.i >= 3 and doc[verb.i - 1].text == "," and verb.i > tok.i:
                named = self.people.at(par, verb.i - 2)
                if named and named.start > tok.i + 1 and doc[named.start - 1].text == ",":
                    m = named
        return m.person.name if m else None

    def of_token(self, par: int, tok: Token) -> Speaker | None:
        """The speaker a token names; a platform spoken on names none (``platform_not_speaker``)."""
        return None if _platform_spoken_on(tok) else self._of_token(par, tok)

    def _of_token(self, par: int, tok: Token) -> Speaker | None:
        doc = tok.doc
        name = self.person(par, tok)  # not "the Ruiz administration": that is an organisation
        if name is not None:
            return Speaker(name)
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in lx.MALE_PRONOUNS or low in lx.FEMALE_PRONOUNS:
                pr = self._continuing_speaker(par, tok, self.people.resolve_pronoun(par, tok))
                return Speaker(pr.name) if pr else None
            if low == "it":
                return self._recent_org(par, tok.i, None)
            return None
        if lx.is_title_word(tok.text) and any(
            c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS or c.dep_ == "poss" for c in tok.children
        ):
            pr = self.people.resolve_role(par, tok)
            if pr is not None:
                return Speaker(pr.name)
        if (one := self._only_holder(tok)) is not None:
            return Speaker(one.name)
        if low in _DOCUMENTS or tok.lemma_.lower() in _DOCUMENTS:
            return self._document_author(par, tok)
        if tok.ent_type_ in {"ORG", "GPE", "NORP"}:
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return Speaker(_strip_det(_with_owner(ent).text), is_org=True)
        if (described := self._described(par, tok)) is not None:
            return Speaker(described.name)
        if tok.pos_ in deps.NOUN_POS:
            if (
                tok.lemma_.lower() in lx.ORG_NOUNS
                and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
                and not any(c.dep_ in {"compound", "amod", "prep"} for c in tok.children)
            ):
                org = self._recent_org(par, tok.i, tok.lemma_.lower())
                if org is not None:
                    return org
            return Speaker(_noun_phrase_text(tok), is_org=True)
        return None

    def _described(self, par: int, tok: Token) -> Person | None:
        """``description_of_named_person``: "the candidate said" is the person named before whose title
        describes them so ("Oskar Brandt, the Republican nominee for governor")."""
        words = sx.DESCRIPTION_NOUNS.get(tok.lower_)
        if words is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        for m in self.people.before(par, tok.i, max_pars=50):
            if any(w.strip(",.").lower() in words for t in m.person.titles for w in t.split()):
                return m.person
            head = self.adoc.paragraphs[m.par][m.end - 1]
            if any(x.lower_ in words for c in head.children if c.dep_ == "appos" for x in c.subtree):
                return m.person
        return None

    def _recent_org(self, par: int, i: int, noun: str | None) -> Speaker | None:
        k = bisect_left(self.orgs, (par, i, ""))
        for _, _, text in reversed(self.orgs[:k]):
            full = self.expansions.get(text, text).lower()
            if (
                noun is None
                or noun in full
                or noun in lx.ORG_CLASSES
                and not lx.ORG_CLASSES[noun].isdisjoint(full.split())
                or text.isupper()
                and text not in self.expansions
                and noun in sx.ACRONYM_AGENCY_NOUNS
            ):
                return Speaker(text, is_org=True)
        return None

    def _only_holder(self, tok: Token) -> Person | None:
        """``indefinite_description_named_elsewhere``: "a federal judge said …" when the article names
        exactly one person holding that role ("U.S. District Judge Dana Kerr" further on) is that person;
        with two such people, or none, the description stays unresolved."""
        if not lx.is_title_word(tok.text) or not any(
            c.dep_ == "det" and c.lower_ in sx.INDEFINITE_DETERMINERS for c in tok.children
        ):
            return None
        role = lx.role_of(tok.text)
        holders = [p for p in self.people.people if role in p.roles and p.mentions]
        return holders[0] if len(holders) == 1 else None

    def _judge_before(self, par: int, i: int) -> Speaker | None:
        """``ruling_author_is_judge``: "according to the ruling", "the order says" — a court's writing is
        its judge's words: the nearest judge the article named before it, else the only judge it names."""
        before = self.people.before(par, i, max_pars=50)
        for roles in (sx.JUDGE_ROLES - {"justice"}, sx.JUDGE_ROLES):  # "justice" also names a department
            near = next((m.person for m in before if m.person.roles & roles), None)
            if near is not None:
                return Speaker(near.name)
            judges = [p for p in self.people.people if p.roles & roles and p.mentions]
            if len(judges) == 1:
                return Speaker(judges[0].name)  # the one judge, named further on
        return None

    def _document_author(self, par: int, tok: Token) -> Speaker | None:
        """Who issued "the statement" (``AUTHOR_RULES``): its owner ("X's letter"), an earlier "statement
        by/from X", or "X issued a statement"."""
        return next((sp for rule in AUTHOR_RULES if (sp := rule(self, par, tok)) is not None), None)

    def _issuer_of(self, p: int, t: Token) -> Speaker | None:
        """Who put out the document ``t``: "a statement from X", "a letter sent by X", "X issued a statement"."""
        acl = {t.i} | {x.i for x in t.children if x.dep_ == "acl"}
        for c in t.subtree:
            if c.dep_ in {"prep", "agent"} and c.lower_ in sx.AUTHOR_PREPOSITIONS and c.head.i in acl:
                pobj = [x for x in c.children if x.dep_ == "pobj"]
                if pobj and (sp := self.of_token(p, pobj[0])):
                    return sp
        if t.head.lemma_.lower() in _ISSUING and t.dep_ in {"dobj", "pobj"}:
            v = t.head if t.dep_ == "dobj" else t.head.head
            if sp := self.of_verb(p, v):
                return sp
        return None


def document_owner(res: _Resolver, par: int, tok: Token) -> Speaker | None:
    """ "Vale's letter says", also "Vale's Nov. 9 proclamation" (the parser hangs the owner on the date) and
    ``named_owner_compound``: "the Harbor Transit press release", "a Lund campaign letter", "the HTA notice" (an
    acronym the recogniser left untyped)."""
    owner = next((c for left in tok.lefts for c in left.subtree if c.dep_ == "poss" and c.pos_ in deps.NOUN_POS), None)
    if owner is None:
        owner = next(
            (
                c
                for c in tok.children
                if c.dep_ == "compound"
                and c.pos_ == "PROPN"
                and (c.ent_type_ in {"ORG", "PERSON", "GPE"} or len(c.text) > 1 and c.text.isupper())
            ),
            None,
        )
    sp = res.of_token(par, owner) if owner is not None and _may_issue(owner) else None
    return sp if sp is not None and sp.name else None


def _may_issue(owner: Token) -> bool:
    """``owner_issues_document``: a person or an organisation issues a writing ("the agency's notice"); a thing
    does not ("the program's rules" have no speaker)."""
    if owner.pos_ != "NOUN":
        return True
    lemma = lx.singular(owner.lemma_)
    return lemma in lx.SPEAKER_NOUNS | lx.PERSON_NOUNS | lx.ORG_NOUNS or lx.is_title_word(owner.text)


def _definite(tok: Token) -> bool:
    """ "the notice", "this report", "the program's rules": one known writing, not "a report"."""
    return any(c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS or c.dep_ == "poss" for c in tok.children)


def possessive_before_document(res: _Resolver, par: int, tok: Token) -> Speaker | None:
    """``owner_parsed_apart``: "groups who opposed President Omar Pell’s Nov. 9 proclamation stating that …" where
    the parser made "Pell" the verb's object and the proclamation another's: the name whose "’s" stands right
    before the document's own modifiers (a date, an adjective) still owns it. A date is never the speaker."""
    doc = tok.doc
    j = tok.i - 1
    while j > 0 and doc[j].head.i in {tok.i, *(c.i for c in tok.lefts)} and doc[j].lower_ not in _POSSESSIVE_CASE:
        j -= 1
    if j < 1 or doc[j].lower_ not in _POSSESSIVE_CASE:
        return None
    owner = doc[j].head
    if owner.pos_ not in deps.NOUN_POS or owner.i >= j or not _may_issue(owner):
        return None
    sp = res.of_token(par, owner)
    return sp if sp is not None and sp.name else None


_POSSESSIVE_CASE = frozenset({"'s", "’s", "'", "’"})


def self_speaking_document(res: _Resolver, par: int, tok: Token) -> Speaker | None:
    """ "The lawsuit says the fares are unlawful": a filing of many plaintiffs speaks for itself."""
    return Speaker(_noun_phrase_text(tok), is_org=True) if tok.lemma_.lower() in sx.SELF_SPEAKING_DOCUMENTS else None


def court_document_judge(res: _Resolver, par: int, tok: Token) -> Speaker | None:
    """ "According to the ruling, the fares stay": a court's writing is its judge's (``ruling_author_is_judge``)."""
    return res._judge_before(par, tok.i) if tok.lemma_.lower() in sx.COURT_DOCUMENTS else None


def earlier_issuer(res: _Resolver, par: int, tok: Token) -> Speaker | None:
    """ "Oren Vale issued a statement on Monday. … The statement says": who put out the same document in
    this sentence or the five paragraphs before."""
    lemma = tok.lemma_.lower()
    for p in range(par, max(-1, par - 6), -1):
        doc = res.adoc.paragraphs[p]
        for t in reversed(doc[: tok.i + 1] if p == par else doc):
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN" or res.people.masks[p][t.i]:
                continue
            if sp := res._issuer_of(p, t):
                return sp
    return None


def unnamed_document(res: _Resolver, par: int, tok: Token) -> Speaker | None:
    """ "Published reports say …", "according to a report": the document itself; but "the statement said"
    with no issuer found is the person last named before it. ``issuer_unnamed``: "the notice", "the report",
    "the rule" (``lx.ISSUED_DOCUMENTS``) speak for whoever issued them; when the earlier rules found no issuer
    ("Beds are short, according to the notice.") there is no speaker, never the document nor a passer-by."""
    lemma = tok.lemma_.lower()
    subject = tok.dep_ in deps.CLAUSE_SUBJECT_DEPS
    if _definite(tok) and lemma in lx.ISSUED_DOCUMENTS and not (subject and lemma in lx.PERSONAL_WRITINGS):
        return None
    if not subject or not any(c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS for c in tok.children):
        return Speaker(_undated(tok), is_org=True)
    recent = res.people.before(par, tok.i, max_pars=6)
    return Speaker(recent[0].person.name) if recent else None


# In this order: the first rule with a speaker decides; the last always decides.
AUTHOR_RULES: tuple[Callable[[_Resolver, int, Token], Speaker | None], ...] = (
    document_owner,
    possessive_before_document,
    self_speaking_document,
    court_document_judge,
    earlier_issuer,
    unnamed_document,
)


def _platform_spoken_on(tok: Token) -> bool:
    """``platform_not_speaker``: "Ines Varga said on Twitter", "in a post on Truth Social", "wrote on X": the
    platform (``lexicon.platforms``) a preposition governs is where the words were said, never who said them."""
    if tok.dep_ != "pobj":
        return False
    words = [t.lower_ for t in tok.subtree if t.pos_ == "PROPN" or t.i == tok.i]
    return " ".join(words) in PLATFORM_NAMES or tok.lower_ in PLATFORM_NAMES


def _antecedent(verb: Token, subj: Token) -> Token:
    """``relative_pronoun_speaker``: in "Judge Mara Quist, who ruled that …" the subject of "ruled" is
    "who", which stands for the noun the relative clause hangs on (Mara Quist)."""
    if subj.lower_ in sx.RELATIVE_PRONOUNS and verb.dep_ == "relcl" and verb.head.pos_ in deps.NOUN_POS:
        return verb.head
    return subj


def _stating_document(verb: Token) -> Token | None:
    """``participle_of_document``: "a memo stating that the pools would close", "the lawsuit, arguing that
    …" — the document speaks; its author is found from it (``_document_author``)."""
    head = verb.head
    if verb.dep_ not in {"acl", "advcl"} or verb.tag_ != "VBG" or head.pos_ != "NOUN" or head.i > verb.i:
        return None
    return head if head.lemma_.lower() in sx.STATING_DOCUMENTS or head.lower_ in sx.STATING_DOCUMENTS else None


def _subject_parsed_as_head(verb: Token) -> Token | None:
    """``subject_parsed_as_head``: "Brandt's press secretary, Leon Marsh, confirmed Friday that …" — the
    parser may make the long subject the root and hang the finite verb on it as a modifier; the noun is
    still the subject."""
    head = verb.head
    if verb.dep_ == "acl" and verb.tag_ in {"VBD", "VBZ", "VBP"} and head.dep_ == "ROOT" and head.i < verb.i:
        return head if head.pos_ in deps.NOUN_POS else None
    return None


def _coordinated_reporter(verb: Token) -> Token | None:
    """``coordinated_reporting_verb``: "Judge Nora Platt ruled that the policy violated the statute and
    ordered the agency to release them" — the parser joins "ordered" to "violated" inside the complement;
    a reporting verb there without a subject of its own shares the outer reporting verb's subject."""
    if verb.dep_ != "conj" or any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS for c in verb.children):
        return None
    head = verb.head
    if head.dep_ == "ccomp" and head.head.i < head.i and reported.is_reporting_verb(head.head):
        return head.head
    return None


def _dateline(tok: Token) -> bool:
    """ "HARBOR CITY —", "PORT ELLIS, Ore. (AP) —": a place heading the story, parsed as a subject."""
    return tok.ent_type_ == "GPE" and (tok.is_upper or tok.left_edge.i == 0)


def _strip_det(text: str) -> str:
    """ "The Harbor Agency's" → "Harbor Agency": no determiner, no possessive ending."""
    return re.sub(r"^(the|a|an)\s+|\s*['’]s$", "", text, flags=re.IGNORECASE).strip()


def _undated(tok: Token) -> str:
    """``date_not_speaker``: "a March 3 memo said …" is spoken by "memo": the date says when, never who."""
    text = _noun_phrase_text(tok)
    for ent in tok.doc.ents:
        if ent.label_ in deps.WHEN_ENTS and ent.text in text and tok.i not in range(ent.start, ent.end):
            text = " ".join(text.replace(ent.text, " ").split())
    return text


def _noun_phrase_text(tok: Token) -> str:
    """A speaker noun phrase without determiners, clauses or asides: "city officials"."""
    keep = [tok]
    for c in tok.children:
        if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.i < tok.i:
            keep.extend(c.subtree)
        if c.dep_ == "prep" and c.lower_ in {"of", "for"} and c.i > tok.i:
            keep.extend(c.subtree)
    keep.sort(key=lambda t: t.i)
    return _strip_det(tok.doc[keep[0].i : keep[-1].i + 1].text)


def _is_cue(tok: Token, mask: list[bool], adjacent: bool = False) -> bool:
    """A speech verb outside quotation marks; with ``adjacent``, also "the statement reads/continues"."""
    if mask[tok.i]:
        return False
    lemma = tok.lemma_.lower()
    if adjacent and tok.pos_ == "VERB" and lemma in lx.ADJACENT_CUE_VERBS:
        if lemma == "go" and not any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children):
            return False  # "went on" is speech; "has gone “above and beyond”" is not
        return any(c.dep_ == "nsubj" for c in tok.children) and not any(
            c.dep_ in {"dobj", "xcomp"} for c in tok.children
        )
    if tok.pos_ in deps.VERB_POS and lemma in lx.SPEECH_VERBS:
        return not any(c.dep_ == "neg" for c in tok.children)
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    if tok.pos_ == "VERB" and lemma in lx.STATEMENT_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in _DOCUMENTS | sx.REMARK_NOUNS for c in tok.children)
    return False


def _words(text: str) -> int:
    return len(_WORD.findall(text))


_GOVERNING = lx.SPEECH_VERBS | lx.CHARACTERISE_VERBS


def _governed(doc: Doc, start: int, end: int, mask: list[bool]) -> Token | None:
    """The speech verb governing the quoted words: the first verb outside the marks above them,
    when it is one ("called it a 'very long night'", not "crews built 'winter camps' by the river")."""
    for t in doc[start:end]:
        for a in t.ancestors:
            if mask[a.i] or a.pos_ not in deps.VERB_POS:
                continue
            if a.lemma_.lower() in _GOVERNING:
                return a
            break
    return None


def _direct_spans(adoc: ArticleDoc, people: PeopleIndex) -> list[_Direct]:
    out: list[_Direct] = []
    pars = adoc.paragraphs
    pending: _Direct | None = None  # an unclosed quotation that may run on into unmarked paragraphs
    pending_texts: list[str] = []
    for p, doc in enumerate(pars):
        text = people.texts[p]
        if people.shouting[p]:
            continue
        spans = people.marks[p]
        starts = [t.idx for t in doc]
        if pending is not None:
            if not spans:
                pending_texts.append(text)
                continue
            if not spans[0].opened:  # the quotation closes here after paragraphs without marks
                pending.text = "\n\n".join(pending_texts + [text[: spans[0].end].strip()])
            pending = None
            pending_texts = []
        for s in spans:
            lo = bisect_left(starts, s.start)
            hi = bisect_left(starts, s.end)
            if not s.opened:
                continue
            q = _Direct(p, lo, max(hi, lo + 1), text[s.start : s.end].strip(), opens_par=s.start <= 1, closed=s.closed)
            out.append(q)
            if not s.closed and p + 1 < len(pars) and people.texts[p + 1][:1] not in '“"':
                pending, pending_texts = q, [q.text]
    return out


def _has_verb(doc: Doc, q: _Direct) -> bool:
    """``short_full_sentence``: three quoted words that make a sentence ("It takes time.") are a quotation,
    not a scare quote: they start with a capital, end with a full stop and hold a verb."""
    return any(t.pos_ in deps.VERB_POS for t in doc[q.start : q.end])


def _keep(q: _Direct, adoc: ArticleDoc, people: PeopleIndex) -> bool:
    """A quotation, not a scare quote, a quoted term or the title of a report or a law."""
    words = _WORD.findall(q.text)
    n = len(words)
    if n < _MIN_WORDS:
        return False
    governed = _governed(adoc.paragraphs[q.par], q.start, q.end, people.masks[q.par]) is not None
    if sum(w[:1].isupper() or w.isdigit() for w in words) >= 0.8 * n and q.text.rstrip()[-1:] not in ".!?,":
        return governed  # “Harbor Safety and Coastal Shelter Capacity Act”
    doc = adoc.paragraphs[q.par]
    if n >= _SHORT_WORDS or q.text[:1].isupper() and q.text.rstrip()[-1:] in ".!?" and (n >= 4 or _has_verb(doc, q)):
        return True
    return governed or reported.in_reported_clause(doc[q.start], q.end, people.masks[q.par]) is not None


@dataclass(slots=True)
class CueScene:
    """A quotation in its sentences, as the cue rules (``CUE_RULES``) read it: the cue candidates in the stretch
    between the previous quotation (or the sentence start) and it, and between it and the next."""

    doc: Doc
    q: _Direct
    mask: list[bool]
    first: Span  # the sentence where the quotation starts
    last: Span  # ... and where it ends
    a_hi: int  # end of the stretch after the quotation
    before: list[Token]
    after: list[Token]

    @classmethod
    def of(cls, doc: Doc, q: _Direct, mask: list[bool]) -> CueScene:
        first = doc[q.start].sent
        last = doc[min(q.end, len(doc)) - 1].sent
        b_lo = next((i + 1 for i in range(q.start - 1, first.start - 1, -1) if mask[i]), first.start)
        a_hi = next((i for i in range(q.end, last.end) if mask[i]), last.end)
        before = [t for t in doc[b_lo : q.start] if _is_cue(t, mask, adjacent=True)]
        after = [t for t in doc[q.end : a_hi] if _is_cue(t, mask, adjacent=True)]
        return cls(doc, q, mask, first, last, a_hi, before, after)


def governing_cue(s: CueScene) -> Token | None:
    """ "Oren Vale called the plan “a very long shot”": the speech verb that governs the quoted words."""
    gov = _governed(s.doc, s.q.start, s.q.end, s.mask)
    return gov if gov is not None and (gov in s.before or gov in s.after) else None


def _reports_its_own_clause(verb: Token, mask: list[bool]) -> bool:
    """``cue_with_its_own_clause``: a verb that reports a clause of its own after it ("Edda Kroll said the
    cranes would be repaired") opens a new report; it is not the cue of a finished quotation before it."""
    return bool(reported.that_clause_after_verb(verb, mask))


def cue_after(s: CueScene) -> Token | None:
    """ "“We are ready,” Pia Lund said.": the nearest cue after the quotation in its sentence — but in
    '“… open.” Lund called it “…”' a verb introducing the next quotation is not this one's cue, nor in
    '“… winter.” Edda Kroll said the cranes would be repaired' (text that lost its paragraph breaks) a verb
    reporting its own clause (``cue_with_its_own_clause``)."""
    if not s.after:
        return None
    c = s.after[0]
    ends_sentence = s.q.text.rstrip(" ”’\"'")[-1:] in {".", "!", "?"}
    if ends_sentence and s.a_hi < s.last.end and c in s.doc[s.a_hi].ancestors:
        return None
    if ends_sentence and _reports_its_own_clause(c, s.mask):
        return None
    return c


def cue_before(s: CueScene) -> Token | None:
    """ "Pia Lund said, “We are ready.”": the nearest cue before the quotation in its sentence."""
    return s.before[-1] if s.before else None


def cue_beyond_scare_quote(s: CueScene) -> Token | None:
    """'The count is “still going,” and “we will not stop,” Lund said.': the nearest cue of the sentence
    beyond another quotation."""
    q = s.q
    cands = [t for t in s.doc[s.first.start : s.last.end] if _is_cue(t, s.mask) and t not in s.after]
    if not cands:
        return None
    return min(cands, key=lambda t: q.start - t.i if t.i < q.start else t.i - q.end)


def short_sentence_after(s: CueScene) -> Token | None:
    """ "“The buses will run.” Pia Lund said so on Monday.": a cue in a short sentence right after the
    quotation, without quotations of its own."""
    if s.last.end >= len(s.doc):
        return None
    nxt = s.doc[s.last.end].sent
    if any(s.mask[t.i] for t in nxt) or len(nxt) > 20:
        return None
    cue = next((t for t in nxt if _is_cue(t, s.mask)), None)
    return None if cue is None or _reports_its_own_clause(cue, s.mask) else cue


def dash_after(s: CueScene) -> Token | None:
    """ "“We are ready.” – Mayor Pia Lund": a dash right after the quotation's sentence."""
    if s.last.end >= len(s.doc):
        return None
    dash = s.doc[s.last.end]
    return dash if dash.text in sx.ATTRIBUTION_DASHES else None


def colon_sentence_before(s: CueScene) -> Token | None:
    """ "Pia Lund said on Monday: “We are ready.”": the last cue of a sentence ending with a colon right before."""
    if s.first.start == 0:
        return None
    prev = s.doc[s.first.start - 1].sent
    if not prev.text.rstrip().endswith(":"):
        return None
    cands = [t for t in prev if _is_cue(t, s.mask)]
    return cands[-1] if cands else None


# In this order: the first rule with a cue decides.
CUE_RULES: tuple[Callable[[CueScene], Token | None], ...] = (
    governing_cue,
    cue_after,
    cue_before,
    cue_beyond_scare_quote,
    short_sentence_after,
    dash_after,
    colon_sentence_before,
)


def _cue_near(doc: Doc, q: _Direct, mask: list[bool]) -> Token | None:
    """The speech verb attributing a quotation (``CUE_RULES``): outside the marks in its own sentence, the one
    that governs it, else the nearest after it, else the nearest before it; else a short sentence right
    after it ("… open." X said.), a dash ("– X"), or a sentence ending with ':' right before it."""
    scene = CueScene.of(doc, q, mask)
    return next((cue for rule in CUE_RULES if (cue := rule(scene)) is not None), None)


def _colon_speaker(doc: Doc, q: _Direct, res: _Resolver) -> Speaker | None:
    """ "X was blunt at the hearing: “…”": the person the clause before the colon is about."""
    i = q.start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    if i < 0 or doc[i].text != ":" or res.people.masks[q.par][i]:
        return None
    v = doc[i].head
    while v.pos_ not in deps.VERB_POS and v.head.i != v.i:
        v = v.head
    subj = res.subject(v)
    if subj is None or not (subj.pos_ in {"PROPN", "PRON"} or lx.is_title_word(subj.text)):
        return None
    sp = res.of_token(q.par, subj)
    return sp if sp and sp.name and not sp.is_org else None


def _last_reporter(doc: Doc, sent: Span, res: _Resolver, par: int) -> Speaker | None:
    """The person speaking through the last speech verb of ``sent`` outside quotation marks."""
    mask = res.people.masks[par]
    cues = [t for t in sent if _is_cue(t, mask) and t.lower_ != "according"]
    if not cues:
        return None
    sp = res.of_verb(par, cues[-1])
    return sp if sp and sp.name and not sp.is_org else None


def _previous_sentence_speaker(doc: Doc, q: _Direct, res: _Resolver) -> Speaker | None:
    """``quote_after_reported_sentence``: "Mayor Ida Brandt says the buses will run. “We found the money.”"
    — a quotation standing alone as a sentence, right after a sentence reporting someone's words in the same
    paragraph, goes on quoting that person."""
    first = doc[q.start].sent
    if any(not t.is_punct for t in doc[first.start : q.start]) or first.start == 0:
        return None
    return _last_reporter(doc, doc[first.start - 1].sent, res, q.par)


def _reported_speech_before(adoc: ArticleDoc, res: _Resolver, par: int) -> tuple[Speaker, str] | None:
    """``quote_after_reported_paragraph``: a paragraph that is one uncued quotation, after a paragraph
    without quotations whose last sentence reports someone ("…, he said, but …"), quotes that person."""
    if any(res.people.masks[par]):
        return None
    doc = adoc.paragraphs[par]
    if len(doc) == 0:
        return None
    sp = _last_reporter(doc, doc[-1].sent, res, par)
    return (sp, "said") if sp is not None else None


def _dash_speaker(people: PeopleIndex, par: int, dash: Token) -> Speaker | None:
    """ "“…” – President X": the first name within a few words after the dash."""
    for i in range(dash.i + 1, min(dash.i + 8, len(dash.doc))):
        m = people.at(par, i)
        if m is not None:
            return Speaker(m.person.name)
    return None


def _intro_speaker(adoc: ArticleDoc, people: PeopleIndex, res: _Resolver, par: int) -> tuple[Speaker, str] | None:
    """A paragraph introducing a statement ("X issued the following statement:", "X also stated:")."""
    doc = adoc.paragraphs[par]
    mask = people.masks[par]
    cues = [t for t in doc if _is_cue(t, mask)]
    if not cues:
        return None
    if not people.texts[par].rstrip().endswith(":") and not any(t.lemma_.lower() in lx.STATEMENT_VERBS for t in cues):
        return None
    sp = res.of_verb(par, cues[-1])
    return (sp, _cue_word(cues[-1])) if sp and sp.name else None


def _introduced(people: PeopleIndex, par: int) -> tuple[Speaker, None] | None:
    """The one person a paragraph is about (its only subject naming someone), who then speaks in the
    next paragraph's uncued quotation: "X, the county's health director, spoke on Monday." """
    subjects = {m.person for m in people.mentions if m.par == par and m.subject and not m.in_quote}
    if len(subjects) == 1:
        return Speaker(next(iter(subjects)).name), None
    return None


def _title_speaker(adoc: ArticleDoc, people: PeopleIndex) -> Speaker | None:
    """The speaker a title names: "Statement by Secretary X on …", "X Comments on …"."""
    title = adoc.title
    if title is None or not _TITLE_SPEAKER.search(title.text):
        return None
    persons = [e for e in title.ents if e.label_ == "PERSON"]
    if not persons:
        return None
    words = persons[0].text.split()
    for pr in people.people:
        if pr.surname and pr.surname == words[-1].lower():
            return Speaker(pr.name)
    return Speaker(persons[0].text)


def _cue_word(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    if tok.text in sx.ATTRIBUTION_DASHES:
        return "said"
    return tok.lemma_.lower() if tok.lemma_.lower() in lx.STATEMENT_VERBS else tok.lower_


def _share_in_chains(quotes: list[_Direct]) -> None:
    """``quotation_chain_in_one_block``: in text that lost its paragraph breaks, a quotation running over
    several paragraphs reads “A. “B. “C,” X said. — spans left open and continued right after by the next
    one. They are one speaker's: each takes the speaker of the chain's last attributed span (the one that
    closes it), else of any attributed span in it."""
    k = 0
    while k < len(quotes):
        j = k
        while (
            j + 1 < len(quotes)
            and not quotes[j].closed
            and quotes[j + 1].par == quotes[j].par
            and quotes[j + 1].start - quotes[j].end <= 2
        ):
            j += 1
        chain = quotes[k : j + 1]
        named = [q for q in chain if q.speaker and q.speaker.name]
        if len(chain) > 1 and named:
            for q in chain:
                if not (q.speaker and q.speaker.name):
                    q.speaker, q.cue = named[-1].speaker, named[-1].cue
        k = j + 1


@dataclass(slots=True)
class Attribution:
    """An article's direct quotations as the attribution steps (``ATTRIBUTION_STEPS``) give them speakers."""

    quotes: list[_Direct]
    adoc: ArticleDoc
    people: PeopleIndex
    res: _Resolver
    by_par: dict[int, list[_Direct]]

    @classmethod
    def of(cls, quotes: list[_Direct], adoc: ArticleDoc, people: PeopleIndex, res: _Resolver) -> Attribution:
        by_par: dict[int, list[_Direct]] = {}
        for q in quotes:
            by_par.setdefault(q.par, []).append(q)
        return cls(quotes, adoc, people, res, by_par)


def _named(q: _Direct | None) -> bool:
    return q is not None and q.speaker is not None and bool(q.speaker.name)


def speakers_of_cues(a: Attribution) -> None:
    """ "“We are ready,” Pia Lund said." — each quotation's cue (``CUE_RULES``) and its speaker; without a cue,
    the person a colon's clause is about or the reporter of the sentence before."""
    for q in a.quotes:
        doc = a.adoc.paragraphs[q.par]
        cue = _cue_near(doc, q, a.people.masks[q.par])
        if cue is None:
            q.speaker = _colon_speaker(doc, q, a.res) or _previous_sentence_speaker(doc, q, a.res)
            continue
        q.cue = _cue_word(cue)
        dash = cue.text in sx.ATTRIBUTION_DASHES
        q.speaker = _dash_speaker(a.people, q.par, cue) if dash else a.res.of_verb(q.par, cue)


def chains_in_one_block(a: Attribution) -> None:
    """``quotation_chain_in_one_block`` (``_share_in_chains``)."""
    _share_in_chains(a.quotes)


def closed_in_next_paragraph(a: Attribution) -> None:
    """'“The fares stay. (no closing mark) ¶ “The buses run,” Pia Lund said.' — a quotation running over
    paragraphs is the speaker's who closes it, unless its own paragraph names one; walking backwards, a
    chain of open paragraphs all take that speaker."""
    quotes = a.quotes
    for k in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[k], quotes[k + 1]
        if q.closed or nxt.par != q.par + 1 or not nxt.opens_par or not _named(nxt):
            continue
        if any(_named(o) for o in a.by_par[q.par]):
            continue  # its own paragraph names the speaker
        q.speaker, q.cue = nxt.speaker, nxt.cue


def _nearest_in_paragraph(q: _Direct, k: int, qs: list[_Direct]) -> _Direct | None:
    """Another quotation of the same paragraph with a speaker and a cue: the nearest, the earlier on a tie."""
    others = sorted(
        (o for o in qs if o is not q and _named(o) and o.cue),
        key=lambda o: (abs(qs.index(o) - k), qs.index(o) > k),
    )
    return others[0] if others else None


def _from_previous_paragraph(a: Attribution, prev: int, last: _Direct | None) -> tuple[Speaker, str | None] | None:
    """A paragraph opening with an uncued quotation goes on from paragraph ``prev``: its last quotation's
    speaker, else the statement it introduces, the speech it reports or the one person it is about."""
    if last is not None and last.par == prev and last.speaker:
        return last.speaker, last.cue
    return (
        _intro_speaker(a.adoc, a.people, a.res, prev)
        or _reported_speech_before(a.adoc, a.res, prev)
        or _introduced(a.people, prev)
    )


def speakers_from_context(a: Attribution) -> None:
    """ "“We are ready.” ¶ “The buses run,” she said." — an uncued quotation takes the nearest attributed one of
    its paragraph; opening a paragraph, it continues the previous paragraph (``_from_previous_paragraph``);
    otherwise the speaker the title names ("Statement by Mayor Pia Lund")."""
    title_sp = _title_speaker(a.adoc, a.people)
    last: _Direct | None = None
    prev = -1  # the previous paragraph that is not a shouting line
    for p in range(len(a.adoc.paragraphs)):
        if a.people.shouting[p]:
            continue
        qs = a.by_par.get(p, [])
        for k, q in enumerate(qs):
            if _named(q):
                continue
            if (other := _nearest_in_paragraph(q, k, qs)) is not None:
                q.speaker, q.cue = other.speaker, other.cue
            elif q.opens_par and prev >= 0 and (found := _from_previous_paragraph(a, prev, last)):
                q.speaker, q.cue = found
            if not _named(q) and title_sp and q.opens_par:
                q.speaker, q.cue = title_sp, None
        if qs:
            last = qs[-1]
        prev = p


# In this order: each step fills what the earlier ones left without a speaker; the chains are shared again
# at the end for a chain whose first span took the previous paragraph's or the title's speaker.
ATTRIBUTION_STEPS: tuple[Callable[[Attribution], None], ...] = (
    speakers_of_cues,
    chains_in_one_block,
    closed_in_next_paragraph,
    speakers_from_context,
    chains_in_one_block,
)


def _attribute(quotes: list[_Direct], adoc: ArticleDoc, people: PeopleIndex, res: _Resolver) -> None:
    """Give each direct quotation its speaker and cue (``ATTRIBUTION_STEPS``)."""
    a = Attribution.of(quotes, adoc, people, res)
    for step in ATTRIBUTION_STEPS:
        step(a)


def _reported_verb(tok: Token, mask: list[bool]) -> bool:
    """A verb that may report speech outside quotation marks: a speech verb (as for direct quotations),
    a ruling verb ("ruled that"), a verb of commitment ("vowed to") or of demand ("ordered … to")."""
    if mask[tok.i]:
        return False
    if _is_cue(tok, mask):
        return True
    lemma = tok.lemma_.lower()
    return (
        tok.pos_ == "VERB"
        and lemma in sx.RULING_VERBS | sx.COMMITMENT_VERBS | sx.DEMAND_VERBS
        and not any(c.dep_ == "neg" for c in tok.children)
    )


def _characterises(t: Token) -> bool:
    """ "called it a crisis": a verb that names a thing, not one that reports a clause; "called for" and
    "called on … to" do report a demand."""
    if t.lemma_.lower() not in lx.CHARACTERISE_VERBS:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in sx.DEMAND_PARTICLES and c.i == t.i + 1 for c in t.children)


def _reporters_question(t: Token) -> bool:
    """ "Asked whether she would …": the reporter asked; she did not say it."""
    return t.tag_ == "VBN" and t.dep_ in {"advcl", "acl"}


def _withheld(t: Token) -> bool:
    """ "declined to say …": nothing was said."""
    return t.dep_ == "xcomp" and t.head.lemma_.lower() in sx.WITHHOLDING_VERBS


def _asks_whether(t: Token) -> bool:
    """ "asked whether …": a question, not a statement."""
    return any(
        c.dep_ == "ccomp" and any(m.lower_ in sx.QUESTION_COMPLEMENTISERS for m in c.children) for c in t.children
    )


_NOT_REPORTING = (_characterises, _reporters_question, _withheld, _asks_whether)


def _indirect(adoc: ArticleDoc, people: PeopleIndex, res: _Resolver) -> list[Quote]:
    out: list[Quote] = []
    for p, doc in enumerate(adoc.paragraphs):
        if people.shouting[p]:
            continue
        mask = people.masks[p]
        for t in doc:
            if not _reported_verb(t, mask) or any(skip(t) for skip in _NOT_REPORTING):
                continue
            if t.lower_ == "according":
                span = _according_clause(t, mask)
                found = [reported.Clause(*span, "according_to")] if span else []
            else:
                found = reported.clauses(t, mask)
            subjects = _reporting_subjects(t, res)
            if not found or not any(x is not None and (res.person(p, x) or _can_speak(x)) for x in subjects):
                continue
            if _unnamed_antecedent(t, subjects, res, p):
                continue
            sp = res.of_verb(p, t)
            unissued = sp is None and _issuer_unnamed(subjects)
            if not unissued and (sp is None or not sp.name or sp.name.lower() in sx.FIRST_SECOND_PERSON):
                continue
            for clause in found:
                text = _clause_text(doc, clause, subjects, mask)
                if text is not None:
                    out.append(
                        Quote(
                            text=text,
                            speaker=sp.name if sp else None,
                            kind="indirect",
                            cue=_cue_word(t),
                            speaker_is_org=sp.is_org if sp else False,
                            paragraph=p,
                        )
                    )
    return out


def _issuer_unnamed(subjects: list[Token | None]) -> bool:
    """``issuer_unnamed``: "according to the notice, …" whose issuer the text never names is still reported
    content, stored with no speaker (``unnamed_document`` gave none)."""
    return any(x is not None and x.lemma_.lower() in lx.ISSUED_DOCUMENTS and _definite(x) for x in subjects)


def _reporting_subjects(verb: Token, res: _Resolver) -> list[Token | None]:
    """Who may be reporting through ``verb``: the object of "according to", else the verb's own subjects, else
    the subject the resolver finds for it (None when there is none)."""
    if verb.lower_ == "according":
        return [_pobj(verb)]
    own: list[Token | None] = [c for c in verb.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS]
    return own or [res.subject(verb)]


def _unnamed_antecedent(verb: Token, subjects: list[Token | None], res: _Resolver, par: int) -> bool:
    """``reported_in_relative_clause`` with a relative pronoun for subject speaks for a named person only:
    in "Judge Mara Quist, who ordered that …" the judge is quoted, but "his rivals, who have vowed to …" or
    "the order, which called for …" describe a group's stance or a document's contents, not anyone's words.
    ("the software, which Director Kalla Venn said had crashed" has its own subject and is not affected.)"""
    rel = [x for x in subjects if x is not None and x.lower_ in sx.RELATIVE_PRONOUNS and verb.dep_ == "relcl"]
    return bool(rel) and res.person(par, verb.head) is None


def _clause_text(doc: Doc, clause: reported.Clause, subjects: list[Token | None], mask: list[bool]) -> str | None:
    """The words of a reported clause, without a speaker the parser hung inside it; None for what is left
    of a clause cut short by a direct quotation."""
    lo, hi = clause.lo, clause.hi
    skip = clause.skip or (hi, hi)
    cut = any(mask[i] for i in range(hi, min(hi + 3, len(doc))))  # a direct quotation follows
    for x in subjects:  # a speaker the parser hung inside the clause is not part of what was said
        if x is not None and lo < x.left_edge.i < hi and not skip[0] <= x.i < skip[1]:
            hi = x.left_edge.i
    while hi > lo and (doc[hi - 1].is_punct and not doc[hi - 1].is_quote or doc[hi - 1].dep_ in deps.CONNECTIVE_DEPS):
        hi -= 1
    if skip[0] < hi:
        text = (doc[lo : skip[0]].text + ", " + doc[skip[1] : hi].text).strip(' ,;:."“”')
    else:
        text = doc[lo:hi].text.strip(' ,;:."“”')
    verb = any(x.pos_ in deps.VERB_POS for x in doc[lo:hi])
    if _words(text) < (3 if verb else 4) or cut and _words(text) < 6 and not any(x.pos_ == "VERB" for x in doc[lo:hi]):
        return None
    return text


def _pobj(tok: Token) -> Token | None:
    return next((c for t in tok.children if t.dep_ == "prep" for c in t.children if c.dep_ == "pobj"), None)


def _can_speak(subj: Token | None) -> bool:
    """People, organisations, officials and documents report speech; "data" and "numbers" do not."""
    if subj is None:
        return False
    if subj.pos_ in {"PROPN", "PRON"} or subj.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    if subj.is_upper and len(subj.text) >= 2 and subj.is_alpha:
        return True  # an acronym the tagger took for a common noun ("ICE said that …") names an organisation
    lemma = lx.singular(subj.lemma_)
    return (
        lemma in lx.SPEAKER_NOUNS
        or lemma in lx.PERSON_NOUNS
        or lemma in _DOCUMENTS
        or lx.is_title_word(subj.text)
        or lemma in lx.ORG_NOUNS
    )


def _according_clause(tok: Token, mask: list[bool]) -> tuple[int, int] | None:
    """ "According to X, CLAUSE" / "CLAUSE, according to X": the clause, without the attribution."""
    doc = tok.doc
    sent = tok.sent
    skip = {t.i for t in tok.subtree}
    idx = [t.i for t in sent if t.i not in skip and not mask[t.i]]
    if not idx:
        return None
    lo, hi = idx[0], idx[-1] + 1
    if tok.i > lo and tok.i < hi:  # the attribution sits in the middle: keep the clause before it
        hi = tok.left_edge.i
    for i in range(lo, hi):  # a direct quotation is reported as one already
        if mask[i]:
            hi = i
            break
    while hi > lo and doc[hi - 1].is_punct:
        hi -= 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    return (lo, hi) if hi > lo else None


def find_quotes(adoc: ArticleDoc, people: PeopleIndex) -> list[Quote]:
    res = _Resolver(adoc, people)
    direct = [q for q in _direct_spans(adoc, people) if _keep(q, adoc, people)]
    _attribute(direct, adoc, people, res)
    quotes = [
        Quote(
            text=q.text.rstrip().removesuffix(",").rstrip(),  # the comma before "he said" is not theirs
            speaker=q.speaker.name if q.speaker else None,
            kind="direct",
            cue=q.cue,
            speaker_is_org=bool(q.speaker and q.speaker.is_org),
            paragraph=q.par,
        )
        for q in direct
    ]
    quotes.extend(_indirect(adoc, people, res))
    quotes.sort(key=lambda q: q.paragraph)
    return quotes
