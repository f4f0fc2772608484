"""What a reporting verb reports: the span of its reported content, by construction.

Each rule below is one construction of English. ``clauses`` tries them in order (``RULES``) and the first
that applies gives the verb's clauses; a verb that none fits reports nothing here. A rule sees the verb
and the quotation mask of its paragraph (True for tokens inside quotation marks) and returns token spans
``[lo, hi)`` of the same Doc, with the rule's name so tests and logs can say why a span was taken.

The spans keep a partial direct quotation that closes inside them ("said the plan was “dead on
arrival” in the chamber": the whole clause); a clause that opens inside quotation marks is a direct
quotation, not reported speech, and gives nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx

_DIRECTIVES = lx.DIRECTIVE_VERBS | sx.DEMAND_VERBS


@dataclass(frozen=True, slots=True)
class Clause:
    lo: int
    hi: int
    rule: str
    skip: tuple[int, int] | None = None  # tokens inside [lo, hi) that are not reported (an inserted "she said")


Rule = Callable[[Token, list[bool]], list[Clause]]


def is_reporting_verb(tok: Token) -> bool:
    """A verb of saying, ruling, promising or demanding (by lemma)."""
    lemma = tok.lemma_.lower()
    return tok.pos_ in deps.VERB_POS and (
        lemma in lx.SPEECH_VERBS or lemma in sx.RULING_VERBS or lemma in sx.COMMITMENT_VERBS or lemma in sx.DEMAND_VERBS
    )


def _coordinated_act(comp: Token) -> Token | None:
    """A reporting verb joined to the complement's verb without a subject of its own ("ruled that A and
    ordered B"): the speaker's second act, not part of what the first verb reports."""
    return next(
        (
            c
            for c in comp.children
            if c.dep_ == "conj"
            and c.i > comp.i
            and is_reporting_verb(c)
            and not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children)
        ),
        None,
    )


def _list_of_clauses_end(verb: Token, comp: Token) -> int:
    """``list_of_clauses``: "reports that there were 1,074 permits, 930 were signed, 143 were refused, and one she
    left unsigned" — the parser hangs each clause of the comma list on the reporting verb; the report runs to the
    end of the last one (a clause, or a bare item after ", and"). Returns one past it, or 0."""
    doc = verb.doc
    end = 0
    last = comp.right_edge.i
    for c in verb.children:
        if c.i <= comp.i:
            continue
        while last > comp.i and (doc[last].is_punct or doc[last].dep_ == "cc"):
            last -= 1
        gap = [t for t in doc[last + 1 : c.left_edge.i] if not t.is_punct or t.text != ","]
        if not any(t.text == "," for t in doc[last + 1 : c.left_edge.i]) or any(t.dep_ != "cc" for t in gap):
            break  # the list goes on only past a comma (and "and")
        clause = c.dep_ == "ccomp" and not gap and not is_reporting_verb(c)
        item = c.dep_ == "conj" and c.pos_ in {"NUM", "NOUN"} and bool(end) and bool(gap)  # ", and one she …"
        if not (clause or item):
            break
        end = last = c.right_edge.i
    return end + 1 if end else 0


