"""The reading pipeline: a spaCy ``Language`` of small registered components, one concern each."""
