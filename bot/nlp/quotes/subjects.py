"""The subject of a reporting verb, also where the parser hung it elsewhere: an inverted subject parsed
as an object, a name cut off by an aside, the antecedent of "who", a document that states, a subject parsed
as the head of its own verb, and the outer subject of a coordinated reporting verb.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.quotes.speaker import DOCUMENTS
from bot.nlp.speech.clause import is_reporting_verb


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
    if host.i == name.i or host.pos_ != "NOUN" or not host.is_lower or could_speak(host):
        return host
    while name.dep_ in {"compound", "flat"} and name.head.i < name.i + 4 and name.head.pos_ == "PROPN":
        name = name.head
    return name


def could_speak(noun: Token) -> bool:
    """A common noun that may head a speaker: a person, a title, a body or a document ("the memo said")."""
    lemma = noun.lemma_.lower()
    return (
        lx.is_title_word(noun.text)
        or lemma in lx.PERSON_NOUNS | lx.SPEAKER_NOUNS
        or lemma in lx.ORG_NOUNS | lx.OUTLET_NOUNS
        or lemma in DOCUMENTS
    )


def own_subjects(verb: Token) -> list[Token]:
    """The verb's own subjects. ``second_subject_parsed_after_verb``: in "the Court said the county’s appeal of the
    ruling should go …" the parser may make "appeal" a second subject of "said"; with a subject before the verb,
    one after it is the reported clause's, not a second speaker."""
    subj = [c for c in verb.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS]
    before = [c for c in subj if c.i < verb.i]
    after = [c for c in subj if c.i > verb.i]
    if not before or not after or not any(c.dep_ == "ccomp" and c.i > after[0].i for c in verb.children):
        return subj  # '“Sanctuary cities … ,” said Tom Homan': no clause after the late subject, it speaks
    return before


def antecedent(verb: Token, subj: Token) -> Token:
    """``relative_pronoun_speaker``: in "Judge Mara Quist, who ruled that …" the subject of "ruled" is
    "who", which stands for the noun the relative clause hangs on (Mara Quist)."""
    if subj.lower_ in sx.RELATIVE_PRONOUNS and verb.dep_ == "relcl" and verb.head.pos_ in deps.NOUN_POS:
        return verb.head
    return person_in_organisation_phrase(subj)


def person_in_organisation_phrase(subj: Token) -> Token:
    """``person_after_organisation_of_place``: "…, says ACLU of Ohio housing attorney Mina Roux." — the parser
    makes the organisation the subject and hangs the rest on its "of" as one noun phrase; when that phrase
    ends in a person's name after a common noun (the role), the person is the one who speaks."""
    if subj.ent_type_ != "ORG":
        return subj
    for prep in subj.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        name = next((c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ == "PERSON"), None)
        if name is not None and any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < name.i for c in name.subtree):
            return name
    return subj


def _stating_document(verb: Token) -> Token | None:
    """``participle_of_document``: "a memo stating that the pools would close", "the lawsuit, arguing that
    …" — the document speaks; its author is found from it (``documents.document_author``)."""
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


def _participle_after_attribution(verb: Token) -> Token | None:
    """``participle_after_attribution``: "“The town has not decided,” he said, also noting that …" — the
    parser may hang "noting" on the quoted verb, whose subject is no speaker; a participle right after "he
    said," (only commas and an adverb between) goes on with the subject of that speech verb."""
    if verb.tag_ != "VBG":
        return None
    k = verb.i - 1
    while k > 0 and (verb.doc[k].dep_ == "advmod" or verb.doc[k].text == ","):
        k -= 1
    said = verb.doc[k]
    if k == verb.i - 1 or said.lemma_.lower() not in lx.SPEECH_VERBS or said.pos_ not in deps.VERB_POS:
        return None
    return next((c for c in said.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS and c.i < said.i), None)


def _coordinated_reporter(verb: Token) -> Token | None:
    """``coordinated_reporting_verb``: "Judge Nora Platt ruled that the policy violated the statute and
    ordered the agency to release them" — the parser joins "ordered" to "violated" inside the complement;
    a reporting verb there without a subject of its own shares the outer reporting verb's subject."""
    if verb.dep_ != "conj" or any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS for c in verb.children):
        return None
    head = verb.head
    if head.dep_ == "ccomp" and head.head.i < head.i and is_reporting_verb(head.head):
        return head.head
    return None


def _subject_hung_in_quotation(verb: Token) -> Token | None:
    """``subject_hung_in_quotation``: '"We are ready," Mara Ostby, head of the port board, said.' — with
    straight marks the parser may take the name after the closing mark for an object of the quoted verb;
    the first noun between the closing mark and the verb whose head lies inside the quotation is the subject."""
    doc, start = verb.doc, verb.sent.start  # Token.sent walks the parse at every call: read once
    k = verb.i - 1
    while k > start and not doc[k].is_quote:
        k -= 1
    if k <= start or not doc[k].is_quote or k == verb.i - 1:
        return None
    return next(
        (t for t in doc[k + 1 : verb.i] if t.pos_ in deps.NOUN_POS and t.head.i < k and t.ent_type_ not in deps.WHEN_ENTS),
        None,
    )


def _verb_before_gerund(verb: Token) -> Token | None:
    """``gerund_after_preposition``: "The Harbor Office ended the day by saying the mayor will …" — a gerund
    after a preposition shares the subject of the verb the preposition hangs on."""
    prep = verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and prep.dep_ == "prep" and prep.head.pos_ in deps.VERB_POS:
        return prep.head
    return None


