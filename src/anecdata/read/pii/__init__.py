"""PII detection: Presidio with the project's recognisers and name tagger, finding what redaction hides."""
