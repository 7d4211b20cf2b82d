"""The project's own annotated forum corpus: authoring markup, conversion to ``anecdata/1`` JSON, splits, stats."""
