"""Pure person matching: one entry per real person, namesakes kept apart, forgiving queries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.models import Official, Quote
from bot.nlp import lexicon as lx
from bot.people.registry import (
    KnownPerson,
    Mention,
    NameParts,
    clean_name,
    givens_match,
    identify,
    looks_like_name,
    merge_names,
    parse_name,
    people_once,
    resolve,
    search,
)

HOMAN = KnownPerson(1, "Tom Homan", title="border czar", aliases=("Homan",), titles=("incoming border czar",))
ERIC = KnownPerson(2, "Eric Adams", title="New York City Mayor", aliases=("Adams",), co_mentions=("Tom Homan",))
JERRY = KnownPerson(3, "Jerry Adams", title="U.S. Representative", aliases=("Adams",), co_mentions=("Mike Johnson",))
SHAW = KnownPerson(4, "Adam Shaw")
PEOPLE = [HOMAN, ERIC, JERRY, SHAW]


@pytest.mark.parametrize(
    ("short", "formal"),
    [("Tom", "Thomas"), ("Bill", "William"), ("Bob", "Robert"), ("Jim", "James"), ("Mike", "Michael"),
     ("Liz", "Elizabeth"), ("Chuck", "Charles"), ("Joe", "Joseph"), ("Dick", "Richard"), ("Kate", "Katherine")],
)
def test_nicknames_resolve_to_one_person(short: str, formal: str) -> None:
    person = KnownPerson(10, f"{formal} Walker")
    assert resolve(Mention(f"{short} Walker"), [person]).person_id == 10
    assert resolve(Mention(f"{formal} Walker"), [KnownPerson(11, f"{short} Walker")]).person_id == 11
    assert givens_match(short.lower(), formal.lower())


def test_homan_variants_are_one_person() -> None:
    for name in ("Homan", "Tom Homan", "Thomas Homan", "T. Homan", "Mr. Homan", "Homan's", "border czar Tom Homan"):
        assert resolve(Mention(name), PEOPLE).person_id == 1, name


def test_different_given_names_are_different_people() -> None:
    assert resolve(Mention("Mike Adams"), PEOPLE).is_new
    assert resolve(Mention("Eric Adams"), PEOPLE).person_id == 2
    assert resolve(Mention("Tim Walker"), [KnownPerson(5, "Tom Walker")]).is_new
    assert not givens_match("tom", "tim") and not givens_match("jim", "john")


def test_bare_surname_attaches_to_the_only_namesake_or_stays_ambiguous() -> None:
    assert resolve(Mention("Adams"), [ERIC, SHAW]).person_id == 2
    both = resolve(Mention("Adams"), PEOPLE)
    assert both.is_ambiguous and set(both.candidates) == {2, 3}
    assert resolve(Mention("Nobody"), PEOPLE).is_new


def test_context_tells_namesakes_apart() -> None:
    assert resolve(Mention("Adams", title="mayor"), PEOPLE).person_id == 2
    assert resolve(Mention("Adams", title="Representative"), PEOPLE).person_id == 3
    assert resolve(Mention("Adams", co_mentions=("Homan",)), PEOPLE).person_id == 2
    assert resolve(Mention("Adams", co_mentions=("Speaker Mike Johnson",)), PEOPLE).person_id == 3
    assert resolve(Mention("Adams", title="spokesperson"), PEOPLE).is_ambiguous  # no clear fit: no guess


def test_full_name_mention_upgrades_a_bare_surname_entry() -> None:
    trump = KnownPerson(7, "Trump", title="President-elect")
    assert resolve(Mention("Donald Trump"), [trump]).person_id == 7
    assert merge_names("Trump", [], ["Donald Trump", "President-elect Trump"]) == ("Donald Trump", ["Trump"])


def test_merge_names_keeps_the_first_full_name() -> None:
    assert merge_names("Tom Homan", ["Homan"], ["Thomas Homan", "Mr. Homan", "tom homan"]) == (
        "Tom Homan", ["Homan", "Thomas Homan"]
    )


def test_full_name_alias_does_not_widen_to_namesakes() -> None:
    # the mention's own bare alias "Adams" must not make it fit Jerry Adams
    assert resolve(Mention("Eric Adams", aliases=("Adams",)), PEOPLE).person_id == 2


def test_accents_and_case_are_ignored() -> None:
    person = KnownPerson(8, "José Díaz-Balart")
    assert resolve(Mention("Jose Diaz-Balart"), [person]).person_id == 8
    assert search("diaz-balart", [person]).person_id == 8


def test_parse_and_clean() -> None:
    assert clean_name("Sen. Alex Padilla Jr.") == "Alex Padilla"
    assert clean_name("Mayor Adams's") == "Adams"
    assert clean_name("VP Quill") == "Quill"  # "VP Harris" is Harris, not someone whose given name is "VP"
    assert parse_name("Chris Van Hollen") == parse_name("Sen. Chris Van Hollen")
    assert parse_name("Van Hollen").surname == "van hollen"
    assert parse_name("Bill de Blasio").given == "bill"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Eric Adams", True), ("de Blasio", True), ("Murad Awawdeh", True), ("immigration activists", False),
     ("ICE", False), ("New York Immigration Coalition", False), ("he", False), ("", False), (None, False),
     ("Department of Homeland Security", False), ("WE'VE TURNED", False), ("Mr.", False), ("Sen.", False)],
)
def test_looks_like_name(text: str | None, expected: bool) -> None:
    assert looks_like_name(text) is expected


def test_search_finds_typos_and_returns_candidates() -> None:
    assert search("Homna", PEOPLE).person_id == 1
    assert search("Eric Adams", PEOPLE).person_id == 2
    assert search("Jery Adams", PEOPLE).person_id == 3
    ambiguous = search("Adams", PEOPLE)
    assert ambiguous.person_id is None and {m.person_id for m in ambiguous.candidates} == {2, 3}
    assert search("Shaw", PEOPLE).person_id == 4


def test_search_falls_back_to_titles() -> None:
    assert search("border czar", PEOPLE).person_id == 1
    lee = KnownPerson(9, "Ann Lee", "State Representative")
    assert {m.person_id for m in search("representative", [*PEOPLE, lee]).candidates} == {3, 9}


def test_search_unknown_name_suggests_nearest() -> None:
    result = search("Holmes", [HOMAN, SHAW])
    assert result.person_id is None and result.candidates == []
    assert result.suggestions[:1] == ["Tom Homan"]
    assert search("Qwxyz", PEOPLE).suggestions == []


_name = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)
# A first word that is a surname particle makes the pair a bare surname ("Van Hollen"), tested below.
_given = _name.filter(lambda w: w.lower() not in lx.NAME_PARTICLES)


def test_a_particle_then_one_word_is_a_surname_not_a_given_name() -> None:
    assert parse_name("Van Hollen") == NameParts(given=None, surname="van hollen")
    senator = KnownPerson(1, "Chris Van Hollen")
    assert resolve(Mention("Van Hollen"), [senator]).person_id == 1


@settings(max_examples=60, deadline=None)
@given(first=_given, last=_name)
def test_a_person_resolves_to_themselves(first: str, last: str) -> None:
    person = KnownPerson(1, f"{first} {last}")
    assert resolve(Mention(f"{first} {last}"), [person]).person_id == 1
    assert resolve(Mention(last), [person]).person_id == 1
    assert search(f"{first} {last}", [person]).person_id == 1


# --- one article's people (identify): the registry decides who is who, the directory only stores -----------------


class MemoryDirectory:
    """A PersonDirectory in memory: resolves like the database does, creating people on first sight."""

    def __init__(self, *people: KnownPerson) -> None:
        self.people = list(people)
        self.asked: list[Mention] = []

    async def person_for(self, mention: Mention) -> KnownPerson | None:
        self.asked.append(mention)
        found = resolve(mention, self.people)
        if found.person_id is not None:
            return next(p for p in self.people if p.id == found.person_id)
        if found.is_ambiguous:
            return None
        person = KnownPerson(len(self.people) + 100, clean_name(mention.name), title=mention.title)
        self.people.append(person)
        return person


async def test_identify_names_people_once_with_their_title_and_an_official_entry_winning() -> None:
    quill_official = Official("Marta Quill", "harbour commissioner")
    quill_plain = Official("Marta Quill", None, is_official=False)
    directory = MemoryDirectory()
    found = await identify(people_once([quill_official, quill_plain, Official("Dov Brantley", None)]), [], directory)
    quill, brantley = directory.people
    assert found.named == {quill.id: ("harbour commissioner", True), brantley.id: (None, True)}
    assert directory.asked[0].co_mentions == ("Dov Brantley",)  # the others named alongside tell namesakes apart


async def test_identify_finds_a_speaker_among_the_people_the_article_names_first() -> None:
    directory = MemoryDirectory()
    said = Quote("The pier reopens Monday.", "Quill", "direct")
    found = await identify([Official("Marta Quill", "harbour commissioner")], [said], directory)
    assert found.speakers == [directory.people[0].id]
    assert len(directory.asked) == 1  # "Quill" was matched within the article, not looked up again


async def test_identify_looks_up_other_speakers_and_counts_them_as_named() -> None:
    known = KnownPerson(7, "Ines Varga", title="port director", aliases=("Varga",))
    directory = MemoryDirectory(known)
    quotes = [
        Quote("Ships will wait.", "Ines Varga", "direct"),
        Quote("We disagree.", "Port Authority", "direct", speaker_is_org=True),
    ]
    found = await identify([Official("Marta Quill", None)], quotes, directory)
    assert found.speakers == [7, None]
    assert found.named[7] == (None, False)
    assert directory.asked[-1] == Mention("Ines Varga", co_mentions=("Marta Quill",))


async def test_identify_skips_what_is_not_a_name_and_ambiguous_speakers() -> None:
    lunds = KnownPerson(1, "Ada Lund", aliases=("Lund",)), KnownPerson(2, "Piet Lund", aliases=("Lund",))
    directory = MemoryDirectory(*lunds)
    found = await identify([Official("the ministry", None)], [Quote("No comment.", "Lund", "direct")], directory)
    assert found.named == {} and found.speakers == [None]


async def test_identify_a_short_form_in_the_same_article_is_the_person_named_in_full() -> None:
    directory = MemoryDirectory()
    quotes = [
        Quote("The count will be certified.", "Ines Marlow Castell", "direct"),
        Quote("Every ballot stands.", "Marlow Castell", "direct"),
        Quote("We appeal today.", "Ybarra", "direct"),
    ]
    people = [Official("Marlow Castell", None), Official("Ines Marlow Castell", "secretary of state"),
              Official("Rosa Ybarra-Lund", None)]
    found = await identify(people, quotes, directory)
    castell, ybarra = directory.people
    assert (castell.name, ybarra.name) == ("Ines Marlow Castell", "Rosa Ybarra-Lund")
    assert found.speakers == [castell.id, castell.id, ybarra.id]
    assert any(m.aliases == ("Marlow Castell",) for m in directory.asked)  # the short form is kept as an alias


async def test_identify_a_short_form_two_people_share_stays_apart() -> None:
    directory = MemoryDirectory()
    people = [Official("Ada Marlow Castell", None), Official("Piet Marlow Castell", None)]
    found = await identify(people, [Quote("No comment.", "Marlow Castell", "direct")], directory)
    assert len(directory.people) == 3 and found.speakers[0] not in {p.id for p in directory.people[:2]}


def test_a_short_form_is_not_merged_across_articles() -> None:
    # "Paul Jones" in another article may be someone other than "John Paul Jones"
    assert resolve(Mention("Paul Jones"), [KnownPerson(1, "John Paul Jones")]).is_new


def test_search_finds_a_part_of_a_hyphenated_surname_exactly() -> None:
    ybarra = KnownPerson(12, "Rosa Ybarra-Lund")
    for query in ("Ybarra", "Lund", "ybarra-lund"):
        found = search(query, [ybarra, SHAW])
        assert found.person_id == 12 and found.score == 100, query
    piet = KnownPerson(13, "Piet Lund")
    assert {m.person_id for m in search("Lund", [ybarra, piet]).candidates} == {12, 13}
    assert search("Ybarr", [ybarra]).score < 100  # a near part is no exact match


@pytest.mark.parametrize("text", ["Vermont Legislature", "Harbor Commission", "State Board", "Port Cabinet"])
def test_a_body_is_no_name(text: str) -> None:
    assert looks_like_name(text) is False


def test_a_description_is_no_alias() -> None:
    # an article's "the judge" for Ada Lund is no name: it must neither be kept nor match "judge" or another judge
    ada = KnownPerson(1, "Ada Lund", title="district judge", aliases=("the judge", "Lund"))
    kept = merge_names("Ada Lund", ["Lund", "the judge"], ["the judge", "Ada B. Lund"])
    assert kept == ("Ada Lund", ["Lund", "Ada B. Lund"])
    assert search("judge", [ada]).score < 100 and search("the judge", [ada]).score < 100  # a title, not a name
    assert resolve(Mention("Piet Varga", aliases=("the judge",)), [ada]).is_new
    assert resolve(Mention("Lund", aliases=("the judge",)), [ada]).person_id == 1
