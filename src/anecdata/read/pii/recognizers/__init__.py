"""One recogniser per kind of PII (STYLE.md 2.6); ``read/pii/registry.py`` registers them by name."""
