"""Quotations and their speakers: the seed article, then one construction per test on our own sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from bot.models import ArticleInput, Quote
from bot.nlp.document import parse_articles
from bot.nlp.people import find_people
from bot.nlp.quotemarks import find_marks
from bot.nlp.quotes import find_quotes

SEED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seed_article.txt"


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
    assert [q.text for q in qs] == ["We will rebuild every pier,"]


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
    q = one(quotes_of(nlp, text), "believe the rumors")
    assert q.speaker == "Ruiz administration" and q.speaker_is_org


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
