"""People named in one article: mentions, titles, and resolution of surnames, roles and pronouns.

Mentions come from spaCy's PERSON entities, repaired for its usual slips: a span fusing two people
("A and B") is split, a title word inside the span is moved out, first names the NER left out are
taken back ("Renata" of "Renata Solberg"), a capitalised word right after a title ("Commissioner
Okafor") is a name even when the NER missed it or tagged title and name as one ORG, a name the NER
missed altogether counts when the sentence describes a person ("X, a nurse,", "X, 34,", "X, who
…"), and a known surname tagged ORG/GPE/NORP is still that person. Shouting lines (headlines,
promos) and bylines name nobody.

Mentions are grouped by surname; the fullest name in the article names the person, and a bare
surname two people share is the one mentioned last. Titles come from three places, read off the
dependency parse: words before the name ("incoming harbor czar Lena Brooks"), an apposition ("X,
president and CEO of Y," / "deputy chief of staff, X,") and a role clause ("X, who serves as the
deputy commissioner", "named to be the port czar"). A job ("home health aide", "team captain") is
not an office.

The index then answers, for the quote rules, who a token, a pronoun or a role noun refers to:
"the lieutenant governor" is not "the governor", "the lawmaker" is any legislator, "the mayor's
spokeswoman" is the spokeswoman whose title names the mayor, "the Republican" is the member of
that party named last, and he/she learns a person's gender from earlier attributions.

The modules, each importing only those listed before it: ``paragraphs`` (lines that name nobody, the
quotation mask), ``offices`` (what a title string says: its roles, its written form, a private-sector post),
``person`` (Person and Mention), ``index`` (PeopleIndex, which the quote rules ask), ``name_spans`` (``NameSpans``,
what the name rules share, and a name span's text), ``name_rules`` (the ordered ``NAME_RULES`` that find name spans),
``titles`` (titles and party read off the parse around a name), ``roster`` (``PeopleScan``, what the steps build up,
and which person a name belongs to), the steps by what they do —
``collection`` (name spans and bylines; places and platforms are no people), ``surnames`` (people grouped by
surname, their mentions, known surnames the NER missed), ``mentions`` (what each mention tells: titles, gender,
party, offices), ``name_lists`` (a plural title shared by a list of names), ``references`` (role nouns as
mentions, pronouns as gender evidence) — and ``scan`` (the ordered ``PEOPLE_STEPS`` and ``find_people``).
"""

from __future__ import annotations

from bot.nlp.people.index import PeopleIndex
from bot.nlp.people.paragraphs import quote_mask
from bot.nlp.people.person import Mention, Person
from bot.nlp.people.scan import find_people

__all__ = ["Mention", "PeopleIndex", "Person", "find_people", "quote_mask"]
