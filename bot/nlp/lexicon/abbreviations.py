"""Short words written with a period that do not end a sentence ("Gov. Ana Ruiz", "Sacramento, Calif., on"):
read when a block of text that lost its paragraph breaks is cut into sentences."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof rev sr jr st mt ft no nos vs etc inc co corp ltd bros dept univ est approx
    gov sen rep reps sens del atty amb asst gen lt col capt cmdr sgt supt insp det adm maj pres
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore
    pa tenn tex va vt wash wis wyo
    """.split()
)