def _modal_second_predicate(verb: Token, comp: Token) -> Token | None:
    """``modal_second_predicate``: "clarified that the service would include ferries, but would only be open to
    residents" — the parser joins the second predicate to the reporting verb, but with no subject of its own and
    a modal ("would", "will", "could") it goes on with the complement's subject: it is reported too."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "conj"
            and c.i > comp.right_edge.i
            and not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children)
            and (first := c.left_edge).tag_ == "MD"
            and first.head.i == c.i
        ),
        None,
    )


def _backshifted_second_clause(verb: Token, comp: Token) -> Token | None:
    """``backshifted_second_clause``: "Mayor Ona Pell said the bridge would reopen in May, but the ferry would keep
    running until June." — the parser joins "but B" to the reporting verb; when B has a subject of its own that is
    not a person ("Councilor Brandt disagreed", "she did not say") and a backshifted modal ("would", "could") of
    reported speech, right after the complement past a comma and "but", B goes on with what was said."""
    doc = verb.doc
    end = comp.right_edge.i
    for c in verb.children:
        if c.dep_ != "conj" or c.i <= end or c.pos_ not in deps.VERB_POS or is_reporting_verb(c):
            continue
        subj = [x for x in c.children if x.dep_ in deps.CLAUSE_SUBJECT_DEPS]
        gap = [t for t in doc[end + 1 : c.left_edge.i] if t.text != ","]
        if (
            len(subj) == 1
            and subj[0].pos_ not in {"PRON", "PROPN"}
            and subj[0].ent_type_ not in {"PERSON", "ORG"}
            and any(x.dep_ == "aux" and x.lower_ in sx.REPORTED_MODALS for x in c.children)
            and [t.lower_ for t in gap] in ([w] for w in sx.CONTRAST_CONJUNCTIONS)
        ):
            return c
        return None
    return None


def _predicate_parsed_as_head(verb: Token, comp: Token) -> Token | None:
    """``predicate_parsed_apart``: "The suit alleges that the governor’s reasons for closing the shelters—that rents
    had fallen—are a “pretext” for a land sale." — the parser may hang the complement's own predicate ("are") on the
    reporting verb, or make it the root with the reporting verb its complement. A predicate right after the
    clause, past a dash or comma only, with no subject of its own, goes on with the complement's subject.

    ``modifier_parsed_as_predicate``: "said the legislators unhappy with the veto stand apart from the rest" — the
    parser may take a modifier ("unhappy") for the complement's predicate and hang the real one, right after it,
    on the reporting verb; the clause runs on through it."""
    doc = verb.doc
    end = comp.right_edge.i
    while end > comp.i and doc[end].is_punct:
        end -= 1
    head = [verb.head] if verb.dep_ == "ccomp" else []
    after = [c for c in verb.children if c.dep_ in {"ccomp", "conj"} and c.i > end]
    for p in (*head, *after):
        if p.i <= end or p.pos_ not in deps.VERB_POS or is_reporting_verb(p):
            continue
        if any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS or c.dep_ == "expl" for c in p.children):
            continue
        start = p.i if p.i == verb.head.i else p.left_edge.i  # spaCy hands out new Token objects: compare indices
        if all(t.is_punct for t in doc[end + 1 : start]) and start > end + 1:
            return p
        if start == end + 1 and comp.pos_ not in deps.VERB_POS:
            return p  # ``modifier_parsed_as_predicate``: "said the legislators unhappy with the veto stand apart"
    return None


def _consequence_after_participle(verb: Token, comp: Token) -> Token | None:
    """``participle_then_consequence``: "Marta Ilves criticized the plan, saying it was too costly, so the council
    should vote it down." — the parser joins "so B" to the main verb, but after a reporting participle ("saying")
    the consequence, a clause with its own subject right after the complement, goes on with what was said."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return None
    doc = verb.doc
    end = comp.right_edge.i
    for c in verb.head.children:
        if c.dep_ != "conj" or c.i <= end or not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children):
            continue
        gap = doc[end + 1 : c.left_edge.i]
        if any(t.lower_ in sx.CONSEQUENCE_CONJUNCTIONS for t in gap) and all(
            t.is_punct and not t.is_quote or t.lower_ in sx.CONSEQUENCE_CONJUNCTIONS for t in gap
        ):
            return c
    return None


def _quote_end(mask: list[bool], i: int) -> int:
    """One past the last token of the quotation holding token ``i``."""
    while i < len(mask) and mask[i]:
        i += 1
    return i


def _complementiser(tok: Token) -> bool:
    """ "that" opening a reported clause. ``complementiser_parsed_as_object``: "said in a speech that the bridge
    would reopen" — the parser may take it for the object of the clause's verb, though it stands before that
    verb's own subject; an object never does."""
    if tok.lower_ != "that":
        return False
    if tok.dep_ == "mark":
        return True
    return tok.dep_ == "dobj" and any(
        c.dep_ in deps.CLAUSE_SUBJECT_DEPS and c.i > tok.i for c in tok.head.children if c.i < tok.head.i
    )


