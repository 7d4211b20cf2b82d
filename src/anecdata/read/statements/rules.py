"""First statement typer: cue rules over one sentence. Later issues replace it behind the same component.

A sentence is a *question* when it asks (a question mark, an interrogative opening, a request for information);
a *claim* when it asserts something general (cause, prevalence, efficacy, diagnosis, or a health statement with
no first person); *per_exp* when the writer speaks of their own experience; *claim_per_exp* when they draw a
general conclusion from it. Sentences with none of these cues stay unlabelled.

The patterns are compiled case-sensitive, in lower case, and matched on :func:`fold_case` of the text: the same
matches as ``re.IGNORECASE`` on the text itself, at a fraction of the cost (case-insensitive matching looks up
each character's case as it goes).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

_FOLD = str.maketrans(string.ascii_uppercase + "\u0130\u0131\u212a\u017f", string.ascii_lowercase + "iiks")
"""ASCII capitals, and the four other characters ``re.IGNORECASE`` takes for an ASCII letter (İ, ı, K, ſ)."""

_WH = r"(?:how|what|where|when|why|which|who|whom|whose)"
_AUX = (
    r"(?:do|does|did|is|are|was|were|have|has|had|can|could|would|will|should|may|might|shall|am|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|haven't|hasn't|can't|couldn't|wouldn't|won't|shouldn't)"
)
_SUBJECT = r"(?:you|u|i|we|they|he|she|it|anyone|anybody|someone|somebody|people|there|this|that|your|any|the)"
_LEAD = r"^(?:[a-z][\w'-]*(?:\s[a-z][\w'-]*){0,2},\s*)?(?:(?:so|also|and|but|ok|okay|just|anyway|hi|hey)[,\s]+)*"

QUESTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("question_mark", re.compile(r"\?+[\s\"')\]]*$")),
    ("wh_aux_opening", re.compile(_LEAD + _WH + r"(?:\s+(?:and|or)\s+" + _WH + r")?(?:\s+\w+){0,3}?\s+" + _AUX
                                  + r"\s+" + _SUBJECT + r"\b")),
    ("aux_subject_opening", re.compile(_LEAD + _AUX + r"\s+" + _SUBJECT + r"\b")),
    ("request_for_information", re.compile(
        r"\b(?:any\s+(?:info|information|advice|tips|suggestions|thoughts|ideas|insight|help|experience)\b"
        r"|(?:i\s+would|i'd|would)\s+(?:very\s+much\s+|really\s+|greatly\s+)?(?:appreciate|love|like)\s+"
        r"(?:any|more|some|to\s+(?:know|hear|learn))"
        r"|(?:please\s+)?(?:let\s+me\s+know|tell\s+me|share\s+your)"
        r"|i\s+(?:am\s+|was\s+|'m\s+)?wonder(?:ing)?\s+(?:if|whether|how|what|why)"
        r"|(?:curious|wondering)\s+(?:if|whether|how|what)"
        r"|(?:does|has|did|is)\s+any(?:one|body)\b)")),
)  # fmt: skip
"""Named question cues; the name travels into the annotation's explanation."""

FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|mine|myself)\b")
DISCOURSE_FIRST_PERSON = re.compile(
    r"\b(?:what\s+i\s+mean|i\s+mean|i\s+think|i\s+believe|i\s+guess|i\s+feel\s+like|i'd\s+say|i\s+would\s+say|"
    r"should\s+i\s+say|i\s+know|imo|imho)\b",
)
"""First-person phrases that frame an opinion rather than report an experience ("what I mean is")."""

CLAIM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("causal", re.compile(
        r"\b(?:caus(?:e|es|ed|ing)|due\s+to|lead(?:s)?\s+to|result(?:s)?\s+in|trigger(?:s|ed)?|reason|"
        r"because\s+of|responsible\s+for|root\s+cause|comes?\s+from|mechanism)\b")),
    ("prevalence", re.compile(
        r"\b(?:most|many|majority|always|never|usually|often|common(?:ly)?|rarely|almost\s+everybody|"
        r"everyone|everybody|nobody|lots\s+of\s+people|a\s+lot\s+of\s+people)\b")),
    ("efficacy", re.compile(
        r"\b(?:works?|worked|help(?:s|ed|ing)|cur(?:e|es|ed)|fix(?:es|ed)?|effective|did\s+the\s+trick|"
        r"made\s+(?:it|things)\s+(?:worse|better)|turned\s+it\s+around|useless|waste\s+of)\b")),
    ("diagnostic", re.compile(
        r"\b(?:means?\s+(?:that|you)|sign\s+of|symptom\s+of|indicat(?:es|e)|diagnos(?:is|ed|e))\b")),
    ("advice", re.compile(r"\b(?:you\s+should|should\s+(?:try|look|see|get)|must|need\s+to|don't\s+let)\b")),
)  # fmt: skip

