"""Constructions of English that report speech, one module per family.

``reported`` finds the reported content of a reporting verb (the that-clause of "said", the infinitive of
"vowed", the object and infinitive of "urged"), as an ordered list of small named rules.
"""