def _trim(verb: Token, lo: int, hi: int, mask: list[bool], rule: str) -> Clause | None:
    """The span with punctuation, "that" and a trailing conjunction trimmed, and quotations settled.

    ``partial_quote_in_reported_clause``: a quotation that opens inside the clause stays in it when it
    closes inside the clause or by the end of the sentence ("said the court had “rogue judges.”"); one
    that runs on past the sentence cuts the clause where it opens.

    ``quoted_predicate_past_sentence``: but when the clause's predicate is inside that quotation ("said his city
    “will not be intimidated by the threat. We have each other's backs.”") the clause runs through the quoted
    words to the end of its sentence, not cut down to its subject and dropped.

    ``quoted_predicate_before_attribution``: "Mayor Ada Moss, a former teacher, “has been working on the budget
    all week,” spokesman Leo Hart said" — a quotation that closes just past the fronted clause, with only its
    comma and closing mark there, before the verb, is the clause's quoted predicate: the clause keeps it."""
    doc = verb.doc
    while lo < hi and (
        doc[lo].is_punct and not doc[lo].is_quote or _complementiser(doc[lo]) and lo < hi - 1
    ):
        lo += 1
    while lo < hi and doc[lo].is_quote and not mask[lo]:
        if lo + 1 < len(mask) and mask[lo + 1]:
            break  # an opening mark: the quotation it opens decides below
        lo += 1
    first = lo + 1 if lo < hi and doc[lo].is_quote and not mask[lo] else lo
    if first < len(mask) and mask[first]:
        return None  # the clause is a direct quotation
    sent_end = doc[lo].sent.end if lo < len(doc) else hi
    i = lo
    while i < hi:
        if mask[i]:
            end = _quote_end(mask, i)
            if end > hi:
                if end > sent_end and i < sent_end and not any(t.pos_ in deps.VERB_POS for t in doc[lo:i]):
                    hi = sent_end  # ``quoted_predicate_past_sentence``: the clause's predicate is quoted
                    break
                if all(doc[k].is_punct for k in range(hi, end)) and end <= verb.i:
                    hi = end  # ``quoted_predicate_before_attribution``: only its closing marks lie past the clause
                    break
                if end > sent_end or any(not doc[k].is_punct for k in range(end, sent_end)):
                    hi = i
                    break
                hi = end  # the quotation closes with the sentence: keep it whole
            i = end
        i += 1
    while hi > lo and (doc[hi - 1].is_punct and not doc[hi - 1].is_quote or doc[hi - 1].dep_ in deps.CONNECTIVE_DEPS):
        hi -= 1
    while hi > lo and doc[hi - 1].is_quote and not mask[hi - 2 if hi >= 2 else 0]:
        hi -= 1  # an opening mark left at the end
    return Clause(lo, hi, rule) if hi > lo else None


def _split_second_clause(verb: Token, clause: Clause, mask: list[bool]) -> list[Clause]:
    """``second_coordinated_clause``: "said A and that B" reports two things. The second conjunct of the
    complement, when it opens with its own "that", is a clause of its own.

    Example: "Lena Tarrow said the fares would rise and that the buses would run later." → "the fares would
    rise", "the buses would run later"."""
    comp = [c for c in verb.children if c.dep_ == "ccomp" and clause.lo <= c.i < clause.hi]
    if not comp:
        return [clause]
    second = [
        c
        for c in comp[0].children
        if c.dep_ == "conj" and c.i > comp[0].i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    hi = clause.hi
    if second:
        cut = second[0].left_edge.i
    else:
        found = _and_that(verb, clause, mask)
        if found is None:
            return [clause]
        cut, hi = found
    out = [x for x in (_trim(verb, clause.lo, cut, mask, clause.rule), _trim(verb, cut, hi, mask, clause.rule)) if x]
    return [Clause(x.lo, x.hi, "second_coordinated_clause") if k else x for k, x in enumerate(out)] or [clause]


def _and_that(verb: Token, clause: Clause, mask: list[bool]) -> tuple[int, int] | None:
    """Where "… and that B" opens inside a reported clause the parser did not split (it may hang B anywhere):
    the "that", and the end of B's own clause (past a quotation the first clause was cut at)."""
    doc = verb.doc
    for k in range(clause.lo + 2, min(clause.hi + 2, verb.sent.end - 1)):
        if (
            doc[k].lower_ == "that"
            and doc[k].dep_ == "mark"
            and doc[k - 1].lower_ in {"and", "but"}
            and not mask[k]
            and doc[k].head.i > k
        ):
            return k, min(max(clause.hi, doc[k].head.right_edge.i + 1), verb.sent.end)
    return None


def _second_clause_after(verb: Token, mask: list[bool]) -> list[Clause]:
    """``second_coordinated_clause`` after a mid-sentence attribution: in "A, she said, and B" (or "but B")
    B goes on reporting her when it is a clause with its own subject joined right after the attribution,
    to the verb or to A."""
    doc = verb.doc
    sent = verb.sent
    own = {t.i for c in verb.children if c.i > verb.i and c.dep_ not in {"conj", "cc"} for t in c.subtree}
    after = verb.i + 1
    while after < sent.end and after in own:
        after += 1
    while after < sent.end and doc[after].text == ",":
        after += 1
    if after >= sent.end or doc[after].dep_ != "cc":
        return []
    second = [
        c
        for c in (*verb.children, *verb.head.children)
        if c.dep_ == "conj"
        and c.i > after
        and c.left_edge.i > after
        and any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children)
    ]
    if not second:
        return []
    x = _trim(verb, after + 1, second[0].right_edge.i + 1, mask, "second_coordinated_clause")
    return [x] if x is not None else []


