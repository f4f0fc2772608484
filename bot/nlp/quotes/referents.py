"""Who a subject token stands for among the article's people (``Referents``): a name, or the name a title
heads ("Mayor Daniel Reyes"); "he said" going on with the person last named as a speaker; and a description
("the candidate", "the billionaire", "a federal judge") that stands for one named person.
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.people import Mention, PeopleIndex, Person
from bot.nlp.quotes.cues import is_cue, may_report
from bot.nlp.quotes.subjects import is_age_description, verb_subject

_TITLE_LINKS = frozenset(["of", "the", "for", "and"])  # words inside an office's name: "Secretary of the Navy"


class Referents:
    """The person a subject token, a pronoun or a description refers to, through the people index."""

    def __init__(self, adoc: ArticleDoc, people: PeopleIndex) -> None:
        self.adoc = adoc
        self.people = people

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

    def _named_in_quotation_just_before(self, par: int, tok: Token, found: Person) -> bool:
        """``name_in_quotation_not_antecedent``: "Peter Hall wrote, “Brandt has asked for a second vote,” he said" — a
        person named inside the quotation that ends right before the pronoun is who the speaker talks about, not
        who "he" is."""
        doc, mask = self.adoc.paragraphs[par], self.people.masks[par]
        k = tok.i - 1
        while k >= 0 and not mask[k] and doc[k].is_punct:
            k -= 1
        if k < 0 or not mask[k]:
            return False
        names = {w.lower() for w in found.name.split()}
        while k >= 0 and mask[k]:
            if doc[k].lower_ in names and doc[k].pos_ == "PROPN":
                return True
            k -= 1
        return False

    def continuing_speaker(self, par: int, tok: Token, found: Person | None) -> Person | None:
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
        if found is not None and found is not speaker and self._named_in_quotation_just_before(par, tok, found):
            return speaker
        if found is None or found is speaker or any(who is found for _, _, who in earlier):
            return found or speaker
        if earlier[-1][0] < par - 2:
            return found
        last = self.people.before(par, tok.i, max_pars=2)
        latest = next((m for m in last if m.person is found), None)
        if latest is not None and (
            latest.subject and not any(self._in_speech_of((p, i), latest) for p, i, who in earlier if who is speaker)
            or latest.par == par and latest.start >= tok.sent.start
        ):
            return found  # introduced as a subject, or named in this very sentence: the pronoun is theirs
        return speaker

    def _in_speech_of(self, cue: tuple[int, int], m: Mention) -> bool:
        """``subject_of_reported_clause``: a person who is the subject inside what a speaker said ("Senator Ivo Brandt
        said it was a pity that Lund “cut the ferry budget.” ¶ “We will fight it,” he said." → Brandt) was
        talked about, not introduced as the next speaker: the name hangs under the speaker's own verb."""
        par, i = cue
        if m.par != par:
            return False
        verb = self.adoc.paragraphs[par][i]
        return any(a.i == verb.i for a in self.adoc.paragraphs[par][m.end - 1].ancestors)

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

    def _appositive_name(self, par: int, tok: Token) -> Mention | None:
        """``description_then_name``: "Democratic mayoral candidate and Lund challenger Sean O’Malley said" — a
        description the name stands in apposition to (the tagger may take the surname for a common noun), or that
        the parser coordinated with the name ("candidate and … challenger NAME"), is that person."""
        described = [tok, *(c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN")]
        for c in (c for d in described for c in d.children):
            if c.dep_ in {"appos", "conj"} and c.ent_type_ == "PERSON" and (m := self.people.at(par, c.i)) is not None:
                return m
        return None

    def description_of(self, par: int, tok: Token) -> Person | None:
        """The named person a definite description stands for, by the rules below in turn."""
        introduced = self._introduced_as(par, tok)  # two people introduced so: no guess by the last subject either
        described = self._described(par, tok) or (introduced[0] if len(introduced) == 1 else None)
        if described is None and not introduced:
            described = self._last_subject_described(par, tok)
        if described is None and is_age_description(tok):
            described = self._only_recent_subject(par, tok)
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
        if not recent or self._subject_before(recent[0], tok):
            return None  # only the sentence before: a name missed there stops it
        return recent[0].person

    def _subject_before(self, m: Mention, tok: Token) -> bool:
        """``description_of_unnamed_person``: "The mayor opened the hearing. ¶ Finance chief Ada Moss said the gap had
        grown. ¶ The mayor said …" — a description that was a subject of its own before that person was named stands
        for someone the article leaves unnamed, not for the last name."""
        low = tok.lower_
        for p in range(m.par + 1):
            doc = self.adoc.paragraphs[p]
            end = m.start if p == m.par else len(doc)
            if any(t.lower_ == low and t.dep_ in deps.SUBJECT_DEPS for t in doc[:end]):
                return True
        return False

    def _only_recent_subject(self, par: int, tok: Token) -> Person | None:
        """``epithet_of_only_recent_subject``: "Oskar Delmont toured the plant. “…,” the mogul said." — an epithet
        is the one person named as a subject in this paragraph before it or the paragraph before; with two such
        people ("Oskar Delmont toured it. Mayor Rita Fenn stayed away.") it stays unresolved."""
        subjects = {m.person.name: m.person for m in self.people.before(par, tok.i, max_pars=1) if m.subject}
        return next(iter(subjects.values())) if len(subjects) == 1 else None

    def only_holder(self, tok: Token) -> Person | None:
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
