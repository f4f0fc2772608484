"""Verbs (lowercase lemmas) and document nouns that report speech: their subject is the speaker.

General English news conventions, not tuned to any article.
"""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Verbs that report what someone said; their subject is the speaker.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add note state write tweet post claim argue warn urge insist explain announce declare remark reply
    respond answer acknowledge admit concede confirm deny assert contend maintain reiterate stress emphasize
    emphasise caution predict promise pledge vow suggest recall recount observe comment complain lament testify
    report ask question wonder agree disagree mention conclude counter fume quip shout scream boast brag concur
    describe call tout dub advise recommend propose demand clarify indicate yell chant exclaim whisper
    """.split()
)

# Verbs that only *characterise* a quoted phrase ("called it a 'crisis'"): cues for short quotes,
# never for reported clauses.
CHARACTERISE_VERBS: frozenset[str] = frozenset("call describe tout dub label term brand name".split())

# Verbs taking "object + to-infinitive" as reported speech ("warned leaders to step aside").
DIRECTIVE_VERBS: frozenset[str] = frozenset("warn urge tell ask advise implore call press beg challenge".split())

# Verbs that attribute a quotation only when it sits right beside them ("the statement continues").
ADJACENT_CUE_VERBS: frozenset[str] = frozenset("continue read go".split())

# "issued a statement:", "released the following statement" — a statement follows, no speech verb.
STATEMENT_VERBS: frozenset[str] = frozenset("issue release provide deliver make give read share post".split())

# Nouns for documents and messages: "the statement reads", "the letter said".
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    statement letter release outlook report tweet post memo notice advisory bulletin announcement message email
    order filing complaint ruling decision document
    """.split()
)

# Writings an organisation issues (a notice, a report, a rule): they speak for whoever issued them, never for
# themselves. "according to the notice" with no issuer named has no speaker (``issuer_unnamed``).
ISSUED_DOCUMENTS: frozenset[str] = frozenset(
    """
    notice report memo memorandum ruling order filing statement letter rule regulation advisory bulletin guidance
    directive release
    """.split()
)

# Of those, the writings a person sends: "the statement said", with no issuer found, is the person last named.
PERSONAL_WRITINGS: frozenset[str] = frozenset("statement letter email tweet post message".split())
