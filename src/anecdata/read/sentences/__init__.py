"""Sentence splitting for forum text."""
