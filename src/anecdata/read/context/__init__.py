"""Context: negation, uncertainty, hypotheticals, history and the experiencer of each mention (medspaCy ConText)."""
