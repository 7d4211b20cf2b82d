"""Corpus reports: the experience index rows of a thread, and what people with a condition tried and report."""