def _with_absolute_subject(verb: Token) -> Token | None:
    """``with_absolute_speaker``: "The bill got a boost, with Senator Ivo Brandt throwing his support behind it,
    saying it was the best chance" — the parser hangs "saying" on the main verb (whose subject is the bill), but
    a participle right after a "with X doing" phrase goes on with X, the person doing it."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return None
    doc = verb.doc
    for prep in verb.head.children:
        if prep.dep_ != "prep" or prep.lower_ != "with" or prep.i > verb.i:
            continue
        for act in prep.children:
            if act.dep_ != "pcomp" or act.tag_ != "VBG" or not all(t.is_punct for t in doc[act.right_edge.i + 1 : verb.i]):
                continue
            subj = next((c for c in act.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)
            if subj is not None and subj.pos_ == "PROPN":
                return subj
    return None


def _subject_of_sentence_before(verb: Token) -> Token | None:
    """``subjectless_verb_continues_subject``: "Senator Dale Brandt hedged. But asked when a deal would come, added:
    “Tomorrow.”" — a finite reporting verb heading a sentence with no subject at all goes on with the named
    subject of the sentence before it in the paragraph."""
    if verb.dep_ != "ROOT" or verb.tag_ not in {"VBD", "VBZ"} or verb.sent.start == 0:
        return None
    if any(c.dep_ not in _SUBJECTLESS_LEFT_DEPS for c in verb.lefts):
        return None  # something before the verb may be its subject
    root = verb.doc[verb.sent.start - 1].sent.root
    subj = next((c for c in root.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)
    return subj if subj is not None and subj.pos_ == "PROPN" and subj.ent_type_ == "PERSON" else None


_SUBJECTLESS_LEFT_DEPS = frozenset(["cc", "advcl", "punct", "advmod"])


def is_age_description(tok: Token) -> bool:
    """``age_description_of_recent_person``: "Lena Park lost her job in March. The 34-year-old said the plant had
    closed." — "the N-year-old" standing alone as a subject is a person, the one named as a subject just before
    (``_only_recent_subject``). Read from the words, "the 34 - year - old", since the parser hangs them anyhow."""
    i, doc = tok.i, tok.doc
    if tok.lower_ != "old" or i < 5 or i + 1 < len(doc) and doc[i + 1].pos_ in {"NOUN", "PROPN"}:
        return False  # "the 34-year-old mechanic": the noun is the head
    words = [t.lower_ for t in doc[i - 5 : i]]
    return words[0] == "the" and doc[i - 4].like_num and words[2] == words[4] == "-" and words[3] in {"year", "years"}


def _age_description_before(verb: Token) -> Token | None:
    """``age_description_of_recent_person`` as an inverted or loose subject: "“It came without warning,” the
    34-year-old said." — the parser may hang "the 34-year-old" on the verb as a modifier; right before the verb it
    is the subject."""
    if verb.i == 0 or any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    return before if is_age_description(before) else None


def _speech_verb_subject(verb: Token) -> Token | None:
    """The subject of a speech verb that the parser hung elsewhere: inverted, before it, in the quotation, or on
    an aside."""
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
    if (hung := _subject_hung_in_quotation(verb)) is not None:
        return hung
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
    return None


def _subject_of_speech_verb(verb: Token) -> Token | None:
    """``_speech_verb_subject`` for a verb of speech only."""
    return _speech_verb_subject(verb) if verb.lemma_.lower() in lx.SPEECH_VERBS else None


SubjectRule = Callable[[Token], Token | None]
# Where the parser hung the subject of the reporting verb itself, in the order tried: before looking at a verb
# it is coordinated with ...
_HUNG_BEFORE_COORDINATION: tuple[SubjectRule, ...] = (
    _stating_document,
    _subject_parsed_as_head,
    _participle_after_attribution,
)
# ... and after it.
_HUNG_AFTER_COORDINATION: tuple[SubjectRule, ...] = (
    _subject_of_speech_verb,
    _age_description_before,
    _subject_hung_in_quotation,  # also after a verb of manner: '“…,” a woman in the river clamored'
    _with_absolute_subject,
    _subject_of_sentence_before,
)


def _first_found(verb: Token, rules: tuple[SubjectRule, ...]) -> Token | None:
    return next((found for rule in rules if (found := rule(verb)) is not None), None)


def _infinitival_relative_subject(v: Token) -> Token | None:
    """``infinitival_relative_cue``: "Rosa Vint had a personal story to tell: “…”" — "to tell" modifies "story",
    the thing told, not who tells it; the teller is the subject of the verb whose object that noun is."""
    obj = v.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) or obj.dep_ != "dobj":
        return None
    return next((c for c in obj.head.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)


def verb_subject(verb: Token) -> Token | None:
    """The subject of a reporting verb, also where the parser hung it elsewhere (the rules above), else the
    subject of the verb it hangs on (up to three verbs)."""
    v = verb
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS]
        if subj:
            return antecedent(v, subj[0])
        if v is verb:
            if (found := _first_found(verb, _HUNG_BEFORE_COORDINATION)) is not None:
                return found
            if (outer := _coordinated_reporter(verb)) is not None:
                v = outer
                continue
            if (found := _first_found(verb, _HUNG_AFTER_COORDINATION)) is not None:
                return found
            if (outer := _verb_before_gerund(verb)) is not None:
                v = outer
                continue
        agent = [c for c in v.children if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
        if v.dep_ in {"conj", "advcl", "xcomp", "ccomp", "relcl", "acl"} and v.head.i != v.i:
            if v.dep_ == "relcl" and v.head.pos_ in deps.NOUN_POS:
                return _infinitival_relative_subject(v) or v.head
            v = v.head
            continue
        break
    return None
