"""Quotations and their speakers: the seed article, then one construction per test on our own sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from bot.models import ArticleInput, Quote
from bot.nlp.document import parse_articles
from bot.nlp.people import find_people
from bot.nlp.quotemarks import find_marks
from bot.nlp.quotes import find_quotes
from bot.nlp.quotes.subjects import _name_before
from tests.support import SEED_ARTICLE as SEED


def quotes_of(nlp: Language, text: str, title: str | None = None) -> list[Quote]:
    adoc = next(parse_articles(nlp, [ArticleInput(text=text, title=title)]))
    return find_quotes(adoc, find_people(adoc))


def one(quotes: list[Quote], words: str, kind: str | None = None) -> Quote:
    found = [q for q in quotes if words in q.text and (kind is None or q.kind == kind)]
    assert len(found) == 1, f"{words!r} in {[(q.text, q.speaker, q.kind) for q in quotes]}"
    return found[0]


# ---- the seed article


@pytest.fixture(scope="module")
def seed_quotes(nlp: Language) -> list[Quote]:
    if not SEED.exists():
        pytest.skip("shared evaluation kit not present")
    return quotes_of(nlp, SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "words", ["safe haven for those who commit", "From what I heard", "We need to examine", "push their own agenda"]
)
def test_seed_adams_quotes(seed_quotes: list[Quote], words: str) -> None:
    q = one(seed_quotes, words, "direct")
    assert q.speaker == "Eric Adams"


def test_seed_awawdeh(seed_quotes: list[Quote]) -> None:
    q = one(seed_quotes, "despicable", "direct")
    assert q.speaker == "Murad Awawdeh"
    assert q.cue == "said"


def test_seed_homan_indirect(seed_quotes: list[Quote]) -> None:
    q = one(seed_quotes, "leaders in sanctuary cities to either cooperate", "indirect")
    assert q.speaker == "Tom Homan"
    assert q.cue == "warned"


def test_seed_partial_quote_is_the_mayor(seed_quotes: list[Quote]) -> None:
    assert one(seed_quotes, "not going to do it for those who are undocumented", "direct").speaker == "Eric Adams"


def test_seed_no_quote_from_capital_lines(seed_quotes: list[Quote]) -> None:
    texts = " ".join(q.text for q in seed_quotes)
    assert "CLICK HERE" not in texts and "TURNED THE CORNER" not in texts
    assert all(q.speaker is None or not q.speaker.isupper() for q in seed_quotes)
    assert not any(q.text.strip(" .,") in {"collaborating", "sanctuary"} for q in seed_quotes)


# ---- quotation marks


def test_marks_curly_straight_single_and_nested() -> None:
    text = "“Outer ‘inner words’ end,” she said. \"Straight words,\" he said. 'Single quoted words' too; it’s fine."
    spans = [text[s.start : s.end] for s in find_marks(text)]
    assert spans == ["Outer ‘inner words’ end,", "Straight words,", "Single quoted words"]


def test_marks_unclosed_and_misplaced_closer() -> None:
    assert find_marks("“Runs to the end of the paragraph")[0].closed is False
    text = "“We did the work, “said the chief. “And more.”"
    assert [text[s.start : s.end] for s in find_marks(text)] == ["We did the work, ", "And more."]


def test_marks_straight_closing_nested_and_misplaced() -> None:
    # a paragraph ending a quotation an earlier paragraph opened
    [tail] = find_marks('and we will keep the doors open until spring."')
    assert (tail.start, tail.opened) == (0, False)
    # straight marks inside straight marks, opening after a word: one quotation
    text = '"We were told to drop the "business as usual" habit, and we did it."'
    assert [text[s.start : s.end] for s in find_marks(text)] == [text[1:-1]]
    # after a comma, a mark with a space before it is the closing one typed badly
    text = '"We are done, "said the chair. "Now we rest."'
    assert [text[s.start : s.end] for s in find_marks(text)] == ["We are done, ", "Now we rest."]


def test_name_before_the_verb_when_the_parser_hung_it_elsewhere(nlp: Language) -> None:
    # "…, the county's Office of Emergency Services said Tuesday." parsed with the office as an apposition
    # of the clause before it, and the verb without a subject
    words = [
        "Crews",
        "left",
        "the",
        "coast",
        ",",
        "the",
        "county",
        "'s",
        "Office",
        "of",
        "Emergency",
        "Services",
        "said",
        "Tuesday",
        ".",
    ]
    heads = [1, 12, 3, 1, 3, 6, 8, 6, 3, 8, 11, 9, 12, 12, 12]
    deps = [
        "nsubj",
        "ccomp",
        "det",
        "dobj",
        "punct",
        "det",
        "poss",
        "case",
        "appos",
        "prep",
        "compound",
        "pobj",
        "ROOT",
        "npadvmod",
        "punct",
    ]
    pos = [
        "NOUN",
        "VERB",
        "DET",
        "NOUN",
        "PUNCT",
        "DET",
        "NOUN",
        "PART",
        "PROPN",
        "ADP",
        "PROPN",
        "PROPN",
        "VERB",
        "PROPN",
        "PUNCT",
    ]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        ents=["O"] * 8 + ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-DATE", "O"],
    )
    speaker = _name_before(doc[12])
    assert speaker is not None and speaker.text == "Office"
    assert _name_before(doc[1]) is None  # "Crews left": nothing named before it


def test_possessive_owner_joins_an_organisation_speaker(nlp: Language) -> None:
    q = one(
        quotes_of(
            nlp, "The Governor's Office of Refugee Services said the shelters in the valley were full by midnight."
        ),
        "shelters in the valley",
    )
    assert q.speaker == "Governor's Office of Refugee Services"


def test_he_said_in_text_without_paragraph_breaks_is_the_nearest_person(nlp: Language) -> None:
    # one block: the senator, known as "he", is three sentences back; the mayor is the sentence before
    text = (
        "Senator Paul Brandt said he would block the measure. “We will not fund another shelter this year,” "
        "Brandt wrote on social media. “Not one dollar more.” Mayor Victor Lane issued a statement Sunday about "
        "the shelters. “The city will keep every bed open through the winter,” he said in the statement."
    )
    quotes = quotes_of(nlp, text)
    assert one(quotes, "another shelter", "direct").speaker == "Paul Brandt"
    assert one(quotes, "every bed open", "direct").speaker == "Victor Lane"


# ---- attribution, one construction each (fictional people)


def test_cue_after(nlp: Language) -> None:
    qs = quotes_of(nlp, '"The shelters are full and we have no more beds," said Mayor Daniel Reyes.')
    q = one(qs, "shelters are full", "direct")
    assert (q.speaker, q.cue) == ("Daniel Reyes", "said")


def test_cue_before_with_colon(nlp: Language) -> None:
    qs = quotes_of(nlp, 'State Senator Lena Brooks told reporters: "We will not fund this program again next year."')
    assert one(qs, "We will not fund", "direct").speaker == "Lena Brooks"


def test_cue_in_the_middle(nlp: Language) -> None:
    qs = quotes_of(
        nlp,
        'Mayor Daniel Reyes spoke on Monday. "We are ready for them," Reyes said. '
        '"The buses can come tomorrow morning and we will meet every one."',
    )
    assert one(qs, "ready for them").speaker == "Daniel Reyes"
    assert one(qs, "buses can come").speaker == "Daniel Reyes"


def test_continuation_paragraph_keeps_speaker(nlp: Language) -> None:
    text = (
        "Governor Maria Delgado spoke after the vote.\n\n"
        '"This budget keeps every clinic open through the winter," Delgado said.\n\n'
        '"It also pays for two hundred new caseworkers across the state."'
    )
    assert one(quotes_of(nlp, text), "two hundred new caseworkers").speaker == "Maria Delgado"


def test_quotation_spanning_paragraphs(nlp: Language) -> None:
    text = (
        "Police Commissioner Frank Okafor issued the following statement:\n\n"
        "“Our officers worked through the night to keep the harbor safe.\n\n"
        "“We will publish a full account of the response next week.”"
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "worked through the night").speaker == "Frank Okafor"
    assert one(qs, "full account of the response").speaker == "Frank Okafor"


def test_partial_quote_in_reported_speech(nlp: Language) -> None:
    text = (
        "Governor Maria Delgado visited the port on Tuesday.\n\n"
        "The governor noted that the state had already spent its emergency reserve, "
        '"and we cannot keep doing this without federal help."'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "cannot keep doing this", "direct").speaker == "Maria Delgado"
    assert one(qs, "already spent its emergency reserve", "indirect").speaker == "Maria Delgado"


def test_according_to(nlp: Language) -> None:
    qs = quotes_of(
        nlp, "The number of families in the shelters doubled last month, according to Commissioner Frank Okafor."
    )
    q = one(qs, "number of families", "indirect")
    assert (q.speaker, q.cue) == ("Frank Okafor", "according to")


def test_indirect_said_and_warned(nlp: Language) -> None:
    qs = quotes_of(
        nlp,
        "Mayor Daniel Reyes said the city would open two more shelters by March. "
        "Reyes also warned landlords to stop evicting families during the storm.",
    )
    assert one(qs, "open two more shelters", "indirect").speaker == "Daniel Reyes"
    q = one(qs, "landlords to stop evicting", "indirect")
    assert (q.speaker, q.cue) == ("Daniel Reyes", "warned")


def test_organisation_speaker(nlp: Language) -> None:
    text = (
        "The Harbor Transit Authority closed two piers on Monday after the storm.\n\n"
        '"The piers will remain closed until the repairs are finished," the authority said in a statement.'
    )
    q = one(quotes_of(nlp, text), "piers will remain closed")
    assert q.speaker == "Harbor Transit Authority"
    assert q.speaker_is_org


def test_pronoun_picks_the_right_earlier_person(nlp: Language) -> None:
    text = (
        "Governor Maria Delgado said she would meet Mayor Daniel Reyes next week.\n\n"
        "Reyes said his city had run out of beds for new arrivals.\n\n"
        'Delgado met Reyes at the capitol on Friday. "We need more help from Washington," he said.'
    )
    assert one(quotes_of(nlp, text), "more help from Washington").speaker == "Daniel Reyes"


def test_pronoun_prefers_the_subject(nlp: Language) -> None:
    text = (
        "Governor Maria Delgado praised Mayor Daniel Reyes on Friday for the new shelter program. "
        '"He has been a strong partner for this state," she said.'
    )
    assert one(quotes_of(nlp, text), "strong partner").speaker == "Maria Delgado"


def test_pronoun_prefers_a_subject_the_parser_made_a_conjunct_of_a_place(nlp: Language) -> None:
    """ "Place, State, Mayor X, a Republican, praised Governor Y's plan, but he said ...": "he" is the mayor,
    the subject, even when the parser hangs the name on the place before it (``_conjunct_of_subject``)."""
    text = (
        "Caldera, Nevada, Mayor Oskar Brandt, a Republican and a former sheriff, praised Governor Tomas "
        "Vell's harbor plan, but he said the ferries lack crews for the winter."
    )
    assert one(quotes_of(nlp, text), "ferries lack crews").speaker == "Oskar Brandt"


def test_party_description_is_the_office_holder_named_before(nlp: Language) -> None:
    """``party_description_of_named_politician``: no one's party is given, so "the Nevada Republican" is the
    senator named just before, not a speaker called "Republican"."""
    text = (
        "Sen. Oskar Brandt played down talk of a run for governor on Sunday.\n\n"
        "“I have been in the Senate for five months,” the Nevada Republican said to the host."
    )
    assert one(quotes_of(nlp, text), "five months").speaker == "Oskar Brandt"


def test_three_quoted_words_that_make_a_sentence_are_a_quotation(nlp: Language) -> None:
    """``short_full_sentence``: “We will reopen," Director X said. "It takes time.” gives two quotations; a
    three-word quoted term without a verb stays a scare quote."""
    text = '“The locks stay shut," Harbor Director Ines Vale said. "Repairs take time.” The boat was christened as "The Last Ferry."'
    quotes = quotes_of(nlp, text)
    assert one(quotes, "Repairs take time").speaker == "Ines Vale"
    assert not [q for q in quotes if "Last Ferry" in q.text]


def test_short_speech_before_cue(nlp: Language) -> None:
    """``short_speech_before_cue``: three to five quoted words opening the sentence, closed on a comma and followed
    by the speaker and a speech verb, are speech; one or two are never a quotation (SCHEMA.md), nor is a one-word
    scare quote inside a sentence."""
    text = "“Be quiet now,” Dale Brandt said during the exchange. “I agree,” Rosa Quill continued, “time is short.”"
    quotes = quotes_of(nlp, text)
    assert one(quotes, "Be quiet now").speaker == "Dale Brandt"
    assert not [q for q in quotes if q.text.startswith("I agree")]
    three = quotes_of(nlp, "Rosa Quill smiled. “I guarantee you,” she continued with a grin, “there is no problem.”")
    assert one(three, "I guarantee you").speaker == "Rosa Quill"
    scare = quotes_of(nlp, "The “rigged” count, Dale Brandt said, was a disgrace.")
    assert [q.kind for q in scare] == ["indirect"]


def test_short_speech_after_colon(nlp: Language) -> None:
    """``short_speech_after_colon``: a few words quoted right after "yelled back:" are speech; after a colon
    that closes no speech ("The plan has a name:") a title-case name stays a name."""
    quotes = quotes_of(nlp, "Without missing a beat a man in the audience yelled back: “Not your fault!”")
    assert one(quotes, "Not your fault").speaker == "man"
    assert quotes_of(nlp, "The plan has a name: “Harbor First Plan.”") == []


def test_candidate_description_is_the_named_nominee(nlp: Language) -> None:
    """``description_of_named_person``: "the candidate" is the person described as a nominee before."""
    text = (
        "Oskar Brandt, the Republican nominee for governor, held a rally in Caldera on Monday.\n\n"
        '"We will win this state by a mile," the candidate said.'
    )
    assert one(quotes_of(nlp, text), "win this state").speaker == "Oskar Brandt"


def test_role_noun_resolves_to_title_holder(nlp: Language) -> None:
    text = (
        "Police Commissioner Frank Okafor and Mayor Daniel Reyes toured the pier.\n\n"
        '"We have never seen the water this high in the harbor," the commissioner said.'
    )
    assert one(quotes_of(nlp, text), "water this high").speaker == "Frank Okafor"


def test_scare_quotes_are_not_quotations(nlp: Language) -> None:
    qs = quotes_of(
        nlp,
        'Critics called the plan a "stopgap" and said the "new normal" would not last. '
        'Crews built "temporary winter camps" near the river.',
    )
    assert not [q for q in qs if q.kind == "direct"]


def test_short_phrase_with_a_speech_verb_counts(nlp: Language) -> None:
    qs = quotes_of(nlp, 'Mayor Daniel Reyes called it "a very long night" for the city.')
    assert one(qs, "very long night", "direct").speaker == "Daniel Reyes"


def test_shouting_lines_are_not_quotes(nlp: Language) -> None:
    text = (
        "'WE WILL REBUILD': HARBOR CITY COUNTS THE COST OF THE STORM\n\n"
        "DOWNLOAD OUR APP FOR THE LATEST NEWS\n\n"
        '"We will rebuild every pier," Mayor Daniel Reyes said.'
    )
    qs = quotes_of(nlp, text)
    assert [q.text for q in qs] == ["We will rebuild every pier"]  # no trailing comma (SCHEMA, issue #13)


def test_speaker_named_only_in_the_title(nlp: Language) -> None:
    text = "“Our state will keep every clinic open through the winter and into the spring.”"
    q = one(quotes_of(nlp, text, title="Statement by Governor Maria Delgado on Clinic Funding"), "every clinic")
    assert q.speaker == "Maria Delgado"


def test_statement_reads_is_its_author(nlp: Language) -> None:
    text = (
        "In a statement from Harbor Commissioner Priya Raman released late on Sunday, the agency "
        "said the port would reopen.\n\n"
        '"Every berth has been inspected and the channel is clear again," the statement reads.'
    )
    assert one(quotes_of(nlp, text), "Every berth").speaker == "Priya Raman"


def test_dash_attribution(nlp: Language) -> None:
    text = "“We will keep every shelter open this winter, whatever it costs the city.” – Mayor Daniel Reyes"
    assert one(quotes_of(nlp, text), "keep every shelter open").speaker == "Daniel Reyes"


def test_dateline_is_not_the_speaker(nlp: Language) -> None:
    qs = quotes_of(
        nlp, "HARBOR CITY, Ore. (AP) — Port officials said Monday that cargo traffic fell by a third in March."
    )
    assert one(qs, "cargo traffic fell", "indirect").speaker == "Port officials"


def test_administration_named_for_a_person_is_an_organisation(nlp: Language) -> None:
    text = (
        "President Ana Ruiz met the mayors on Monday.\n\n"
        'The Ruiz administration is urging families not to "believe the rumors spread by smugglers."'
    )
    qs = quotes_of(nlp, text)
    q = one(qs, "believe the rumors", kind="direct")
    assert q.speaker == "Ruiz administration" and q.speaker_is_org
    # the reported clause holding the partial quotation is reported speech of the same speaker (issue #13)
    assert one(qs, "believe the rumors", kind="indirect").speaker == "Ruiz administration"


def test_abbreviated_title_answers_to_its_role_noun(nlp: Language) -> None:
    text = (
        "Coastal Gov. Maria Delgado toured the levee with Rep. Paul Hart on Monday.\n\n"
        '"We are sending every crew we have to the river," the governor said.\n\n'
        '"The federal government has left this district alone," the congressman said.'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "every crew").speaker == "Maria Delgado"
    assert one(qs, "left this district alone").speaker == "Paul Hart"


def test_quoted_title_of_a_report_is_not_a_quotation(nlp: Language) -> None:
    qs = quotes_of(nlp, 'The agency published "Harbor Safety and Coastal Shelter Capacity Review 2025" on its website.')
    assert not [q for q in qs if q.kind == "direct"]


# ---- newswire constructions (fictional people and places)


def test_said_x_a_spokesperson_for_y(nlp: Language) -> None:
    qs = quotes_of(
        nlp, '"The review will take several weeks," said Tomas Vireo, a spokesperson for the Caldera Port Authority.'
    )
    q = one(qs, "review will take", "direct")
    assert (q.speaker, q.cue) == ("Tomas Vireo", "said")


def test_told_reporters(nlp: Language) -> None:
    text = (
        "Sheriff Nadia Colquitt told reporters on Thursday that the county jail had been full since June.\n\n"
        '"We are sleeping people in the gym now," Colquitt told reporters.'
    )
    qs = quotes_of(nlp, text)
    q = one(qs, "jail had been full", "indirect")
    assert (q.speaker, q.cue) == ("Nadia Colquitt", "told")
    assert one(qs, "sleeping people in the gym", "direct").speaker == "Nadia Colquitt"


def test_said_in_an_interview(nlp: Language) -> None:
    text = (
        "Deputy Mayor Greta Olsen has run the city's housing office for six years.\n\n"
        '"I never expected the waiting list to grow this fast," Olsen said in an interview on Wednesday.'
    )
    assert one(quotes_of(nlp, text), "waiting list to grow", "direct").speaker == "Greta Olsen"


def test_in_a_statement_the_agency_said(nlp: Language) -> None:
    text = (
        "The Caldera Water Authority confirmed the outage on Monday.\n\n"
        "In a statement, the agency said crews would restore service to every district by Friday."
    )
    q = one(quotes_of(nlp, text), "restore service", "indirect")
    assert q.speaker == "Caldera Water Authority" and q.speaker_is_org


def test_colon_after_a_clause_without_a_speech_verb(nlp: Language) -> None:
    text = (
        "Attorney General Rosalind Achterberg was blunt at the hearing on Tuesday: "
        '"No county will be left to pay for this on its own."'
    )
    assert one(quotes_of(nlp, text), "No county will be left", "direct").speaker == "Rosalind Achterberg"


def test_added(nlp: Language) -> None:
    text = (
        '"The repairs are finished," said Police Commissioner Frank Okafor. '
        '"We will keep two patrol boats in the harbor all winter," Okafor added.'
    )
    q = one(quotes_of(nlp, text), "two patrol boats", "direct")
    assert (q.speaker, q.cue) == ("Frank Okafor", "added")


def test_question_in_quotes(nlp: Language) -> None:
    qs = quotes_of(nlp, '"Where are these families supposed to go tonight?" asked Councilmember Ibrahim Sadeq.')
    q = one(qs, "Where are these families", "direct")
    assert (q.speaker, q.cue) == ("Ibrahim Sadeq", "asked")


def test_em_dash_interruption_inside_a_quotation(nlp: Language) -> None:
    text = (
        '"The money is there — it has been there since the spring — but nobody has signed the order," '
        "said Chief Judge Evelyn Marchetti."
    )
    qs = quotes_of(nlp, text)
    assert len([q for q in qs if q.kind == "direct"]) == 1
    assert one(qs, "nobody has signed the order", "direct").speaker == "Evelyn Marchetti"


def test_who_clause_between_speaker_and_verb(nlp: Language) -> None:
    text = (
        "Luis Arambide, who has led the county's public defender office since 2019, said the backlog of "
        "cases had doubled in two years."
    )
    assert one(quotes_of(nlp, text), "backlog of cases had doubled", "indirect").speaker == "Luis Arambide"


def test_two_speakers_alternating_with_pronouns(nlp: Language) -> None:
    text = (
        "Mayor Helen Strand said she would not reopen the old armory as a shelter.\n\n"
        '"That building has no heat and a leaking roof," she said.\n\n'
        "Council President Marcus Obi said he disagreed with the mayor.\n\n"
        '"There are empty buildings all over this city and we are leaving them empty," he said.\n\n'
        '"Show me one that is safe and I will open it tomorrow," she said.'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "leaking roof").speaker == "Helen Strand"
    assert one(qs, "empty buildings all over").speaker == "Marcus Obi"
    assert one(qs, "Show me one that is safe").speaker == "Helen Strand"


def test_the_mayors_spokesperson_is_not_the_mayor(nlp: Language) -> None:
    text = (
        "Mayor Helen Strand signed the order on Monday.\n\n"
        '"The mayor has asked every department to find the money," the mayor\'s spokesperson said.'
    )
    q = one(quotes_of(nlp, text), "find the money", "direct")
    assert q.speaker and "spokesperson" in q.speaker


def test_the_mayors_spokesperson_named_earlier(nlp: Language) -> None:
    text = (
        "Pia Lindqvist, a spokeswoman for Mayor Helen Strand, said the order would be signed on Monday.\n\n"
        '"Nothing has changed since last week," the mayor\'s spokeswoman said on Tuesday.'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "order would be signed", "indirect").speaker == "Pia Lindqvist"
    assert one(qs, "Nothing has changed", "direct").speaker == "Pia Lindqvist"


def test_the_governors_office_is_an_organisation(nlp: Language) -> None:
    text = (
        "Gov. Marisol Ekwueme toured the flooded valley on Sunday.\n\n"
        '"Every county that asked for help has received it," the governor\'s office said in a statement.'
    )
    q = one(quotes_of(nlp, text), "Every county that asked", "direct")
    assert q.speaker and "office" in q.speaker and q.speaker_is_org


def test_lieutenant_governor_and_governor(nlp: Language) -> None:
    text = (
        "Gov. Marisol Ekwueme and Lt. Gov. Anders Bexley toured the valley on Sunday.\n\n"
        '"We have never seen the river this high," the lieutenant governor said.\n\n'
        '"The state will pay for every repair," the governor said.'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "river this high").speaker == "Anders Bexley"
    assert one(qs, "pay for every repair").speaker == "Marisol Ekwueme"


def test_the_lawmaker_is_the_representative(nlp: Language) -> None:
    text = (
        "Rep. Dora Lindahl introduced the bill on Thursday.\n\n"
        '"This gives every port town a seat at the table," the lawmaker said.'
    )
    assert one(quotes_of(nlp, text), "seat at the table").speaker == "Dora Lindahl"


def test_delegate_abbreviation(nlp: Language) -> None:
    text = (
        "Del. Carlos Benavente (D) filed the amendment late on Friday.\n\n"
        '"The counties cannot wait another session for this money," the delegate said.'
    )
    assert one(quotes_of(nlp, text), "cannot wait another session").speaker == "Carlos Benavente"


def test_surname_only_several_paragraphs_later(nlp: Language) -> None:
    text = (
        "Chief Judge Evelyn Marchetti ordered the court to hear the cases in the evenings.\n\n"
        "The order takes effect on Monday.\n\n"
        "Lawyers for the county had asked for more time.\n\n"
        '"Justice delayed this long is justice denied," Marchetti wrote in the order.'
    )
    q = one(quotes_of(nlp, text), "Justice delayed", "direct")
    assert (q.speaker, q.cue) == ("Evelyn Marchetti", "wrote")


def test_two_people_with_the_same_surname(nlp: Language) -> None:
    text = (
        "Mayor Helen Strand and her brother, state Sen. Viktor Strand, rarely agree on housing.\n\n"
        '"The city has done its part," Helen Strand said.\n\n'
        '"The state has paid for most of it," Viktor Strand said.'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "city has done its part").speaker == "Helen Strand"
    assert one(qs, "state has paid").speaker == "Viktor Strand"


def test_lowercase_the_president_said(nlp: Language) -> None:
    text = (
        "President Adaeze Okonkwo met the governors at the capital on Monday.\n\n"
        '"No region will be left behind in this recovery," the president said.'
    )
    assert one(quotes_of(nlp, text), "No region will be left", "direct").speaker == "Adaeze Okonkwo"


def test_quotation_with_ellipses(nlp: Language) -> None:
    text = (
        "“We are asking people for patience … the repairs will take most of the winter,” said Police "
        'Commissioner Frank Okafor. "We checked every pier... and two of them will have to be rebuilt."'
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "asking people for patience", "direct").speaker == "Frank Okafor"
    assert one(qs, "two of them will have", "direct").speaker == "Frank Okafor"


def test_nested_single_quotes(nlp: Language) -> None:
    text = "\"When the officer told me 'go home,' I had no home to go to,\" said Ana Ruiz, a home health aide."
    qs = quotes_of(nlp, text)
    q = one(qs, "I had no home to go to", "direct")
    assert "'go home,'" in q.text and q.speaker == "Ana Ruiz"
    assert not [x for x in qs if x.text.strip(" ,") == "go home"]


def test_quote_paragraph_after_a_speaker_introduced_with_a_role(nlp: Language) -> None:
    text = (
        "Renata Solberg, who chairs the county board, said the budget would be cut.\n\n"
        '"We cannot keep borrowing to pay for the shelters," she said.'
    )
    assert one(quotes_of(nlp, text), "keep borrowing", "direct").speaker == "Renata Solberg"


def test_byline_and_credits_say_nothing(nlp: Language) -> None:
    text = (
        "By Nora Quill and Peter Bask\n\n"
        '"We will reopen the bridge in March," said Secretary of State Miriam Oduya.\n\n'
        "Dana Whitcombe contributed reporting from Caldera.\n\n"
        "Photo by Lars Penhallow"
    )
    qs = quotes_of(nlp, text)
    assert [q.speaker for q in qs] == ["Miriam Oduya"]


def test_quotation_over_paragraphs_takes_the_speaker_who_closes_it(nlp: Language) -> None:
    text = (
        "The county's new public defender took questions from reporters on Friday.\n\n"
        "“We had 4,000 open cases when I walked in the door, and we had 31 lawyers.\n\n"
        "“Nobody can do justice with numbers like that,” said Alma Ruiz-Tejeda."
    )
    qs = quotes_of(nlp, text)
    assert one(qs, "4,000 open cases").speaker == "Alma Ruiz-Tejeda"
    assert one(qs, "Nobody can do justice").speaker == "Alma Ruiz-Tejeda"


def test_aside_between_name_and_verb(nlp: Language) -> None:
    text = (
        "Police Chief Oskar Halvorsen toured the shelter.\n\n"
        'Halvorsen, asked about the cost, said: "We have plenty of overtime left in this year\'s budget."'
    )
    assert one(quotes_of(nlp, text), "plenty of overtime", "direct").speaker == "Oskar Halvorsen"


def test_name_between_commas_after_a_title_phrase(nlp: Language) -> None:
    text = (
        "A spokesperson for the state Department of Human Services, Ellen Marsh, said the agency "
        '"is reviewing every request it has received this month."'
    )
    assert one(quotes_of(nlp, text), "reviewing every request", "direct").speaker == "Ellen Marsh"


def test_the_republican_said(nlp: Language) -> None:
    text = (
        "Rep. Dora Lindahl, D-Calif., and Sen. Walter Kinsey, R-Idaho, met on Tuesday.\n\n"
        '"We are not close to a deal on the border money," the Republican said.'
    )
    assert one(quotes_of(nlp, text), "not close to a deal", "direct").speaker == "Walter Kinsey"


def test_single_quotes_and_a_british_title(nlp: Language) -> None:
    text = "Councillor Priya Nandakumar told the council: 'This is the worst winter I can remember in this city.'"
    assert one(quotes_of(nlp, text), "worst winter I can remember", "direct").speaker == "Priya Nandakumar"


def test_pronouns_learn_gender_from_earlier_attributions(nlp: Language) -> None:
    # nothing but the attributions tells the reader who is "he" and who is "she"
    text = (
        "Mayor Helen Strand opened the meeting.\n\n"
        '"We have two hundred families waiting for a bed tonight," she said.\n\n'
        "Council President Marcus Obi spoke next.\n\n"
        '"Then open the armory on Fifth Street," he said.\n\n'
        '"The armory has no heat at all," Strand said.\n\n'
        '"Then heat it before the weekend," he said.'
    )
    assert one(quotes_of(nlp, text), "heat it before the weekend").speaker == "Marcus Obi"


def test_unnamed_person_reports_speech(nlp: Language) -> None:
    text = (
        "One shelter volunteer, who asked not to be named because she was not authorized to speak, "
        "said the families had been sleeping in the bus station for a week."
    )
    q = one(quotes_of(nlp, text), "sleeping in the bus station", "indirect")
    assert q.speaker == "shelter volunteer"


def test_a_persons_letter_speaks_for_them(nlp: Language) -> None:
    text = (
        "Harbor master Ingrid Solheim resigned on Thursday.\n\n"
        'Solheim\'s resignation letter read, in part: "I can no longer defend decisions I was not allowed to make."'
    )
    assert one(quotes_of(nlp, text), "no longer defend", "direct").speaker == "Ingrid Solheim"


def test_according_to_after_a_quotation_is_not_also_reported_speech(nlp: Language) -> None:
    text = "“The board will name an interim harbor master next week,” according to board Chair Lucille Okafor-Dunn."
    qs = quotes_of(nlp, text)
    assert [(q.kind, q.speaker) for q in qs] == [("direct", "Lucille Okafor-Dunn")]


def test_said_in_a_statement_that(nlp: Language) -> None:
    text = (
        "The Caldera Port Authority said in a statement that processing times had grown because of "
        "staffing shortages at the gates."
    )
    q = one(quotes_of(nlp, text), "processing times had grown", "indirect")
    assert q.speaker == "Caldera Port Authority" and q.speaker_is_org


def test_object_pronoun_is_not_the_subject(nlp: Language) -> None:
    text = (
        "Harbor Secretary Adrian Kestrel defended the new gate system on Wednesday.\n\n"
        'Rep. Maxine Trevino-Holt (D-Ore.) pressed him on the delays. "Order for whom?" she asked.'
    )
    assert one(quotes_of(nlp, text), "Order for whom", "direct").speaker == "Maxine Trevino-Holt"


def test_declining_to_say_or_asking_whether_reports_nothing(nlp: Language) -> None:
    text = (
        "Gov. Marisol Ekwueme declined to say whether she would sign the harbor bill this week. "
        "Reporters asked whether the state would pay for the new shelters."
    )
    assert not [q for q in quotes_of(nlp, text) if q.kind == "indirect"]


def test_subject_of_reported_clause_is_not_the_next_speaker(nlp: Language) -> None:
    # ``subject_of_reported_clause``: Lund is talked about inside what Brandt said; "he said" goes on with Brandt
    text = (
        "Senator Ivo Brandt said it was a pity that Governor Tomas Lund cut the ferry budget in half.\n\n"
        "“We will fight it in the spring,” he said."
    )
    assert one(quotes_of(nlp, text), "fight it in the spring", "direct").speaker == "Ivo Brandt"


def test_description_of_unnamed_person(nlp: Language) -> None:
    # ``description_of_unnamed_person``: "the mayor" spoke before Moss was named: not a variation on her name
    text = (
        "The mayor opened the budget hearings on Monday.\n\n"
        "Finance chief Ada Moss told the hearing the requests leave a gap of roughly $24 million.\n\n"
        "The mayor said the city has balanced its budgets for ten years without using reserves."
    )
    assert one(quotes_of(nlp, text), "balanced its budgets", "indirect").speaker != "Ada Moss"


def test_subject_of_reported_clause_before_a_second_cue(nlp: Language) -> None:
    # ``subject_of_reported_clause``: Brandt speaks twice; Lund is inside the first of his clauses
    text = (
        "Senator Ivo Brandt said it was a pity that Governor Tomas Lund “cut the ferry budget in half,” but said "
        "“the fight is not over yet.”\n\n"
        "“We will take it to the voters in the spring,” he said."
    )
    assert one(quotes_of(nlp, text), "take it to the voters", "direct").speaker == "Ivo Brandt"
