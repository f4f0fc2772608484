"""An article parsed paragraph by paragraph.

spaCy's sentence splitter runs across blank lines, so each paragraph is parsed as its own Doc;
``ArticleDoc`` keeps them in order with their offsets so rules can look back across paragraphs
(a quote that continues the previous speaker, "he said" two paragraphs later).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bot.feeds.limits import TEXT_MAX_CHARS, TITLE_MAX_CHARS
from bot.models import ArticleInput
from bot.nlp.lexicon import ABBREVIATIONS
from bot.nlp.quotemarks import find_marks

_PARA_SPLIT = re.compile(r"\s*\n\s*")
# Bounds on what reaches the parser, whose memory grows with a text's length (spaCy refuses 1M characters
# at once). A news article is far shorter; a page that is not (a 10 MB archive page, a scraped listing)
# is read up to ARTICLE_MAX_CHARS, and a paragraph longer than PARAGRAPH_MAX_CHARS in pieces.
# A title is read up to TITLE_MAX_CHARS: new ones are cut on the way in (bot.feeds.limits), this covers rows
# stored before that.
ARTICLE_MAX_CHARS = TEXT_MAX_CHARS
PARAGRAPH_MAX_CHARS = 20_000
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def normalise_text(text: str) -> str:
    """NFC, no control characters, one space between words; newlines kept (they separate paragraphs)."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text).strip()


# ``lost_space_after_punctuation``: a comma between two letters ("the state,should act"), or a sentence end
# after a lowercase word or a number and before a capitalised word ("in May.The mayor"), lost its space
# when the text was scraped. Digits around a comma or point ("1,200", "3.5") are numbers; a point after an
# initial or before lowercase ("U.S.", "Ph.D.", "example.com") is an abbreviation or an address.
_LOST_SPACE = re.compile(r"(?<=[A-Za-z]),(?=[A-Za-z])|(?<=[a-z]{2}|[0-9]{2})[.!?](?=[A-Z][a-z])")
_ADDRESS = re.compile(r"://|www\.|@")


def restore_lost_spaces(text: str) -> str:
    """``lost_space_after_punctuation``: "Ines Varga said the county,not the state,should pay.The vote is
    Monday." → "… the county, not the state, should pay. The vote is Monday."; "1,200", "3.5", "U.S.",
    "Ph.D." and words holding an address ("https://a.example/x,y", "mail@Example.Org") are left as they are."""
    if not _LOST_SPACE.search(text):
        return text
    return " ".join(w if _ADDRESS.search(w) else _LOST_SPACE.sub(r"\g<0> ", w) for w in text.split(" "))


# A wire service's tag opening a lede, "(CNN)", "(AP)", "(WNS)": before a capital or an opening mark
WIRE_TAG = r"\([A-Z][A-Z/&.]{1,11}\)"
LEDE_START = r"(?=[A-Z“\"])"
# ``wire_tag_run_in``: the tag with the lede run into it ("(CNN)A suspect …")
_WIRE_TAG_RUN_IN = re.compile(rf"^({WIRE_TAG}){LEDE_START}")


def wire_tag_run_in(text: str) -> str:
    """``wire_tag_run_in``: "(WNS)Three barns burned …" → "(WNS) Three barns burned …", so the tag is a token of
    its own and the lede's first word stays a word (a dateline, dropped from summaries and reported clauses)."""
    return _WIRE_TAG_RUN_IN.sub(r"\1 ", text) if text.startswith("(") else text


# ``block_without_paragraph_breaks``: a paragraph this long is an article (or several paragraphs of one)
# whose breaks were lost on the way (feeds that join paragraphs with spaces); the longest paragraph of the
# dev files is about 900 characters, a news paragraph is usually under 500.
BLOCK_MIN_CHARS = 1_000
BLOCK_ONLY_MIN_CHARS = 500  # a text without any break, this long, is such a block too (two or more paragraphs)
BLOCK_SENTENCES = 3  # sentences of a paragraph recovered from such a block (news paragraphs hold one to three)
# a sentence end: . ? ! and any closing marks, then a space and a capital or an opening quotation mark
_SENTENCE_END = re.compile(r"(?<=[.?!])([\"”’']?)\s+(?=[\"“‘A-Z])")
_LAST_WORD = re.compile(r"(?<![A-Za-z.])([A-Za-z][A-Za-z.]*)\.$")


