"""Mention finding: lexicon phrases, abbreviations in context, misspellings, durations."""