def in_reported_clause(doc_start: Token, end: int, mask: list[bool]) -> Token | None:
    """``partial_quote_in_reported_clause``: the reporting verb whose reported clause holds the quoted words
    starting at ``doc_start`` (up to token ``end``): a verb outside the marks above them, reached through a
    complement. "Senator Orla Finch said the plan was “dead on arrival” in the chamber" → "said"."""
    doc = doc_start.doc
    for t in doc[doc_start.i : end]:
        child = t
        for depth, a in enumerate(t.ancestors):
            if depth > 8:
                break
            if child.dep_ in deps.COMPLEMENT_DEPS and not mask[a.i] and is_reporting_verb(a):
                return a
            child = a
    return None


def _finding_body(verb: Token) -> bool:
    """The subject of "found"/"determined" is a court, a judge, a panel or a report (the antecedent of
    "who"/"which" in a relative clause)."""
    subj = next((c for c in verb.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)
    if subj is None:
        return False
    if subj.lower_ in sx.RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subj = verb.head
    return any(t.lemma_.lower() in sx.FINDING_BODIES for t in subj.subtree if t.i <= subj.i)


def _has_that(comp: Token) -> bool:
    return any(x.dep_ == "mark" and x.lower_ == "that" for x in comp.children)


def _inside_outlet_attribution(verb: Token, comp: Token) -> Token:
    """``outlet_attribution_after_clause``: "Mayor Tilda Brenn said the shelter will close in March, The Hill
    reports." — the parser may make the outlet's "reports" the complement of "said" and the clause its fronted
    complement; what the mayor said is that clause, and the outlet only carries it."""
    if not is_reporting_verb(comp) or not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in comp.children):
        return comp
    inner = [x for x in comp.children if x.dep_ == "ccomp" and verb.i < x.i < comp.i]
    return inner[0] if inner else comp


