"""Published evidence: the abstracts a user loads (PubMed XML, MEDLINE, JSONL), graded by study design.

Modules: ``model`` (the data), ``grading`` (design and CEBM level, rules as data), one reader per format
(``pubmed_xml``, ``medline``, ``jsonl``) with what they share in ``source`` and the choice among them in
``formats``, and ``load`` (files → graded abstracts → a corpus, in batches). Nothing is imported here, so the
store can use the data model without loading the readers.
"""
