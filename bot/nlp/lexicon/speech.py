"""Word lists for reported speech beyond "say": rulings, commitments, demands and the documents that carry them.

Lowercase lemmas (verbs) or lowercase singular nouns. General English news usage, not tuned to any article.
"""

from __future__ import annotations

# Verbs of a court, a panel or an investigator whose that-clause is reported content ("the judge ruled that …").
RULING_VERBS: frozenset[str] = frozenset(
    ["rule", "find", "hold", "determine", "conclude", "allege", "order", "decide", "declare"]
)

# Verbs reporting an undertaking, whose to-infinitive is what was promised ("vowed to close the camps").
COMMITMENT_VERBS: frozenset[str] = frozenset(["vow", "promise", "pledge", "threaten", "swear", "commit"])

# Verbs of demand taking "object + to-infinitive" beyond the general directives ("ordered the agency to release").
DEMAND_VERBS: frozenset[str] = frozenset(["order", "direct", "instruct", "demand", "ask", "urge", "press", "call"])

# Nouns for writings that state things: "a proclamation stating that …", "the lawsuit says".
STATING_DOCUMENTS: frozenset[str] = frozenset(
    [
        "proclamation",
        "lawsuit",
        "suit",
        "motion",
        "brief",
        "opinion",
        "release",
        "filing",
        "complaint",
        "petition",
        "memo",
        "memorandum",
        "statement",
        "letter",
        "report",
        "ruling",
        "order",
        "decision",
        "declaration",
        "notice",
    ]
)

# A court's writings: their author is the judge the article names ("according to the ruling").
COURT_DOCUMENTS: frozenset[str] = frozenset(["ruling", "order", "decision", "opinion", "injunction", "judgment"])

# Titles of those who write a court's rulings.
JUDGE_ROLES: frozenset[str] = frozenset(["judge", "justice", "magistrate"])

# Relative pronouns standing for the antecedent of the clause they open ("Judge X, who ordered …").
RELATIVE_PRONOUNS: frozenset[str] = frozenset(["who", "that", "which", "whom"])

# Participles that report what a document or a person said ("a memo stating that …", "…, saying it …").
REPORTING_PARTICIPLES: frozenset[str] = frozenset(["say", "state", "claim", "argue", "assert", "warn", "note", "add"])

# Verbs by which someone puts out a document, who is then its author ("the agency sent a memo stating …").
ISSUING_VERBS: frozenset[str] = frozenset(
    ["send", "issue", "release", "file", "publish", "post", "submit", "circulate", "distribute"]
)

# Filings that speak for themselves: their authors are a crowd of plaintiffs, so "the lawsuit says" is the speaker.
SELF_SPEAKING_DOCUMENTS: frozenset[str] = frozenset(["lawsuit", "suit", "complaint", "petition"])

# Verbs of finding: reported content only when a body that issues findings finds it ("the court found that …");
# "when officers determined that he was …" tells how a case went, not what anyone said.
FINDING_VERBS: frozenset[str] = frozenset(["find", "determine", "hold", "decide"])

# Who issues findings: courts, panels, inquiries and their reports.
FINDING_BODIES: frozenset[str] = frozenset(
    [
        "judge",
        "justice",
        "court",
        "jury",
        "panel",
        "magistrate",
        "tribunal",
        "commission",
        "inspector",
        "investigator",
        "auditor",
        "report",
        "audit",
        "review",
        "study",
        "ruling",
        "opinion",
        "board",
        "inquiry",
    ]
)

# Verbs that withhold speech: "declined to say" reports nothing.
WITHHOLDING_VERBS: frozenset[str] = frozenset(["decline", "refuse", "fail", "hesitate", "stop"])

# Dashes that attribute a quotation to the name after them ("“…” – Mayor X"): en, em, hyphen, horizontal bar.
ATTRIBUTION_DASHES: frozenset[str] = frozenset(["–", "—", "-", "―"])

# Determiners of a description that points back to someone or something named ("the mayor", "this statement").
DEFINITE_DETERMINERS: frozenset[str] = frozenset(["the", "this", "that"])

# Determiners of a description that introduces someone not yet named ("a federal judge said").
INDEFINITE_DETERMINERS: frozenset[str] = frozenset(["a", "an"])

# Spoken messages that, beside documents, are what "issued/made/gave a …" puts out ("made a remark").
REMARK_NOUNS: frozenset[str] = frozenset(["remark", "comment"])

# Occasions of speech after "in" or "during": "said in an interview that …"; ``remarks_that_clause``: "confirmed
# in her remarks that …", "said in a speech that …" (the that-clause the parser hangs on the noun);
# ``that_clause_after_meeting``: "told the board at the crowded hearing that …", "said at a rally that …".
SPEAKING_OCCASIONS: frozenset[str] = frozenset(
    ["interview", "remark", "comment", "speech", "address", "testimony", "briefing"]
    + ["hearing", "meeting", "session", "rally", "conference", "forum"]
)