def _relative_clause_as_complement(verb: Token, comp: Token) -> bool:
    """``relative_clause_parsed_as_complement``: "“It is the busiest road in the county,” Ada Moss said of the
    highway near Linton that has become a route for heavy trucks" — the parser hung the relative clause of the
    noun before it on "said"; its subject is the relative pronoun right after that noun, so it tells what the
    highway is, not what was said."""
    subj = next((x for x in comp.children if x.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)
    if subj is None or subj.tag_ not in {"WDT", "WP"} or subj.i <= verb.i + 1:
        return False
    before = verb.doc[subj.i - 1]
    return before.pos_ in {"NOUN", "PROPN"} and before.head.i != comp.i


def _verbless_small_clause(comp: Token) -> bool:
    """``verbless_small_clause``: "The council voted to declare the town a disaster area" — the parser makes "the
    town a disaster area" a clause headed by the noun; with no verb, no copula and no "that" it names the status the
    act gives, not words reported."""
    if comp.pos_ not in {"NOUN", "PROPN"}:  # not "said the members unhappy with it stand apart"
        return False
    kids = list(comp.children)
    return any(c.dep_ in deps.SUBJECT_DEPS for c in kids) and not any(
        c.dep_ in {"aux", "auxpass", "cop", "mark"} or c.pos_ in deps.VERB_POS for c in comp.subtree
    )


def that_clause_after_verb(verb: Token, mask: list[bool]) -> list[Clause]:
    """``that_clause_after_verb``: the clausal complement after a reporting verb, with or without "that";
    also a complement the parser hung on "in a statement" or "in an interview" after the verb.

    ``occasion_preposition``: only "in", "at", "during" or "through" bring the occasion or document ("said in a
    statement that …"); in "responding to an order that critics argued was …" the clause is the order's own.

    ``reported_in_relative_clause``: in "the software, which Director Kalla Venn said had crashed twice"
    the complement of "said" starts at the relative pronoun, before the verb; what was said is only the
    part after the verb ("had crashed twice").

    ``ruling_that_clause``: the same for "ruled", "found", "concluded" ("Judge Nora Platt ruled that the
    policy violated the statute"); for these verbs only with "that", since "ordered him removed" and
    "officers determined he was present" tell an outcome, not what the ruling says."""
    comp = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if not comp:
        comp = [
            cl
            for prep in verb.children
            if prep.dep_ == "prep" and prep.i > verb.i and prep.lower_ in sx.OCCASION_PREPS
            for obj in prep.children
            if obj.dep_ == "pobj" and obj.lemma_.lower() in sx.STATING_DOCUMENTS | sx.SPEAKING_OCCASIONS
            for cl in obj.children
            if cl.dep_ in {"acl", "ccomp", "relcl"}
            and cl.i > obj.i
            and any(x.dep_ == "mark" and x.lower_ == "that" for x in cl.children)
        ]
    if not comp:
        return []
    c = _inside_outlet_attribution(verb, comp[0])
    if _relative_clause_as_complement(verb, c) or _verbless_small_clause(c):
        return []
    if verb.lemma_.lower() in sx.RULING_VERBS - lx.SPEECH_VERBS and not _has_that(c):
        return []  # "ordered him removed", "determined he was present": a procedure's outcome, not its words
    if verb.lemma_.lower() in sx.FINDING_VERBS and not _finding_body(verb):
        return []
    lo = max(c.left_edge.i, verb.i + 1)
    subj = [x for x in verb.children if x.dep_ in deps.CLAUSE_SUBJECT_DEPS]
    if any(x.i < verb.i for x in subj) and (late := [x for x in subj if verb.i < x.i < c.i]):
        lo = min(lo, late[0].left_edge.i)  # ``second_subject_parsed_after_verb``: the clause's subject, hung on "said"
    rule = "reported_in_relative_clause" if c.left_edge.i < verb.i else "that_clause_after_verb"
    if verb.lemma_.lower() in sx.RULING_VERBS:
        rule = "ruling_that_clause"
    act = _coordinated_act(c)
    hi = act.left_edge.i if act is not None else max(c.right_edge.i + 1, _list_of_clauses_end(verb, c))
    more = (
        _modal_second_predicate(verb, c)
        or _predicate_parsed_as_head(verb, c)
        or _consequence_after_participle(verb, c)
        or _backshifted_second_clause(verb, c)
    )
    if act is None and more is not None:
        hi = more.right_edge.i + 1
    if act is not None:
        while hi > lo and (verb.doc[hi - 1].dep_ == "cc" or verb.doc[hi - 1].is_punct):
            hi -= 1
    clause = _trim(verb, lo, hi, mask, rule)
    if clause is None:
        return []
    return [_with_fronted_clause(verb, x, mask) for x in _split_second_clause(verb, clause, mask)]


def _with_fronted_clause(verb: Token, clause: Clause, mask: list[bool]) -> Clause:
    """``fronted_clause_with_attribution``: "If the bills come back, Lena Hart said, the governor may sign them." — an
    adverbial clause opening the sentence before "X said," belongs to what was said, as it does when the parser
    makes the attribution an aside (``parenthetical_attribution``): the whole sentence, less the attribution."""
    doc = verb.doc
    sent = verb.sent
    front = [c for c in verb.children if c.dep_ == "advcl" and c.left_edge.i == sent.start and c.i < verb.i]
    if not front or clause.lo != verb.i + 2 or doc[verb.i + 1].text != "," or mask[sent.start]:
        return clause
    comma = front[0].right_edge.i + 1
    if comma >= verb.i or doc[comma].text != ",":
        return clause
    if any(t.dep_ not in deps.CLAUSE_SUBJECT_DEPS | deps.NP_INSIDE_DEPS for t in doc[comma + 1 : verb.i]):
        return clause  # only the speaker stands between the fronted clause and the verb
    whole = _trim(verb, sent.start, clause.hi, mask, "fronted_clause_with_attribution")
    if whole is None or whole.lo != sent.start:
        return clause
    return Clause(whole.lo, whole.hi, whole.rule, skip=(comma, verb.i + 2))


_ASIDE_OPEN = frozenset(["-", "–", "—", "("])
_ASIDE_CLOSE = frozenset(["-", "–", "—", ")"])


def that_clause_on_object(verb: Token, mask: list[bool]) -> list[Clause]:
    """``that_clause_on_object``: "The Harbor Agency advised residents that roads would become impassable." — the
    parser may hang the "that" clause on the verb's object as if it described the residents ("residents that roads
    would …"); a clause opened by the conjunction "that" with a subject of its own describes nobody, it is what the
    verb told its object. Only an ``acl`` (a relative clause, "residents that the mayor met", is ``relcl`` and
    its "that" a pronoun).

    Example: "The Harbor Agency advised residents that roads would become impassable." → "roads would become
    impassable"."""
    if verb.lemma_.lower() not in sx.OBJECT_THAT_VERBS or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    objs = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.i > verb.i]
    for obj in objs + [x for o in objs for x in o.conjuncts if x.i > o.i]:
        for cl in obj.children:
            if cl.dep_ != "acl" or cl.i < obj.i:
                continue
            that = next((x for x in cl.children if x.dep_ == "mark" and x.lower_ == "that"), None)
            own_subject = any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS and that and x.i > that.i for x in cl.children)
            if that is None or not own_subject or mask[that.i]:
                continue
            clause = _trim(verb, that.i, cl.right_edge.i + 1, mask, "that_clause_on_object")
            return [clause] if clause else []
    return []


