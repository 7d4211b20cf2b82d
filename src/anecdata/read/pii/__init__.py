"""PII detection: the names, places and contacts that redaction hides."""