def _abbreviation_before(text: str, end: int) -> bool:
    """The period before ``end`` closes an abbreviation, not a sentence: initials ("U.S.", "J."), a title or
    another short word of ``ABBREVIATIONS`` ("Gov.", "Calif.", "Jan."), unless what follows can only open a
    sentence: a quotation mark or a function word ("in Washington, D.C. “We …", "in the U.S. The …")."""
    m = _LAST_WORD.search(text, max(0, end - 40), end)
    if m is None:
        return False
    word = m.group(1)
    if not ("." in word or len(word) == 1 or word.lower() in ABBREVIATIONS):
        return False
    after = text[end:].lstrip()
    nxt = after.split(" ", 1)[0].lower()
    return not (after[:1] in '“"' or nxt in STOP_WORDS)


def sentence_units(block: str) -> list[str]:
    """``block_without_paragraph_breaks``: a block of text that lost its paragraph breaks, cut into its
    sentences (``paragraph_units`` makes paragraphs of them). A cut falls only after a sentence end outside
    quotation marks, never after an abbreviation:

    >>> sentence_units('Gov. Ana Ruiz spoke. “We are ready. It is late,” she said. Rain fell in the U.S. on Monday.')
    ['Gov. Ana Ruiz spoke.', '“We are ready. It is late,” she said.', 'Rain fell in the U.S. on Monday.']
    """
    spans = [(sp.start, sp.end) for sp in find_marks(block)]
    units, last = [], 0
    for m in _SENTENCE_END.finditer(block):
        end = m.start()
        if any(lo <= end < hi for lo, hi in spans) or _abbreviation_before(block, end):
            continue
        cut = end + len(m.group(1))  # a closing mark stays with its sentence
        units.append(block[last:cut].strip())
        last = cut
    units.append(block[last:].strip())
    return [u for u in units if u]


# ``typewriter_quotes``: wire copy typeset with two grave accents and two apostrophes for quotation marks
_TYPEWRITER_QUOTE = re.compile(r"``(?=\S)([^`\n]+?)(?<![\d\s])''")  # not around a space, nor "6''" (inches)


def typewriter_quotes(text: str) -> str:
    """``typewriter_quotes``: "``We will reopen,'' the warden said." → "“We will reopen,” the warden said."; a
    pair on one line only, so a lone "``" or an inch mark ("5''") stays as it is."""
    return _TYPEWRITER_QUOTE.sub("\u201c\\1\u201d", text) if "``" in text else text


def split_paragraphs(text: str) -> list[str]:
    paragraphs = [
        wire_tag_run_in(restore_lost_spaces(typewriter_quotes(p.strip())))
        for p in _PARA_SPLIT.split(normalise_text(text[:ARTICLE_MAX_CHARS]))
        if p.strip()
    ]
    pieces = [piece for p in paragraphs for piece in _pieces(p)]
    # the whole text in one paragraph, long enough to have held several: a feed that dropped every break
    block = len(pieces) == 1 and len(pieces[0]) >= BLOCK_ONLY_MIN_CHARS
    return [unit for piece in pieces for unit in _units(piece, block)]


def _units(paragraph: str, only: bool) -> list[str]:
    """A paragraph as it is, or, when it is a block that lost its breaks (the text's only paragraph, of
    ``BLOCK_ONLY_MIN_CHARS``, or any of ``BLOCK_MIN_CHARS``), its sentences grouped in paragraphs; a pipe
    table run into it (``flattened_table``) gets its rows back, one unit each, as its lines were."""
    table = flattened_table(paragraph)
    if table is not None:
        return [*_units(table.before, only), *table.rows, *_units(table.after, only)]
    if not paragraph:
        return []
    return paragraph_units(paragraph) if only or len(paragraph) >= BLOCK_MIN_CHARS else [paragraph]


# ``table_without_line_breaks``: a cell that opens with a number ("1,204", "$3.5", "12%"), then a space
_CELL_NUMBER = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?%?(?=\s|$)")


@dataclass(frozen=True, slots=True)
class FlatTable:
    """A pipe table found in a paragraph: the text before it, its lines (header first), the text after."""

    before: str
    rows: list[str]
    after: str


