"""What a figure counts, as the noun phrase a digest prints after the number ("NUMBER COUNTS").

Read off the dependency parse: the counted noun with its modifiers and a reduced relative clause, or, for a
number with no noun, its role in its clause (a change, a level, what money pays for). ``bot.nlp.figures``
decides what is a figure; this package only phrases what one counts.

The modules, each importing only those listed before it: ``topic`` (the topic's nouns for people),
``noun`` (the noun a figure counts), ``words`` (token runs made into a digest's words), ``clause`` (what a
clause says of its subject or object), ``neighbours`` (what stands around a number in its sentence), ``bare``
(the ordered ``BARE_RULES`` for a number with no noun) and ``phrase`` (``counts_phrase``).
"""

from __future__ import annotations

from bot.nlp.counted_noun.noun import counted
from bot.nlp.counted_noun.phrase import counts_phrase
from bot.nlp.counted_noun.topic import is_people_noun, topic_people

__all__ = ["counted", "counts_phrase", "is_people_noun", "topic_people"]
