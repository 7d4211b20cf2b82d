"""Vocabularies: the concept lexicon mentions are normalised to (data in ``vocab/data/``)."""
