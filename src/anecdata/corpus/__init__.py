"""The project's own annotated forum corpus: authoring markup, conversion to ``anecdata/2`` JSON, splits, stats."""
