"""What stands around a surname without being one: suffixes ("Jr.") and particles ("van", "de"); lowercase."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Generational suffixes: "Martin Luther King, Jr." is one person, not two.
GENERATIONAL_SUFFIXES: frozenset[str] = frozenset("jr sr ii iii iv".split())

# Everything written after a name that is not part of it when names are compared ("Ana Ruiz, PhD").
NAME_SUFFIXES: frozenset[str] = GENERATIONAL_SUFFIXES | frozenset("v phd md esq".split())

# Lowercase particles inside surnames ("Ludwig van Beethoven", "Ana de la Cruz").
NAME_PARTICLES: frozenset[str] = frozenset("de da del della der di du la le van von bin st dos das ter ten".split())
