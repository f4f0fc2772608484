"""Speaker resolution: who speaks through a cue verb or a token (``Resolver``), through the people index
(``referents``), the article's organisations (``organisations.Organisations``) and, for a document that speaks,
the ordered ``documents.AUTHOR_RULES``.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.lexicon.platforms import PLATFORM_NAMES
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.cues import is_cue
from bot.nlp.quotes.documents import document_author
from bot.nlp.quotes.organisations import Organisations, with_owner
from bot.nlp.quotes.referents import Referents
from bot.nlp.quotes.speaker import DOCUMENTS, Speaker, noun_phrase_text, strip_det
from bot.nlp.quotes.subjects import antecedent, could_speak, own_subjects, verb_subject


class Resolver:
    """Speaker of a cue verb, through the people index and the article's organisations."""

    def __init__(self, adoc: ArticleDoc, people: PeopleIndex) -> None:
        self.adoc = adoc
        self.people = people
        self.organisations = Organisations(adoc, people)
        self.referents = Referents(adoc, people)

    def of_verb(self, par: int, verb: Token) -> Speaker | None:
        return self.organisations.expanded(self._of_verb(par, verb))

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
        subjects = [antecedent(verb, c) for c in own_subjects(verb)] or [subj]
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

    def person(self, par: int, tok: Token) -> str | None:
        """The person a subject token names: itself, or the name its title heads (``Referents.person``)."""
        return self.referents.person(par, tok)

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

    def _of_pronoun(self, par: int, tok: Token) -> Speaker | None:
        low = tok.lower_
        if low in lx.MALE_PRONOUNS or low in lx.FEMALE_PRONOUNS:
            pr = self.referents.continuing_speaker(par, tok, self.people.resolve_pronoun(par, tok))
            return Speaker(pr.name) if pr else None
        if low == "it":
            return self._earlier_org_speaker(par, tok.i) or self.organisations.recent_org(par, tok.i, None)
        if low == "they":
            group = self._earlier_group(par, tok)
            return self._of_token(group[0], group[1]) if group else None
        return None

    def _earlier_group(self, par: int, tok: Token) -> tuple[int, Token] | None:
        """``they_continues_group``: "Firefighters reached the mill at dawn. They said the roof had fallen in." —
        "they" stands for the last plural subject of a main clause before it, in its paragraph or the one before,
        when that subject is people or a body who could speak (not "the barns", not words inside quotation marks).
        """
        for p in range(par, max(-1, par - 2), -1):
            doc = self.adoc.paragraphs[p]
            mask = self.people.masks[p]
            for t in reversed(doc[: tok.i] if p == par else doc):
                if t.dep_ not in deps.CLAUSE_SUBJECT_DEPS or t.head.i != t.sent.root.i or mask[t.i] or t.pos_ == "PRON":
                    continue  # only a main clause's subject: not "the mill" in "Officials say the mill was empty"
                if t.tag_ in {"NNS", "NNPS"} and could_speak(t):
                    return p, t
                if p == par and t.sent.start == tok.sent.start:
                    continue  # a singular subject of the same sentence ("the pier") does not hide the group
                return None  # the last subject before is no group: "they" is someone else
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
            return self._of_pronoun(par, tok)
        if lx.is_title_word(tok.text) and any(
            c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS or c.dep_ == "poss" for c in tok.children
        ):
            pr = self.people.resolve_role(par, tok)
            if pr is not None:
                return Speaker(pr.name)
        if (one := self.referents.only_holder(tok)) is not None:
            return Speaker(one.name)
        if low in DOCUMENTS or tok.lemma_.lower() in DOCUMENTS:
            return document_author(self, par, tok)
        if tok.ent_type_ in {"ORG", "GPE", "NORP"}:
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return Speaker(strip_det(with_owner(ent).text), is_org=True)
        if (described := self.referents.description_of(par, tok)) is not None:
            return Speaker(described.name)
        if tok.pos_ in deps.NOUN_POS:
            return self._of_common_noun(par, tok)
        return None

    def _of_common_noun(self, par: int, tok: Token) -> Speaker:
        """ "the department" → the organisation named earlier whose name fits; "the newspaper" → the outlet named
        earlier (``outlet_noun_speaker``); otherwise the noun phrase itself ("city officials")."""
        lemma = tok.lemma_.lower()
        the = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        if the and lemma in lx.OUTLET_NOUNS and (outlet := self.organisations.recent_outlet(par, tok.i)):
            return outlet
        if the and lemma in lx.ORG_NOUNS and not any(c.dep_ in {"compound", "amod", "prep"} for c in tok.children):
            org = self.organisations.recent_org(par, tok.i, lemma)
            if org is not None:
                return org
        return Speaker(noun_phrase_text(tok), is_org=True)


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

