"""Names grouped into people by surname, each name span a mention of its person, and known surnames found
where the NER tagged them otherwise or missed them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.nlp.people.name_spans import name_text
from bot.nlp.people.person import Mention, name_key
from bot.nlp.people.roster import PeopleScan


def group_by_surname(scan: PeopleScan) -> None:
    """One person per surname and first name, full names first: "Quill" anywhere joins "Rosa Quill"."""
    for p, s, e, _ in sorted(scan.raw, key=lambda r: -(r[2] - r[1])):
        scan.add(p, s, e)


def mention_names(scan: PeopleScan) -> None:
    """Each name span is a mention of its person, in reading order; a shared bare surname is the one named
    last ("Strand said" after "Ola Strand" and "Per Strand": the latest)."""
    for p, s, e, _ in sorted(scan.raw, key=lambda r: (r[0], r[1])):
        doc = scan.adoc.paragraphs[p]
        words = [name_key(w) for w in name_text(doc, s, e).split() if name_key(w)]
        pr = scan.match(words)
        assert pr is not None
        if len(words) == 1:
            pr = scan.latest(words[0], (p, s), pr)
        scan.mentions.append(Mention(p, s, e, pr, in_quote=scan.masks[p][s] if s < len(doc) else False))


def _may_be_surname(t: Token) -> bool:
    """A capitalised word that can be a surname here: a proper noun, an entity, or a common noun or adjective
    not at the start of a sentence ("Young said"; but "Young people" opens a sentence)."""
    if not t.text[:1].isupper() or t.is_upper and len(t) > 1:
        return False
    return t.pos_ == "PROPN" or bool(
        t.ent_type_
        or t.pos_ in {"NOUN", "ADJ"}
        and (not t.is_sent_start or t.dep_ in {"nsubj", "nsubjpass", "poss", "appos"})
    )


def _surname_end(doc: Doc, words: list[str], i: int) -> int:
    """The end of the word at ``i``, past a hyphenated surname the tokenizer split ("Jean-Pierre"); ``words``:
    the paragraph's token texts."""
    end = i + 1
    while end + 1 < len(doc) and words[end] in {"-", "‐"} and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    return end


def known_surnames(scan: PeopleScan) -> None:
    """A known surname the NER tagged ORG/GPE/NORP, or missed, is still that person: "Quill" after "Rosa
    Quill", unless a name goes on ("Quill Harbor")."""
    if not scan.by_surname:
        return  # no one named: no surname to find
    taken = {(m.par, i) for m in scan.mentions for i in range(m.start, m.end)}
    for p, doc in scan.paragraphs():
        words = scan.adoc.words[p]
        for i, word in enumerate(words):
            if not word[:1].isupper() or (p, i) in taken:
                continue  # no surname (``_may_be_surname``): most words, read without Token attributes
            end = _surname_end(doc, words, i)
            k = name_key(word if end == i + 1 else doc[i:end].text)
            if k not in scan.by_surname:
                continue  # most capitalised words: no one's surname
            t = scan.adoc.tokens[p][i]
            if not _may_be_surname(t) or any((p, j) in taken for j in range(i, end)):
                continue
            if end < len(doc) and doc[end].pos_ == "PROPN" and (p, end) not in taken and words[end][:1].isupper():
                continue
            pr = scan.latest(k, (p, i), scan.by_surname[k][0])
            scan.mentions.append(Mention(p, i, end, pr, in_quote=scan.masks[p][i]))
            taken.update((p, j) for j in range(i, end))
            if name_text(doc, i, end) not in pr.names:
                pr.names.append(name_text(doc, i, end))