# Prepositions bringing the occasion or document a that-clause hangs on ("said in a statement that …", "told the
# board at the hearing that …"); not "to" ("responding to an order that critics argued …": ``occasion_preposition``).
OCCASION_PREPS: frozenset[str] = frozenset(["in", "at", "during", "through"])

# Modals of an act still to come: "said she would urge the council to …" (``future_act_in_reported_clause``).
FUTURE_MODALS: frozenset[str] = frozenset(["would", "will", "'ll", "’ll"])

# Words opening an indirect question: "asked whether …", "asked if …" report a question, not a statement.
QUESTION_COMPLEMENTISERS: frozenset[str] = frozenset(["whether", "if"])

# Prepositions after "call" that make it a demand, not a characterisation: "called for", "called on … to".
DEMAND_PARTICLES: frozenset[str] = frozenset(["for", "on"])

# Prepositions naming who issued a document: "a statement by X", "a letter from X", "the ruling of X".
AUTHOR_PREPOSITIONS: frozenset[str] = frozenset(["by", "from", "of"])

# Agency nouns an unexpanded acronym may stand for ("the department" after "HTA" was named).
ACRONYM_AGENCY_NOUNS: frozenset[str] = frozenset(["department", "agency", "office", "bureau"])

# The speaker's own words about themself: "thanked them for “standing with me”" — quoted words holding these are
# the words of the person the sentence is about.
FIRST_PERSON_SINGULAR: frozenset[str] = frozenset(["i", "me", "my", "mine", "myself"])

# Pronouns for a thing, never a speaker: "That describes the bills, she added" is what she added.
THING_PRONOUNS: frozenset[str] = frozenset(["that", "this", "these", "those", "it"])

# Pronouns of the reporter or the reader, never a quoted speaker: "we said that …" in a column.
FIRST_SECOND_PERSON: frozenset[str] = frozenset(["i", "we", "you"])

# Descriptions of a candidate: "the candidate said" is the person whose title is any of these ("the Republican
# nominee for governor").
_CANDIDACY = frozenset(["candidate", "nominee", "challenger", "incumbent", "frontrunner", "front-runner", "hopeful"])
DESCRIPTION_NOUNS: dict[str, frozenset[str]] = {w: _CANDIDACY for w in _CANDIDACY}

# Conjunctions of a consequence that goes on with what a participle reported: "saying A, so B".
CONSEQUENCE_CONJUNCTIONS: frozenset[str] = frozenset(["so"])

# ``backshifted_second_clause``: the backshifted modals of reported speech, and the conjunctions that join a second
# reported clause ("said A, but the ferry would keep running"). Not "had": "but the firm had missed two deadlines"
# may as well be the writer's.
REPORTED_MODALS: frozenset[str] = frozenset(["would", "could", "might", "should"])
CONTRAST_CONJUNCTIONS: frozenset[str] = frozenset(["but", "yet", "although", "though"])


# Short words a title-case name leaves in lower case ("Rivers: Not for Sale", "Ban the Dam"): not counted when
# deciding whether quoted words are a name rather than speech.
TITLE_CASE_MINOR_WORDS: frozenset[str] = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "for", "of", "in", "on", "at", "to", "by", "with", "from", "as"]
)

# Nouns for a writing of any kind, pointing back to the one last named ("the directive … the document said").
GENERIC_DOCUMENT_NOUNS: frozenset[str] = frozenset(["document"])

# Verbs of warning that take "object + against/from + gerund" ("cautioned tenants against signing").
WARNING_VERBS: frozenset[str] = frozenset(["warn", "caution", "advise", "urge"])

# Verbs that tell someone that something is so: "object + that-clause" ("advised residents that the roads would
# close", "told reporters that …").
OBJECT_THAT_VERBS: frozenset[str] = frozenset(
    ["tell", "warn", "advise", "caution", "assure", "remind", "inform", "notify", "promise"]
)

# Prepositions of what someone was told not to do: "warned riders against trusting touts", "… from trusting".
DISSUADING_PREPOSITIONS: frozenset[str] = frozenset(["against", "from"])

# What a reporter asks someone to do: "asked the agency to confirm/comment" reports the inquiry, not speech.
INQUIRY_VERBS: frozenset[str] = frozenset(["confirm", "comment", "respond", "elaborate"])

# Verbs of saying that report a clause, seldom a thing: "argues the closure was unlawful" (not "announced the plan").
CLAUSE_TAKING_VERBS: frozenset[str] = frozenset(
    ["say", "argue", "claim", "contend", "assert", "allege", "insist", "maintain", "state"]
)
