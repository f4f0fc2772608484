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
(``indirect._NOT_REPORTING``).

The speaker of a verb is its subject, resolved by the people index: a name → the fullest name,
he/she → the right earlier person, "the mayor" → the mayor named earlier, "the statement" or "X's
letter" → who issued it, "the department" / "the agency" → the organisation the article named. An
inverted subject the parser took for an object ('“…?” asked X') and a subject split off by an
aside ("X, asked about …, said") are still the speaker; so are the antecedent of "who" in a relative
clause, a document's owner or sender ("a memo stating …"), the judge behind "the ruling", the
organisation an acronym abbreviates, and, for "he said" after quotations, the person last named as a
speaker rather than someone merely mentioned since.

The cascades are ordered tuples of named rules, each a construction of English with its example:
``cues.CUE_RULES`` (which verb attributes a quotation), ``documents.AUTHOR_RULES`` (who issued a document that
speaks) and ``attribution.ATTRIBUTION_STEPS`` (speakers from cues, then from the paragraph, the paragraph before
and the title).

The modules, each importing only those listed before it: ``speaker`` (the Speaker a rule gives), ``direct`` (the
quoted spans worth keeping), ``cues`` (the verb that attributes a quotation), ``subjects`` (a reporting verb's
subject as the parser hung it), ``organisations`` (the article's bodies and their acronyms), ``referents`` (the
person a name, title, pronoun or description stands for), ``documents`` (who issued a document that speaks),
``resolver`` (who a subject stands for, asking the three before it), ``attribution`` (the direct quotations'
speakers) and ``indirect`` (reported speech). ``find_quotes`` runs them for one article.
"""

from __future__ import annotations

from bot.models import Quote
from bot.nlp.document import ArticleDoc
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.attribution import attribute
from bot.nlp.quotes.direct import direct_spans, is_quotation
from bot.nlp.quotes.indirect import indirect_quotes
from bot.nlp.quotes.resolver import Resolver

__all__ = ["find_quotes"]


def find_quotes(adoc: ArticleDoc, people: PeopleIndex) -> list[Quote]:
    res = Resolver(adoc, people)
    direct = [q for q in direct_spans(adoc, people) if is_quotation(q, adoc, people)]
    attribute(direct, adoc, people, res)
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
    quotes.extend(indirect_quotes(adoc, people, res))
    quotes.sort(key=lambda q: q.paragraph)
    return quotes