CLAIM_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("diagnostic", re.compile(
        r"\b(?:sign\s+of|symptoms?\s+of|signs\s+of|indicat(?:es?|ion|or)|diagnos\w*|misdiagnos\w*|rule[sd]?\s+out|"
        r"show(?:s|ed)?\s+up\s+on|turned\s+out\s+to\s+be|means?\s+(?:you|it's|it\s+is|that\s+you)|"
        r"only\s+way\s+to\s+(?:know|tell|confirm)|tests?\s+(?:show|showed|confirmed|came\s+back)|is\s+from\s+(?:the|my)|"
        r"(?:is|are|was)\s+(?:probably|definitely|likely|just)?\s*(?:a\s+)?(?:symptom|sign)|looks?\s+like\s+(?:a|an)?)")),
    ("efficacy", re.compile(
        r"\b(?:works?|worked|working|help(?:s|ed|ing)?|cur(?:e|es|ed)|fix(?:es|ed)?|effective|ineffective|"
        r"did\s+(?:nothing|the\s+trick|wonders)|does\s+nothing|waste\s+of|life\s*saver|lifesaver|life\s*changing|changed\s+my\s+life|"
        r"game\s*changer|kick(?:s|ed)?\s+in|cleared|clears|improv\w*|relie\w*|reduc\w*|prevent\w*|"
        r"got\s+(?:a\s+lot\s+|much\s+|way\s+)?better|made\s+(?:my|it|things)\s+(?:\w+\s+)?(?:worse|better)|"
        r"best\s+(?:thing|decision|treatment)|first\s+line|kept\s+\w+\s+out\s+of|in\s+remission|useless)\b")),
    ("causal", re.compile(
        r"\b(?:caus(?:e|es|ed|ing)|trigger(?:s|ed|ing)?|due\s+to|lead(?:s)?\s+to|led\s+to|result(?:s|ed)?\s+in|"
        r"because\s+of|responsible\s+for|root\s+cause|comes?\s+from|came\s+from|mechanism|sets?\s+off|"
        r"linked\s+to|side\s+effects?|gave\s+me|gives\s+(?:me|you)|made\s+me|makes\s+(?:me|you)|"
        r"damage\w*|genetic|attack(?:s|ing)?\s+(?:the|your|healthy)|worse\s+(?:when|after|with)|"
        r"(?:makes?|made)\s+\w+(?:\s+\w+)?\s+worse|plays?\s+a\s+(?:big\s+|huge\s+)?role|"
        r"to\s+do\s+with|behind\s+it|don't\s+mix)\b")),
    ("prevalence", re.compile(
        r"\b(?:most|many|majority|common(?:ly)?|rare(?:ly)?|uncommon|usually|often|always|never|almost\s+every\w*|"
        r"everyone|everybody|nobody|no\s+one|lots\s+of\s+(?:people|us)|a\s+lot\s+of\s+(?:people|us)|"
        r"percent|percentage|\d+\s*%|one\s+in\s+\w+|few\s+people|some\s+people)\b")),
)  # fmt: skip
"""Cue families for a claim's type, in the order they are tried (see ``claim_attributes``)."""

HEDGES = re.compile(
    r"\b(?:may|might|could|maybe|perhaps|possibly|probably|i\s+think|i\s+believe|i\s+guess|seems?|likely|"
    r"in\s+my\s+experience|not\s+sure|ymmv)\b",
)
GENERIC_VERB = re.compile(r"\b(?:is|are|isn't|aren't|means|has|have)\b")


