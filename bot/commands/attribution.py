"""How a statement reads in every renderer: a direct quote as its words, a paraphrase as a sentence.

Reported speech is stored as the clause the speaker's verb governs ("leaders in sanctuary cities to either
cooperate …", cue "warned"); shown alone it loses who spoke and how. ``paraphrase`` puts them back:
"Tom Homan warned leaders in sanctuary cities to either cooperate …". A cue written as a participle in the
article ("…, vowing to …") becomes the past tense, so the sentence stays grammatical.
"""

from __future__ import annotations

from bot.storage.rows import QuoteRow

_IRREGULAR_ING = {
    "saying": "said",
    "telling": "told",
    "writing": "wrote",
    "speaking": "spoke",
    "making": "made",
    "giving": "gave",
    "holding": "held",
    "maintaining": "maintained",
    "thinking": "thought",
    "feeling": "felt",
    "adding": "added",
}
_TRAILING = " ,;:–—-"


def past_tense(cue: str) -> str:
    """ "vowing" → "vowed", "saying" → "said"; any other cue as written ("warned", "says", "told reporters").
    Dropping "ing" and adding "ed" restores the dropped e too (noting → noted, arguing → argued)."""
    words = cue.split()
    if not words:
        return "said"
    verb = words[0].lower()
    if verb.endswith("ing") and len(verb) > 5:
        words[0] = _IRREGULAR_ING.get(verb, verb[:-3] + "ed")
    return " ".join(words)


def direct_words(text: str) -> str:
    """A quotation without the punctuation the article put before its closing mark ("…,” he said)."""
    return " ".join(text.split()).rstrip(_TRAILING)


def paraphrase(q: QuoteRow) -> str:
    """Reported speech as a sentence: speaker, verb, clause. A clause that already names its speaker (the
    extractor kept "Homan said that …") is left as it is."""
    clause = " ".join(q.text.split()).rstrip(_TRAILING)
    speaker = " ".join((q.speaker or "").split()) or "Someone"
    surname = speaker.split()[-1].lower()
    if clause.lower().startswith((speaker.lower(), surname + " ")):
        return clause
    cue = " ".join((q.cue or "said").split())
    if cue.lower().startswith("according"):
        return f"According to {speaker}, {clause}"  # no verb to put in the past: "accorded to" is no English
    return f"{speaker} {past_tense(cue)} {clause}"


def statement(q: QuoteRow) -> str:
    """The words to show for ``q``: the quotation itself, or the paraphrase as a sentence."""
    return direct_words(q.text) if q.kind == "direct" else paraphrase(q)
