"""Speaker resolution: who speaks through a cue verb or a token, through the people index and the
article's organisations (``Resolver``), and who issued a document that speaks (the ordered ``AUTHOR_RULES``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import cached_property

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.lexicon.platforms import PLATFORM_NAMES
from bot.nlp.people import Mention, PeopleIndex, Person
from bot.nlp.quotes.cues import is_cue, may_report
from bot.nlp.quotes.organisations import initials, spelled_out, with_owner
from bot.nlp.quotes.speaker import DOCUMENTS, Speaker, strip_det
from bot.nlp.quotes.subjects import antecedent, verb_subject

_ISSUING = lx.STATEMENT_VERBS | lx.SPEECH_VERBS | sx.ISSUING_VERBS
_TITLE_LINKS = frozenset(["of", "the", "for", "and"])  # words inside an office's name: "Secretary of the Navy"


class Resolver:
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
            for ent in adoc.entities[p]:
                if ent.label_ == "ORG" and not people.masks[p][ent.start]:
                    self.orgs.append((p, ent.start, strip_det(ent.text)))
                    if (
                        ent.end + 2 < len(doc)
                        and doc[ent.end].text == "("
                        and doc[ent.end + 2].text == ")"
                        and doc[ent.end + 1].is_upper
                    ):
                        self.expansions[doc[ent.end + 1].text] = strip_det(ent.text)
                    self.expansions.setdefault(initials(ent), strip_det(ent.text))
            for acronym, name, marked in spelled_out(doc, people.masks[p], adoc.tokens[p], adoc.words[p]):
                if marked and acronym not in marked_here:
                    self.expansions[acronym] = name
                    marked_here.add(acronym)
                else:
                    self.expansions.setdefault(acronym, name)

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
        subj = verb_subject(verb)
        if subj is None:
            return None
        if subj.lower_ == "it":  # "the city said that it confirmed ...": the outer speaker
            outer = verb
            while outer.head.i != outer.i:  # spaCy hands out new Token objects: compare indices
                outer = outer.head
                if outer.lemma_.lower() in lx.SPEECH_VERBS and outer.pos_ in deps.VERB_POS:
                    return self.of_verb(par, outer)
        # several subjects (a parse slip), or a dateline standing as subject: take the person
        subjects = [antecedent(verb, c) for c in verb.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS] or [subj]
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
        for p in range(len(self.adoc.paragraphs)):
            mask = self.people.masks[p]
            for t in may_report(self.adoc, p):
                if not is_cue(t, mask):
                    continue
                subj = verb_subject(t)
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
        if tok.dep_ not in deps.CLAUSE_SUBJECT_DEPS or not is_cue(verb, self.people.masks[par]):
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
                if c.dep_ in deps.NAME_PART_DEPS and c.pos_ == "PROPN" and not _modifies_a_group(c, tok):
                    m = m or self.people.at(par, c.i)
        if m is None and lx.is_title_word(tok.text):
            m = self._name_ending_title(par, tok)
        if m is None and tok.pos_ == "NOUN":
            m = self._appositive_name(par, tok)
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

    def _name_ending_title(self, par: int, tok: Token) -> Mention | None:
        """``name_after_title_of_body``: "former Director of National Intelligence Ada Brisk said" — the parser
        hangs the name on the body's name inside the title; the name that ends the title phrase, with only the
        title's words (capitalised words, "of", "the", "for") between, is the person the title heads."""
        doc = tok.doc
        m = self.people.at(par, tok.right_edge.i)
        if m is None or m.kind != "name" or m.end != tok.right_edge.i + 1 or m.start <= tok.i:
            return None
        between = doc[tok.i + 1 : m.start]
        if all(t.pos_ == "PROPN" or t.lower_ in _TITLE_LINKS for t in between):
            return m
        return None

    def _earlier_org_speaker(self, par: int, i: int) -> Speaker | None:
        """``it_continues_organisation_speaker``: "Lund’s press office said the buses would be free. The trips
        would be voluntary, it said." — "it" goes on with the last organisation heard speaking in this paragraph
        or the two before, not with an organisation merely named since (or the owner in "Lund’s")."""
        for p in range(par, max(-1, par - 3), -1):
            doc = self.adoc.paragraphs[p]
            mask = self.people.masks[p]
            for t in reversed(doc[:i] if p == par else doc):
                if t.lower_ == "according" or not is_cue(t, mask):
                    continue
                subj = verb_subject(t)
                if subj is None or subj.pos_ not in deps.NOUN_POS:
                    continue
                sp = self.of_verb(p, t)
                if sp is not None and sp.is_org and sp.name:
                    return sp
        return None

    def _appositive_name(self, par: int, tok: Token) -> Mention | None:
        """``description_then_name``: "Democratic mayoral candidate and Lund challenger Sean O’Malley said" — a
        description the name stands in apposition to (the tagger may take the surname for a common noun), or that
        the parser coordinated with the name ("candidate and … challenger NAME"), is that person."""
        described = [tok, *(c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN")]
        for c in (c for d in described for c in d.children):
            if c.dep_ in {"appos", "conj"} and c.ent_type_ == "PERSON" and (m := self.people.at(par, c.i)) is not None:
                return m
        return None

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
                return self._earlier_org_speaker(par, tok.i) or self._recent_org(par, tok.i, None)
            return None
        if lx.is_title_word(tok.text) and any(
            c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS or c.dep_ == "poss" for c in tok.children
        ):
            pr = self.people.resolve_role(par, tok)
            if pr is not None:
                return Speaker(pr.name)
        if (one := self._only_holder(tok)) is not None:
            return Speaker(one.name)
        if low in DOCUMENTS or tok.lemma_.lower() in DOCUMENTS:
            return self._document_author(par, tok)
        if tok.ent_type_ in {"ORG", "GPE", "NORP"}:
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return Speaker(strip_det(with_owner(ent).text), is_org=True)
        if (described := self._description_of(par, tok)) is not None:
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

    def _description_of(self, par: int, tok: Token) -> Person | None:
        """The named person a definite description stands for, by the rules below in turn."""
        introduced = self._introduced_as(par, tok)  # two people introduced so: no guess by the last subject either
        described = self._described(par, tok) or (introduced[0] if len(introduced) == 1 else None)
        if described is None and not introduced:
            described = self._last_subject_described(par, tok)
        return described

    def _described(self, par: int, tok: Token) -> Person | None:
        """``description_of_named_person``: "the candidate said" is the person named before whose title
        describes them so ("Oskar Brandt, the Republican nominee for governor")."""
        words = sx.DESCRIPTION_NOUNS.get(tok.lower_)
        if words is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        for m in self.people.before(par, tok.i, max_pars=50):
            if any(w.strip(",.").lower() in words for t in m.person.titles for w in t.split()):
                return m.person
            doc = self.adoc.paragraphs[m.par]
            head = doc[m.end - 1]
            if any(x.lower_ in words for c in head.children if c.dep_ == "appos" for x in c.subtree):
                return m.person
            if any(x.lower_ in words for x in doc[max(m.start - 3, doc[m.start].sent.start) : m.start]):
                return m.person  # "Republican nominee Dale Brandt": the description written before the name
        return None

    def _introduced_as(self, par: int, tok: Token) -> list[Person]:
        """``epithet_of_introduced_person``: "Billionaire Oskar Delmont toured the plant. ¶ “…,” the billionaire
        said." — a definite description whose noun introduced exactly one named person before it (written before
        the name, "real estate mogul Oskar Delmont", or in apposition, "Oskar Delmont, a billionaire developer")
        is that person; when it introduced two people, it stays unresolved (never a guess among several). Returns
        the people so introduced."""
        if tok.pos_ != "NOUN" or lx.singular(tok.text) != tok.lower_ or tok.lower_ in sx.DESCRIPTION_NOUNS:
            return []
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return []
        found: dict[str, Person] = {}
        for m in self.people.before(par, tok.i, max_pars=50):
            if m.kind != "name":
                continue
            doc = self.adoc.paragraphs[m.par]
            name = range(m.start, m.end)
            lo = max(m.start - 4, doc[m.start].sent.start)
            before = (x for x in doc[lo : m.start] if _modifies_within(x, lo, name))
            appos = (x for c in doc[m.end - 1].children if c.dep_ == "appos" for x in c.subtree)
            if any(x.lower_ == tok.lower_ and x.pos_ == "NOUN" for x in (*before, *appos)):
                found[m.person.name] = m.person
        return list(found.values())

    def _last_subject_described(self, par: int, tok: Token) -> Person | None:
        """``description_of_last_subject``: "Ilse Varga disagreed. “…,” the former secretary of state said." — a
        definite description with a title nobody in the article holds is the person named last as a subject, in
        this paragraph or the one before (a writer's variation on the name, not a new person); an epithet ("the
        billionaire", ``lexicon.persons.EPITHET_NOUNS``) only when that person is the one subject there.
        ``place_owned_description``: "Ohio’s governor said" is as definite as "the governor" when nobody holds it."""
        describes = lx.is_title_word(tok.text) or tok.lower_ in sx.DESCRIPTION_NOUNS or tok.lower_ in lx.EPITHET_NOUNS
        if not describes or lx.singular(tok.text) != tok.lower_:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" or _place_owner(c) for c in tok.children):
            return None
        if self.people.resolve_role(par, tok) is not None:
            return None
        if tok.lower_ in lx.EPITHET_NOUNS:
            return self._only_recent_subject(par, tok)
        doc = tok.doc
        sent = tok.sent
        if sent.start > 0:
            lo_par, lo = par, doc[sent.start - 1].sent.start
        elif par > 0 and len(self.adoc.paragraphs[par - 1]):
            prev = self.adoc.paragraphs[par - 1]
            lo_par, lo = par - 1, prev[-1].sent.start
        else:
            return None
        recent = [
            m
            for m in self.people.before(par, tok.i, max_pars=1)
            if m.subject and m.kind == "name" and (m.par, m.start) >= (lo_par, lo)
        ]
        return recent[0].person if recent else None  # only the sentence before: a name missed there stops it

    def _only_recent_subject(self, par: int, tok: Token) -> Person | None:
        """``epithet_of_only_recent_subject``: "Oskar Delmont toured the plant. “…,” the mogul said." — an epithet
        is the one person named as a subject in this paragraph before it or the paragraph before; with two such
        people ("Oskar Delmont toured it. Mayor Rita Fenn stayed away.") it stays unresolved."""
        subjects = {m.person.name: m.person for m in self.people.before(par, tok.i, max_pars=1) if m.subject}
        return next(iter(subjects.values())) if len(subjects) == 1 else None

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
        # ``spoke_in_document``: "In a directive sent on Friday, Mayor Ada Krell said …": its author spoke in it
        spoken_in = t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.lemma_.lower() in lx.SPEECH_VERBS
        if spoken_in and (sp := self.of_verb(p, t.head.head)):
            return sp
        if t.head.lemma_.lower() in _ISSUING and t.dep_ in {"dobj", "pobj"}:
            v = t.head if t.dep_ == "dobj" else t.head.head
            if sp := self.of_verb(p, v):
                return sp
        return None


def document_owner(res: Resolver, par: int, tok: Token) -> Speaker | None:
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


def definite(tok: Token) -> bool:
    """ "the notice", "this report", "the program's rules": one known writing, not "a report"."""
    return any(c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS or c.dep_ == "poss" for c in tok.children)


def possessive_before_document(res: Resolver, par: int, tok: Token) -> Speaker | None:
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


def self_speaking_document(res: Resolver, par: int, tok: Token) -> Speaker | None:
    """ "The lawsuit says the fares are unlawful": a filing of many plaintiffs speaks for itself."""
    return Speaker(_noun_phrase_text(tok), is_org=True) if tok.lemma_.lower() in sx.SELF_SPEAKING_DOCUMENTS else None


def court_document_judge(res: Resolver, par: int, tok: Token) -> Speaker | None:
    """ "According to the ruling, the fares stay": a court's writing is its judge's (``ruling_author_is_judge``)."""
    return res._judge_before(par, tok.i) if tok.lemma_.lower() in sx.COURT_DOCUMENTS else None


def earlier_issuer(res: Resolver, par: int, tok: Token) -> Speaker | None:
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


def earlier_document_of_any_kind(res: Resolver, par: int, tok: Token) -> Speaker | None:
    """``generic_document_anaphor``: "In a directive sent on Friday, Mayor Ada Krell said … ¶ “…,” the document
    said." — "the document" points back to the nearest writing of any kind in this or the five paragraphs before,
    and speaks for whoever issued it."""
    if tok.lemma_.lower() not in sx.GENERIC_DOCUMENT_NOUNS or not definite(tok):
        return None
    for p in range(par, max(-1, par - 6), -1):
        doc = res.adoc.paragraphs[p]
        for t in reversed(doc[: tok.i] if p == par else doc):
            if t.pos_ != "NOUN" or res.people.masks[p][t.i] or t.lemma_.lower() not in DOCUMENTS:
                continue
            if t.lemma_.lower() not in sx.GENERIC_DOCUMENT_NOUNS and (sp := res._issuer_of(p, t)):
                return sp
    return None


def unnamed_document(res: Resolver, par: int, tok: Token) -> Speaker | None:
    """ "Published reports say …", "according to a report": the document itself; but "the statement said"
    with no issuer found is the person last named before it. ``issuer_unnamed``: "the notice", "the report",
    "the rule" (``lx.ISSUED_DOCUMENTS``) speak for whoever issued them; when the earlier rules found no issuer
    ("Beds are short, according to the notice.") there is no speaker, never the document nor a passer-by."""
    lemma = tok.lemma_.lower()
    subject = tok.dep_ in deps.CLAUSE_SUBJECT_DEPS
    if definite(tok) and lemma in lx.ISSUED_DOCUMENTS and not (subject and lemma in lx.PERSONAL_WRITINGS):
        return None
    if not subject or not any(c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS for c in tok.children):
        return Speaker(_undated(tok), is_org=True)
    recent = res.people.before(par, tok.i, max_pars=6)
    return Speaker(recent[0].person.name) if recent else None


# In this order: the first rule with a speaker decides; the last always decides.
AUTHOR_RULES: tuple[Callable[[Resolver, int, Token], Speaker | None], ...] = (
    document_owner,
    possessive_before_document,
    self_speaking_document,
    court_document_judge,
    earlier_issuer,
    earlier_document_of_any_kind,
    unnamed_document,
)


def _place_owner(c: Token) -> bool:
    """ "Ohio’s" in "Ohio’s governor": a place owning the office, which makes the description definite."""
    return c.dep_ == "poss" and c.ent_type_ == "GPE"


def _modifies_within(x: Token, lo: int, name: range) -> bool:
    """Whether ``x`` modifies the name, directly or through words between them ("billionaire investor NAME")."""
    t = x
    for _ in range(3):
        t = t.head
        if t.i in name:
            return True
        if not lo <= t.i < name.start:
            return False
    return False


def _modifies_a_group(name: Token, head: Token) -> bool:
    """``name_modifying_a_group``: in "senior Reyes administration officials said" the name says whose
    administration, and the officials are not Reyes — the parser may still hang the name on "officials". A name
    before its head with a common noun between them, or before a plural head, only modifies it."""
    if name.i > head.i or name.dep_ != "compound":
        return False
    between = name.doc[name.right_edge.i + 1 : head.i]
    return head.tag_ in {"NNS", "NNPS"} or any(t.pos_ == "NOUN" for t in between)


def _platform_spoken_on(tok: Token) -> bool:
    """``platform_not_speaker``: "Ines Varga said on Twitter", "in a post on Truth Social", "wrote on X": the
    platform (``lexicon.platforms``) a preposition governs is where the words were said, never who said them."""
    if tok.dep_ != "pobj":
        return False
    words = [t.lower_ for t in tok.subtree if t.pos_ == "PROPN" or t.i == tok.i]
    return " ".join(words) in PLATFORM_NAMES or tok.lower_ in PLATFORM_NAMES


def _dateline(tok: Token) -> bool:
    """ "HARBOR CITY —", "PORT ELLIS, Ore. (AP) —": a place heading the story, parsed as a subject."""
    return tok.ent_type_ == "GPE" and (tok.is_upper or tok.left_edge.i == 0)


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
    return strip_det(tok.doc[keep[0].i : keep[-1].i + 1].text)