def that_clause_after_aside(verb: Token, mask: list[bool]) -> list[Clause]:
    """``that_clause_after_aside``: "told the Ledger on background - a method often used by officials - that the
    city closed the bridge" — an aside between dashes (or brackets) after the verb; the parser hangs the
    "that" clause after it on the aside, but it is still what the verb reports.

    Example: "An aide told the Daily Ledger on background - a method officials use - that the city closed the
    bridge." → "the city closed the bridge"."""
    if verb.lemma_.lower() not in lx.SPEECH_VERBS or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    doc = verb.doc
    end = verb.sent.end
    opened = next((i for i in range(verb.i + 1, min(verb.i + 8, end)) if doc[i].text in _ASIDE_OPEN), None)
    if opened is None:
        return []
    for k in range(opened + 2, end - 2):
        if doc[k].text in _ASIDE_CLOSE:
            that = doc[k + 1]
            if that.lower_ != "that" or that.dep_ != "mark" or that.head.i <= k + 1 or mask[that.i]:
                return []
            clause = _trim(verb, k + 2, that.head.right_edge.i + 1, mask, "that_clause_after_aside")
            return [clause] if clause else []
    return []


def subject_parsed_as_object(verb: Token, mask: list[bool]) -> list[Clause]:
    """``subject_parsed_as_object``: "a lawsuit that argues the abrupt closure in January was unlawful" — the parser
    may take the complement's subject for the verb's object and hang its predicate ("was unlawful") elsewhere; the
    predicate right after the verb's words, with no subject of its own, makes the object a clause's subject.

    Example: "The suit argues the abrupt closure in January was unlawful." → "the abrupt closure in January was
    unlawful"."""
    if verb.lemma_.lower() not in sx.CLAUSE_TAKING_VERBS or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    doc = verb.doc
    nxt = verb.right_edge.i + 1
    if obj is None or obj.pos_ == "PRON" or nxt >= verb.sent.end:
        return []
    pred = doc[nxt]
    if pred.pos_ not in deps.VERB_POS or pred.head.i in range(verb.left_edge.i, nxt) or mask[pred.i]:
        return []
    if any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS | {"expl"} and c.i > verb.left_edge.i for c in pred.children):
        return []  # its own subject; one before the verb's words the parser took from elsewhere ("heard arguments")
    clause = _trim(verb, obj.left_edge.i, pred.right_edge.i + 1, mask, "subject_parsed_as_object")
    return [clause] if clause else []


