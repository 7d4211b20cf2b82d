"""Names after a title: "Dr. Alvarez", "Mrs Patel". A title makes a capitalised word a person's name."""

from __future__ import annotations

from typing import ClassVar

from anecdata.read.pii.recognizers.base import ForumRecognizer, NamedPattern


class TitledNameRecognizer(ForumRecognizer):
    """The name after a title; the medical stop-list keeps "Dr. Sarno's method" readable as a treatment."""

    LABEL = "person"
    PATTERNS: ClassVar[tuple[NamedPattern, ...]] = (
        NamedPattern(
            "titled_name",
            r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Coach)\.?[ \t]+"
            r"(?P<name>[A-Z][a-z'-]+(?:[ \t]+[A-Z][a-z'-]+)?)",
            0.8,
            group="name",
        ),
    )