def _number_and_words(cell: str) -> tuple[str, str] | None:
    """A cell that opens with a number: the number and the words after it ("2,286 May" → "2,286", "May")."""
    m = _CELL_NUMBER.match(cell)
    return (m.group(), cell[m.end() :].strip()) if m else None


def _label_word(word: str) -> bool:
    """A word that can name a table row: capitalised ("April", "Texas") or a number ("2024")."""
    return word[:1].isupper() or word[:1].isdigit()


def _header_and_label(cell: str, label_words: int) -> tuple[str, str] | None:
    """The last header cell run into the first row's label ("Adults with children April"): the label is
    the run of capitalised (or numeric) words at the end, no longer than the other rows' labels, and leaves
    the header at least one word."""
    words = cell.split()
    n = 0
    while n < min(label_words, len(words) - 1) and _label_word(words[-1 - n]):
        n += 1
    return (" ".join(words[:-n]), " ".join(words[-n:])) if n else None


def flattened_table(paragraph: str) -> FlatTable | None:
    """``table_without_line_breaks``: a pipe table (a header line, then "label | value | value" lines) whose
    line breaks became spaces, so that each row's last value runs into the next row's label and the last
    one into the text after the table. Its lines come back when every row holds as many values as the
    header has cells; anything else (one row, a cell that is no number, a line that is a table already)
    gives None:

    >>> t = flattened_table("Arrivals: | Adults | Children April | 1,204 | 310 May | 1,588 | 402 Rain fell.")
    >>> t.before, t.rows, t.after
    ('Arrivals:', ['| Adults | Children', 'April | 1,204 | 310', 'May | 1,588 | 402'], 'Rain fell.')
    """
    if paragraph.count("|") < 3:  # a header cell and two rows of one value at least; most paragraphs have none
        return None
    cells = [c.strip() for c in paragraph.split("|")]
    numbers = [_number_and_words(c) for c in cells]
    first = next((i for i in range(2, len(cells)) if numbers[i] is not None), None)  # a header cell before it
    if first is None:
        return None
    rows: list[list[str]] = [[]]
    labels: list[str] = []
    after = ""
    for i in range(first, len(cells)):
        cell = numbers[i]
        if cell is None:
            return None
        rows[-1].append(cell[0])
        if cell[1] and i == len(cells) - 1:
            after = cell[1]
        elif cell[1]:
            labels.append(cell[1])
            rows.append([])
    width = first - 1  # header cells, the last one run into the first row's label
    if len(rows) < 2 or any(len(r) != width for r in rows):
        return None
    split = _header_and_label(cells[first - 1], max(len(label.split()) for label in labels))
    if split is None:
        return None
    header = [*cells[1 : first - 1], split[0]]
    labels.insert(0, split[1])
    lines = [" | ".join([label, *values]) for label, values in zip(labels, rows, strict=True)]
    return FlatTable(cells[0], ["| " + " | ".join(header), *lines], after)


def _opens_with_quotation(sentence: str) -> bool:
    return sentence[:1] in '“"‘'


def _ends_with_quotation(sentence: str) -> bool:
    return sentence.endswith(("”", '"', "’"))


def paragraph_units(block: str) -> list[str]:
    """``block_without_paragraph_breaks``: a block that lost its paragraph breaks, read as paragraphs of at
    most ``BLOCK_SENTENCES`` sentences (``sentence_units``), as news paragraphs are; a sentence that opens
    with a quotation mark begins a new one and one that ends with a closing mark ends its own, as a news
    paragraph most often begins with a quotation or ends with one:

    >>> paragraph_units('Ana Ruiz spoke. She was brief. Rain fell. Then she left. “We are ready.” She went home.')
    ['Ana Ruiz spoke. She was brief. Rain fell.', 'Then she left.', '“We are ready.”', 'She went home.']
    """
    units: list[str] = []
    count = 0
    for sentence in sentence_units(block):
        if (
            units
            and count < BLOCK_SENTENCES
            and not _opens_with_quotation(sentence)
            and not _ends_with_quotation(units[-1])
        ):
            units[-1] += " " + sentence
            count += 1
        else:
            units.append(sentence)
            count = 1
    return units