def clause_before_verb(verb: Token, mask: list[bool]) -> list[Clause]:
    """``clause_before_verb``: "CLAUSE, X said." / "CLAUSE, said X." — a fronted complement, taken only
    when nothing but the subject and punctuation stands between it and the verb and it opens the sentence.

    Example: "The ferry will run again in May, Mira Holt said." → "The ferry will run again in May". When the
    fronted clause is itself someone's report ("Mayor Karen Holt said the shelters were full, the Associated
    Press reported") the outlet only carries it: the inner verb reports, with its own speaker; ``thing_not_reporter``:
    not when the inner verb's subject is a thing ("That describes the bills he vetoed, Lena Hart added.")."""
    doc = verb.doc
    comp = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    if not comp:
        return []
    c = comp[0]
    if (
        is_reporting_verb(c)
        and any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS and x.lower_ not in sx.THING_PRONOUNS for x in c.children)
        and not any(x.dep_ == "neg" for x in c.children)
        and not _passive(c)
    ):
        return []  # ``outlet_reporting_named_speech``: "X said …, the AP reported" quotes X, not the AP
    lo, hi = c.left_edge.i, c.right_edge.i + 1
    subj = {t.i for s in verb.children if s.dep_ in deps.CLAUSE_SUBJECT_DEPS for t in s.subtree}
    if (
        verb.i < hi
        or any(not doc[i].is_punct and i not in subj for i in range(hi, verb.i))
        or any(not doc[i].is_punct for i in range(verb.sent.start, lo))
    ):
        return []
    clause = _trim(verb, lo, hi, mask, "clause_before_verb")
    return [clause, *_second_clause_after(verb, mask)] if clause else []


def _passive(verb: Token) -> bool:
    """``passive_is_no_report``: "Two hikers were found alive near the ridge, rangers said." — "were found" is what
    happened to the hikers, not someone's finding; a passive verb reports nobody's words."""
    return any(c.dep_ in deps.PASSIVE_DEPS for c in verb.children)


def parenthetical_attribution(verb: Token, mask: list[bool]) -> list[Clause]:
    """``parenthetical_attribution``: "A, she said, and B" — the verb set off by commas inside the
    sentence it reports (the parser makes it a parataxis of A's verb). A is the words before the first
    comma; ``second_coordinated_clause``: B, a second clause joined by "and"/"but" after the second comma
    with its own subject, is reported too.

    Example: "Ferry traffic fell sharply in March, she said, and the port lost two of its routes." →
    "Ferry traffic fell sharply in March", "the port lost two of its routes". Inserted inside one clause
    ("After the storm destroyed the pier, she said, the ferry stopped running") the whole sentence is
    reported, less the inserted attribution."""
    doc = verb.doc
    if verb.dep_ not in {"parataxis", "ccomp"} or verb.head.i == verb.i:
        return []
    left = verb.left_edge.i
    front = [c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i and c.left_edge.i == verb.sent.start]
    if front and verb.head.i > verb.i:  # ``fronted_clause_with_attribution``: "If A, she said, B" hangs A on "said"
        left = front[0].right_edge.i + 1
    if left == 0 or doc[left].text != "," and doc[left - 1].text != ",":
        return []
    if not any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS for c in verb.children) or any(
        c.dep_ in {"ccomp", "dobj", "xcomp"} for c in verb.children
    ):
        return []
    comma = left if doc[left].text == "," else left - 1
    sent = verb.sent
    if verb.head.i > verb.i:  # "After the storm hit, she said, the ferry stopped": the clause around the verb
        right = verb.right_edge.i + 1
        if comma <= sent.start or right >= sent.end or doc[right - 1].text != ",":
            return []
        whole = _trim(verb, sent.start, sent.end, mask, "parenthetical_attribution")
        if whole is None or not whole.lo < comma < right < whole.hi:
            return []
        return [Clause(whole.lo, whole.hi, whole.rule, skip=(comma, right))]
    out = []
    first = _trim(verb, sent.start, comma, mask, "parenthetical_attribution")
    if first is not None:
        out.append(first)
    out.extend(_second_clause_after(verb, mask))
    return out


def directive_object_infinitive(verb: Token, mask: list[bool]) -> list[Clause]:
    """``directive_object_infinitive``: "warned leaders to cooperate", "ordered the agency to release
    them", "called on landlords to freeze rents" — the addressee and what they were told to do.

    Example: "Judge Nora Platt ordered the agency to release them." → "the agency to release them"."""
    if verb.lemma_.lower() not in _DIRECTIVES:
        return []
    obj = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.i > verb.i]
    if not obj:  # "called on landlords to …"
        obj = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "on" and p.i > verb.i]
    xcomp = [
        c
        for c in verb.children
        if c.dep_ == "xcomp" and c.i > verb.i and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
    ]
    if not obj or not xcomp:  # "ordered him removed": an outcome, not an instruction in words
        return []
    lo = obj[0].left_edge.i if obj[0].dep_ != "prep" else obj[0].i + 1
    clause = _trim(verb, lo, xcomp[0].right_edge.i + 1, mask, "directive_object_infinitive")
    return [clause] if clause else []


