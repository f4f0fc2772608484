"""Constructions of English that report speech, one module per family.

``reported`` finds the reported content of a reporting verb (the that-clause of "said", the infinitive of
"vowed", the object and infinitive of "urged"), trying in order the ordered lists of small named rules of:

- ``that_clauses``: the clausal complement after the verb, in a relative clause, after an aside, on the verb's
  object, or with its subject taken for the verb's object;
- ``fronted``: a clause before its verb ("A, X said.") or around an inserted attribution ("A, she said, and B");
- ``complements``: directives ("ordered the agency to …"), commitments ("vowed to …"), "called for", and "what
  X said was …".

They share ``clause`` (the ``Clause`` span and what a reporting verb is), ``trim`` (the ends of a clause and
the quotations in it), ``extent`` (how far a complement's clause runs) and ``coordination`` (a second
coordinated clause).
"""
