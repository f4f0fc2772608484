"""What a clause says of the counted thing: its subject (through infinitives, conjoined verbs and relative
clauses), its predicate without the subject ("moved to temporary shelters"), the verb as a reduced relative when
it is the object ("buses chartered to Bayhaven"), and the setting of a change ("last month", "in March").
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.nlp.counted_noun.topic import is_people_noun
from bot.nlp.counted_noun.words import compact_modifier, has_figure, is_aside, join_parts, join_tokens, noun_tokens
from bot.nlp.lexicon.deps import SUBJECT_DEPS, VP_RIGHT
from bot.nlp.lexicon.quantities import (
    AGENT_NOUNS,
    CAUSE_LEVEL,
    CHANGE_WORDS,
    DESCRIPTIVE_MEASURES,
    DOUBLING,
    GIVE_VERBS,
    HAVE_VERBS,
    IRREGULAR_PARTICIPLES,
    MEASURE_NOUNS,
    OBJECT_CHANGE,
    PART_VERBS,
    SETTING_ADVERBS,
)


def is_verb(t: Token) -> bool:
    """A verb, or a word the tagger took for a noun that heads a clause ("will have cost")."""
    return t.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in t.children)


def changed_thing(verb: Token, skip: set[int]) -> Token | None:
    """What a change happened to: the object of a transitive verb ("cut the budget by 5%", "swept the
    average below the 2,500 mark"), else the subject ("crossings fell 12%"); never the figure's own
    measure ("shed [725 points]")."""
    if verb.lemma_.lower() in OBJECT_CHANGE | CAUSE_LEVEL:
        obj = next(
            (
                c
                for c in verb.children
                if c.dep_ == "dobj"
                and c.pos_ in {"NOUN", "PROPN"}
                and c.i not in skip
                and c.lemma_.lower() not in MEASURE_NOUNS - DESCRIPTIVE_MEASURES
                and c.lemma_.lower() not in CHANGE_WORDS
                and not has_figure(c.subtree)
            ),
            None,
        )
        if obj is not None:
            return obj
    return subject_of(verb)


def setting_of(verb: Token, skip: set[int]) -> list[Token]:
    """When (and where) a change happened: the verb's date and place modifiers ("last month", "in March")."""
    out: list[Token] = []
    for c in verb.children:
        if c.i in skip or is_aside(c):
            continue
        sub = list(c.subtree)
        if (
            c.dep_ == "npadvmod"
            and c.ent_type_ == "DATE"
            or c.dep_ == "prep"
            and any(t.ent_type_ in {"DATE", "GPE", "LOC", "FAC"} for t in sub)
            and c.lower_ not in {"to", "from"}
        ):
            part = compact_modifier(c, skip, 6)
            if part and len(out) + len(part) <= 8:
                out += part
    return sorted(out, key=lambda t: t.i)


def subject_of(verb: Token) -> Token | None:
    """The (non-pronoun) subject of a verb, looking through infinitives, conjoined verbs and relative
    clauses ("a plan its sponsors say would cost ..." -> plan); None for pronouns and datelines."""
    v = verb
    for hop in range(5):
        subjects = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        subj = next((c for c in subjects if not _is_dateline(c)), subjects[0] if subjects else None)
        if subj is not None:
            if subj.tag_ in {"WDT", "WP"} or subj.lower_ == "that":
                return v.head if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"} else None
            if _is_dateline(subj):
                # "SAN AURELIO — The number of migrants ... dropped": the parser hangs the sentence on the
                # dateline; its subject is the first nominal subject inside
                subj = next(
                    (
                        t
                        for t in subj.subtree
                        if t.dep_ in SUBJECT_DEPS and t.i > subj.i and t.pos_ in {"NOUN", "PROPN"}
                    ),
                    None,
                )
                return subj
            if subj.pos_ == "PRON":
                return None
            return subj
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head
        if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in {"NOUN", "PROPN"} and hop == 0:
            return v.head  # "cattle sold for $3": the noun a participle modifies undergoes it
        if v.dep_ == "ccomp" and v.head.dep_ == "relcl" and v.head.head.pos_ in {"NOUN", "PROPN"}:
            return v.head.head  # the gap of "a plan [its sponsors say] would cost"
        if v.dep_ in {"xcomp", "conj", "advcl"} and v.head.i != v.i and v.head.pos_ in {"VERB", "AUX"}:
            v = v.head
            continue
        if v.dep_ == "pcomp":  # "a day after soaring 497 points": whoever the clause it hangs on is about
            up = v.head
            while up.head.i != up.i and up.pos_ not in {"VERB", "AUX"}:
                up = up.head
            if up.pos_ in {"VERB", "AUX"} and up.i != v.i:
                v = up
                continue
        break
    return None


def _is_dateline(t: Token) -> bool:
    """'SAN AURELIO — ...': the place line of a wire story, which parsers take for a subject."""
    sub = list(t.subtree)
    dashes = {"—", "–", "-", "--"}
    nxt = t.doc[sub[-1].i + 1] if sub[-1].i + 1 < len(t.doc) else None
    return all(u.is_upper or u.is_punct for u in sub) and (
        nxt is not None and nxt.text in dashes or any(u.text in dashes for u in sub)
    )


def is_finite(verb: Token) -> bool:
    """A verb that states something of its subject (not "allowing 61,000 people to apply")."""
    if not is_verb(verb):
        return False
    return not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _irrealis(verb: Token) -> bool:
    """'to hire', 'would bring', 'plans to build': not (yet) done."""
    v = verb
    for _ in range(3):
        if any(c.dep_ in {"aux", "auxpass"} and (c.tag_ in {"TO", "MD"}) for c in v.children):
            return True
        if v.dep_ == "conj" and v.head.i != v.i:
            v = v.head
            continue
        break
    return False


def predicate_of(verb: Token, skip: set[int], budget: int) -> str:
    """What a clause says of its subject, without the subject: "moved to temporary shelters", "arrived in
    New York since 2022", "available at four fire stations". Empty when it cannot be said shortly or would
    lose its object ("will send [18,000 vehicles] onto a detour")."""
    if budget <= 0:
        return ""
    copula = verb.lemma_.lower() == "be" or verb.pos_ == "AUX"
    head: list[Token] = []
    if copula:
        if any(c.dep_ == "attr" for c in verb.children):
            return ""  # "... is a rounding error": a comment on the number, not what it counts
    else:
        aux = [c for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"}]
        head = aux if any(c.dep_ == "neg" for c in aux) else [c for c in aux if c.tag_ == "MD"]
        head.append(verb)
    words = [t for t in head]
    used = set(skip) | {t.i for t in words}
    for child in verb.rights:
        if child.i in used or child.dep_ not in VP_RIGHT or not _keep_complement(child):
            continue
        if child.dep_ == "advcl" and not any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
            continue  # only purpose clauses: "to provide lawyers", not "prompting tense debates"
        part = compact_modifier(child, used, budget - len(words))
        if not part:
            if child.dep_ == "dobj":
                return ""  # a transitive verb without its object says nothing
            if child.dep_ in {"acomp", "prt"} and copula:
                return ""
            continue
        words += part
        used |= {t.i for t in part}
    if copula and not words:
        return ""
    if any(c.dep_ == "dobj" and c.i in skip for c in verb.children) and not copula:
        return ""
    return join_tokens(words)


def _stative_clause(verb: Token, subj: Token | None, skip: set[int], extra: list[Token]) -> str | None:
    """A stative verb's object read from its subject: "offenses included 1,506 homicides" -> "among
    offenses", "judges the court has"; None for other verbs."""
    lemma = verb.lemma_.lower()
    if lemma not in PART_VERBS | HAVE_VERBS:
        return None
    if subj is None:
        return ""
    if lemma in PART_VERBS:
        return join_parts(["among"], noun_tokens(subj, skip, det=True, right=False, budget=4), extra)
    subj_tokens = noun_tokens(subj, skip, det=True, right=False, budget=4)
    return join_parts(subj_tokens, [verb.text], extra) if len(subj_tokens) <= 4 else ""


def _participle_head(verb: Token, prt: list[Token]) -> list[str]:
    """The verb as a participle with its particle: "sent back", "removed or returned" (both verbs act on the
    object), "to be hired" (not yet done)."""
    head = [_participle(verb)] + [c.text for c in prt]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in verb.head.children):
        cc = next((c for c in verb.head.children if c.dep_ == "cc"), None)
        head = [_participle(verb.head), cc.text if cc is not None else "and"] + head
    if _irrealis(verb):
        head = ["to be"] + head
    return head


def _wanted_complement(child: Token, used: set[int], lemma: str, after: int | None) -> bool:
    """A complement of the verb worth keeping in the clause: a setting, a recipient, a purpose clause ("to
    provide lawyers"); not the counted object itself, nor anything before ``after``."""
    if child.i in used or child.dep_ not in VP_RIGHT - {"acomp"} or not _keep_complement(child):
        return False
    if child.dep_ == "advcl" and not any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
        return False
    return not (child.dep_ == "dobj" and lemma not in GIVE_VERBS or after is not None and child.i < after)


def object_clause(
    verb: Token, skip: set[int], budget: int, extra: list[Token] | None = None, after: int | None = None
) -> str:
    """What is done to the object, as a reduced relative: "chartered to Bayhaven since the summer",
    "to be hired over two years", "spent by the city on food"; or "the court has" for stative verbs."""
    extra = list(extra or [])
    subj = subject_of(verb)
    lemma = verb.lemma_.lower()
    prt = [c for c in verb.children if c.dep_ == "prt" and c.i not in skip]
    stative = None if prt else _stative_clause(verb, subj, skip, extra)
    if stative is not None:
        return stative
    if not is_verb(verb):
        return ""
    head = _participle_head(verb, prt)
    used = set(skip) | {verb.i} | {c.i for c in prt}
    n = len(" ".join(head).split())
    parts: list[tuple[int, list]] = [(extra[0].i, list(extra))] if extra else []
    n += len(extra)
    used |= {t.i for t in extra}
    for child in verb.rights:
        if not _wanted_complement(child, used, lemma, after):
            continue
        compact = compact_modifier(child, used, budget - n - (1 if child.dep_ in {"dative", "dobj"} else 0))
        if not compact:
            continue
        part: list[Token | str] = list(compact)
        if child.dep_ in {"dative", "dobj"} and child.dep_ != "dative" or child.dep_ == "dative" and child.tag_ != "IN":
            part = ["to", *compact]  # "pay a notario $2,000" -> "paid to a notario"
        parts.append((child.i, part))
        n += len(part)
        used |= {t.i for t in part if isinstance(t, Token)}
    agent: list = []
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    if subj is not None and not passive and _is_agent(subj):
        subj_tokens = noun_tokens(subj, used | {verb.i}, det=True, budget=6)
        if 0 < len(subj_tokens) <= min(6, budget - n - 1):
            agent = ["by", join_tokens(subj_tokens)]
    words = head + agent + [join_tokens(part) for _, part in sorted(parts, key=lambda p: p[0])]
    return " ".join(w for w in words if w)


def _keep_complement(child: Token) -> bool:
    if is_aside(child):
        return False
    if child.dep_ == "advmod":
        return child.lower_ in SETTING_ADVERBS
    if child.dep_ == "npadvmod":
        return child.ent_type_ == "DATE" or child.lower_ in {"a", "an", "per"}
    if child.dep_ == "xcomp":
        return any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children)
    return True


def _is_agent(t: Token) -> bool:
    """Can the subject be named as the doer ("by the police")? Names, organisations and people can."""
    return (
        t.pos_ == "PROPN"
        or t.ent_type_ in {"ORG", "PERSON", "GPE", "NORP"}
        or (is_people_noun(t.lemma_.lower()) or t.lemma_.lower() in AGENT_NOUNS)
    )


def _participle(verb: Token) -> str:
    """Past participle of a verb ("withhold" -> "withheld", "chartered", "carried", "planned")."""
    lemma = verb.lemma_.lower()
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if verb.tag_ in {"VBN", "VBD"} and verb.lower_.endswith("ed"):
        return verb.lower_
    if not lemma.isalpha():
        return verb.lower_
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    if lemma in DOUBLING or (len(lemma) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma)):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"