def directive_object_against_gerund(verb: Token, mask: list[bool]) -> list[Clause]:
    """``directive_object_against_gerund``: "warned riders against trusting touts", "cautioned tenants from signing
    the lease" — the addressee and what they were told not to do.

    Example: "Mayor Ada Krell warned any riders against trusting touts." → "any riders against trusting touts"."""
    if verb.lemma_.lower() not in _DIRECTIVES | sx.WARNING_VERBS:
        return []
    obj = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    prep = [
        p
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in sx.DISSUADING_PREPOSITIONS and obj and p.i > obj[0].i
        if any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in p.children)
    ]
    if not obj or not prep:
        return []
    clause = _trim(verb, obj[0].left_edge.i, prep[0].right_edge.i + 1, mask, "directive_object_against_gerund")
    return [clause] if clause else []


def commitment_verb_infinitive(verb: Token, mask: list[bool]) -> list[Clause]:
    """``commitment_verb_infinitive``: "vowed to close the camps", "pledged to hire 40 nurses" — the
    undertaking, from "to" on. Only verbs of promise (``RULING``-free list ``COMMITMENT_VERBS``); "wants
    to", "plans to" are wishes and plans, not speech.

    Example: "Governor Ilse Marant vowed to close the last two camps by spring." → "to close the last two
    camps by spring"."""
    if verb.lemma_.lower() not in sx.COMMITMENT_VERBS:
        return []
    if any(c.dep_ in {"dobj", "dative"} for c in verb.children):
        return []
    xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in deps.VERB_POS]
    if not xcomp:
        return []
    clause = _trim(verb, xcomp[0].left_edge.i, xcomp[0].right_edge.i + 1, mask, "commitment_verb_infinitive")
    return [clause] if clause else []


def call_for_object(verb: Token, mask: list[bool]) -> list[Clause]:
    """``call_for_object``: "called for a full inquiry into the fire" — what was demanded, a noun phrase.

    Example: "Ava Lund called for a full inquiry into the fire." → "a full inquiry into the fire"."""
    if verb.lemma_.lower() != "call":
        return []
    prep = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "for" and p.i == verb.i + 1]
    if not prep:
        return []
    pobj = [c for c in prep[0].children if c.dep_ == "pobj"]
    if not pobj:
        return []
    clause = _trim(verb, pobj[0].left_edge.i, pobj[0].right_edge.i + 1, mask, "call_for_object")
    return [clause] if clause else []


def pseudo_cleft_what_said(verb: Token, mask: list[bool]) -> list[Clause]:
    """``pseudo_cleft_what_said``: "What Mayor Karen Holt said was that the pier would reopen" — the
    speech verb's object is "what", and what was said is the complement of the "was" it is subject of.

    Example: "What Mayor Karen Holt said was that the pier would reopen in May." → "the pier would reopen
    in May"."""
    be = verb.head
    if verb.dep_ != "csubj" or be.lemma_ != "be" or not any(c.lower_ == "what" and c.i < verb.i for c in verb.children):
        return []
    comp = [c for c in be.children if c.dep_ in {"ccomp", "attr", "acomp", "xcomp"} and c.i > be.i]
    if not comp:
        return []
    clause = _trim(verb, comp[0].left_edge.i, comp[0].right_edge.i + 1, mask, "pseudo_cleft_what_said")
    return [clause] if clause else []


RULES: list[Rule] = [
    that_clause_after_verb,
    that_clause_after_aside,
    that_clause_on_object,
    subject_parsed_as_object,
    clause_before_verb,
    parenthetical_attribution,
    directive_object_infinitive,
    directive_object_against_gerund,
    commitment_verb_infinitive,
    call_for_object,
    pseudo_cleft_what_said,
]


def clauses(verb: Token, mask: list[bool]) -> list[Clause]:
    """The reported content of ``verb``: the clauses of the first rule in ``RULES`` that applies."""
    for rule in RULES:
        found = rule(verb, mask)
        if found:
            return found
    return []