def _pieces(paragraph: str) -> Iterator[str]:
    """``paragraph`` in pieces of at most PARAGRAPH_MAX_CHARS, cut after a sentence end where there is one."""
    while len(paragraph) > PARAGRAPH_MAX_CHARS:
        window = paragraph[:PARAGRAPH_MAX_CHARS]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 1 if cut > PARAGRAPH_MAX_CHARS // 2 else window.rfind(" ")
        cut = cut if cut > 0 else PARAGRAPH_MAX_CHARS
        yield paragraph[:cut].strip()
        paragraph = paragraph[cut:].strip()
    if paragraph:
        yield paragraph


@dataclass  # no slots: the per-paragraph views below are cached properties
class ArticleDoc:
    """An article's paragraphs as parsed, with per-paragraph views the rules share. The views are read once
    here because spaCy computes them again at every call: ``doc.text`` joins all the tokens, ``doc[i]`` and
    ``for t in doc`` make new Token objects, ``doc.sents`` walks the whole paragraph."""

    paragraphs: list[Doc]
    title: Doc | None = None
    source: ArticleInput | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.texts)

    @cached_property
    def paragraph_texts(self) -> list[str]:
        """Each paragraph's text (``texts`` as parsed, or read from the Docs when built without them)."""
        return self.texts if len(self.texts) == len(self.paragraphs) else [d.text for d in self.paragraphs]

    @cached_property
    def tokens(self) -> list[list[Token]]:
        """Each paragraph's tokens, made once."""
        return [list(doc) for doc in self.paragraphs]

    @cached_property
    def words(self) -> list[list[str]]:
        """Each paragraph's token texts (``Token.text`` is a string-store lookup at every call)."""
        return [[t.text for t in toks] for toks in self.tokens]

    @cached_property
    def lower_words(self) -> list[list[str]]:
        """Each paragraph's tokens lowercased (``Token.lower_``)."""
        return [[t.lower_ for t in toks] for toks in self.tokens]

    @cached_property
    def lower_lemmas(self) -> list[list[str]]:
        """Each paragraph's lemmas lowercased (``Token.lemma_.lower()``)."""
        return [[t.lemma_.lower() for t in toks] for toks in self.tokens]

    @cached_property
    def pos_tags(self) -> list[list[str]]:
        """Each paragraph's coarse part-of-speech tags (``Token.pos_``)."""
        return [[t.pos_ for t in toks] for toks in self.tokens]

    @cached_property
    def sentences(self) -> list[list[Span]]:
        """Each paragraph's sentences."""
        return [list(doc.sents) if len(doc) else [] for doc in self.paragraphs]

    @cached_property
    def sentence_starts(self) -> list[list[int]]:
        """For each paragraph, the start of each token's sentence (``Token.sent.start``)."""
        return [[s.start for s in sents for _ in range(len(s))] for sents in self.sentences]

    @cached_property
    def entities(self) -> list[list[Span]]:
        """Each paragraph's named entities (``Doc.ents`` makes their Spans again at every call)."""
        return [list(doc.ents) for doc in self.paragraphs]


def parse_articles(
    nlp: Language,
    articles: Sequence[ArticleInput],
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[ArticleDoc]:
    """Parse many articles in one ``nlp.pipe`` stream (titles and paragraphs together), in order."""

    def units() -> Iterable[tuple[str, tuple[int, int]]]:
        for i, art in enumerate(articles):
            if art.title:
                yield normalise_text(art.title[:TITLE_MAX_CHARS]).replace("\n", " "), (i, -1)
            for j, para in enumerate(split_paragraphs(art.text)):
                yield para, (i, j)

    current: ArticleDoc | None = None
    current_idx = -1
    for doc, (i, j) in nlp.pipe(units(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        while current_idx < i:
            if current is not None:
                yield current
            current_idx += 1
            current = ArticleDoc(paragraphs=[], source=articles[current_idx])
        assert current is not None
        if j == -1:
            current.title = doc
        else:
            current.paragraphs.append(doc)
            current.texts.append(doc.text)
    # articles with no text at all still get an (empty) ArticleDoc, in order
    while current_idx < len(articles) - 1:
        if current is not None:
            yield current
        current_idx += 1
        current = ArticleDoc(paragraphs=[], source=articles[current_idx])
    if current is not None:
        yield current