def fold_case(text: str) -> str:
    """``text`` as the patterns read it: every character that case-insensitive matching equates with an ASCII
    letter made that lower-case letter, every other one kept, so that offsets into it are offsets into ``text``."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class StatementCue:
    """A cue's extent within the sentence and its name."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class StatementType:
    """The label a sentence gets, with the cues that decided it and claim attributes."""

    label: str
    cues: tuple[StatementCue, ...]
    rule: str
    claim_type: str | None = None
    hedged: bool = False


def type_sentence(sentence: str, has_health_mention: bool) -> StatementType | None:
    """The statement label of one sentence, or None when nothing marks it.

    Args:
        sentence: the sentence text, trimmed.
        has_health_mention: whether a condition, symptom, treatment, drug or cause is mentioned in it; a
            plain "X is Y" sentence is a claim only when it is about health.
    """
    text = fold_case(sentence)
    for name, pattern in QUESTION_PATTERNS:
        if m := pattern.search(text):
            return StatementType("question", (StatementCue(m.start(), m.end(), name),), rule=name)
    first = _first_person(text)
    claim_cues = [(name, m) for name, p in CLAIM_PATTERNS if (m := p.search(text))]
    hedge = HEDGES.search(text)
    if claim_cues:
        name, m = claim_cues[0]
        cues = [StatementCue(m.start(), m.end(), name)]
        if first:
            cues.append(StatementCue(first.start(), first.end(), "first_person"))
            # Own experience plus a general cue: an experience-based claim only for efficacy or cause.
            if name in ("efficacy", "causal"):
                return StatementType("claim_per_exp", tuple(cues), "first_person_with_" + name, name, bool(hedge))
            return StatementType("per_exp", (cues[-1],), rule="first_person")
        return StatementType("claim", tuple(cues), rule=name, claim_type=_claim_type(name), hedged=bool(hedge))
    if first:
        return StatementType("per_exp", (StatementCue(first.start(), first.end(), "first_person"),), "first_person")
    if has_health_mention and (m := GENERIC_VERB.search(text)):
        return StatementType(
            "claim", (StatementCue(m.start(), m.end(), "generic_health_statement"),),
            rule="generic_health_statement", claim_type="other", hedged=bool(hedge),
        )  # fmt: skip
    return None


def _first_person(text: str) -> re.Match[str] | None:
    """The first first-person word of folded ``text`` outside the opinion phrases ("I think")."""
    return FIRST_PERSON.search(DISCOURSE_FIRST_PERSON.sub(lambda m: "_" * len(m[0]), text))


def _claim_type(cue: str) -> str:
    return cue if cue in ("causal", "prevalence", "efficacy", "diagnostic") else "other"


def sentence_cues(sentence: str) -> list[StatementCue]:
    """The question and first-person cues in a sentence: what a reader checks first when judging its label."""
    text = fold_case(sentence)
    cues = []
    for name, pattern in QUESTION_PATTERNS:
        if m := pattern.search(text):
            cues.append(StatementCue(m.start(), m.end(), name))
            break
    if first := _first_person(text):
        cues.append(StatementCue(first.start(), first.end(), "first_person"))
    return cues


def claim_attributes(sentence: str) -> tuple[str, bool, list[StatementCue]]:
    """A claim's type (causal, prevalence, efficacy, diagnostic, other), whether it is hedged, and the cues.

    The type is the first cue family found in the order of ``CLAIM_TYPE_PATTERNS``; see the guideline in
    ``data/statements/README.md`` for what each type means and why that order.
    """
    text = fold_case(sentence)
    cues = []
    claim_type = "other"
    for name, pattern in CLAIM_TYPE_PATTERNS:
        if m := pattern.search(text):
            claim_type = name
            cues.append(StatementCue(m.start(), m.end(), name))
            break
    hedge = HEDGES.search(text)
    if hedge:
        cues.append(StatementCue(hedge.start(), hedge.end(), "hedge"))
    return claim_type, bool(hedge), cues


def asks_without_question_mark(sentence: str) -> str | None:
    """The name of the question rule a sentence with no "?" matches at its start, or None.

    The model learns the question mark well and questions without one badly ("How and where did you get the
    diagnosis, and what treatment have you received since."), so these rules add the questions it misses.
    """
    if "?" in sentence:
        return None
    text = fold_case(sentence)
    for name, pattern in QUESTION_PATTERNS[1:3]:
        if pattern.match(text):
            return name
    return None
