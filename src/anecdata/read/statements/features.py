"""Sentence features for the statement model: words, cue families, mentions, position and neighbours.

The shipped model learns from text the project wrote itself and is scored on real forum posts, so most
features are deliberately abstract: cue families (first person, past tense, causal link, hedge, question form)
and the mention types the vocabulary layer found carry over between writers better than the exact words do.
Words and word pairs are still there, for the cues no family names. Each sentence also sees its neighbours'
cue families and its place in the post, because the same words mean different things in a title, in a
greeting and in the middle of a story.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from anecdata.read.statements.rules import CLAIM_PATTERNS, DISCOURSE_FIRST_PERSON, HEDGES, QUESTION_PATTERNS, fold_case

Features = dict[str, float]

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
MAX_CHARS = 1_000
"""Only a sentence's first characters are read: a 20,000-word run-on "sentence" costs no more than a long one."""

CUE_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("first_person", re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|mine|myself)\b")),
    ("first_plural", re.compile(r"\b(?:we|we're|we've|us|our|ours)\b")),
    ("second_person", re.compile(r"\b(?:you|your|you're|youre|you've|u|ur|yourself)\b")),
    ("third_party", re.compile(
        r"\b(?:my|his|her|our)\s+(?:son|daughter|wife|husband|mom|mum|mother|dad|father|sister|brother|"
        r"friend|partner|boyfriend|girlfriend|kid|child|baby|grandma|grandmother|client|patient)s?\b")),
    ("people_generic", re.compile(
        r"\b(?:people|patients|everyone|everybody|anyone|anybody|nobody|most|many|some\s+people|those\s+who|"
        r"sufferers|folks|men|women|kids|children)\b")),
    ("past", re.compile(
        r"\b(?:was|were|had|did|went|got|took|started|stopped|tried|began|felt|saw|told|said|gave|came|found|"
        r"ended|switched|noticed|diagnosed|prescribed|put\s+me|\w{3,}ed)\b")),
    ("perfect", re.compile(r"\b(?:i've|ive|have\s+been|has\s+been|i\s+have\s+(?:had|tried|been|taken|noticed))\b")),
    ("time", re.compile(
        r"\b(?:ago|yesterday|today|last\s+(?:week|month|year|night)|this\s+(?:week|morning|year)|since|"
        r"years?|months?|weeks?|days?|hours?|recently|now|currently|when\s+i\s+was)\b")),
    ("doctor_said", re.compile(
        r"\b(?:doctor|doc|dr|gp|neuro|neurologist|rheum\w*|gi|gastro\w*|derm\w*|cardio\w*|specialist|nurse|"
        r"pharmacist|physio|pt)\s+(?:said|says|told|thinks|thought|believes|explained|mentioned|suspects)\b")),
    ("made_me", re.compile(
        r"\b(?:made|makes|make|gave|gives|left|leaves|keeps|kept)\s+me\b|\b(?:caused|causes|triggered|triggers)"
        r"\s+(?:my|me|it|a|an|the)\b|\b(?:since|after|ever\s+since)\s+(?:i\s+)?(?:started|stopped|switched|began)"
        r"|\b(?:thanks\s+to|because\s+of|due\s+to|from\s+the)\b")),
    ("improved", re.compile(
        r"\b(?:better|improv\w*|relie\w*|cleared|gone|went\s+away|disappeared|cured|fixed|helped|helps|works|"
        r"worked|remission|life\s*saver|game\s*changer|no\s+more)\b")),
    ("worsened", re.compile(
        r"\b(?:worse|worsen\w*|flare\w*|side\s*effects?|reaction|allergic|drowsy|nause\w*|vomit\w*|dizz\w*|"
        r"didn't\s+help|did\s+nothing|not\s+work\w*|stopped\s+working)\b")),
    ("generic_truth", re.compile(
        r"\b(?:is|are)\s+(?:a|an|the|not|caused|usually|often|always|never|known|common|rare|linked|"
        r"associated|related)\b|\b(?:studies|research|evidence|science|scientists|proven|shown)\b")),
    ("advice", re.compile(
        r"^(?:try|don't|do\s+not|avoid|make\s+sure|take|stop|see|get|ask|drink|eat|keep|go|talk|push|"
        r"never|always)\b|\b(?:you\s+should|you\s+need\s+to|you\s+have\s+to|i\s+recommend|i\s+suggest|"
        r"i'd\s+recommend|highly\s+recommend)\b")),
    ("emotion", re.compile(
        r"\b(?:scared|afraid|frustrat\w*|worried|anxious|depress\w*|hate|sucks|ugh|terrified|upset|angry|"
        r"annoy\w*|exhausted|sad|crying|cry|fed\s+up|hopeless|grateful|happy|glad|relieved|lol|haha)\b")),
    ("social", re.compile(
        r"\b(?:thanks|thank\s+you|thx|ty|hi|hello|hey|hugs|good\s+luck|best\s+wishes|sorry|welcome|edit|update|"
        r"tl;?dr|cheers|love\s+you\s+all|hope\s+(?:you|this|everyone))\b")),
    ("negation", re.compile(r"\b(?:not|no|never|don't|doesn't|didn't|can't|cannot|won't|isn't|aren't|wasn't)\b")),
    ("wish", re.compile(r"\b(?:hope|hoping|wish|want\s+to|trying\s+to|need\s+to|plan\s+to|going\s+to|gonna)\b")),
)  # fmt: skip
"""Families of cue words, matched on the lower-cased sentence with typographic apostrophes made plain."""

HEALTH_MENTIONS = ("condition", "symptom", "treatment", "drug", "cause", "body_part", "duration")
CONTEXT_FAMILIES = (
    "first_person", "past", "question_mark", "social", "advice", "second_person", "generic_truth",
    "made_me", "improved", "worsened", "time", "doctor_said", "third_party", "emotion",
)  # fmt: skip
"""Cue families a sentence also sees in its neighbours (as ``prev:`` and ``next:`` features)."""
_CONTEXT_NAMES = {side: tuple((f"cue:{f}", f"{side}:{f}") for f in CONTEXT_FAMILIES) for side in ("prev", "next")}


@dataclass(frozen=True, slots=True)
class SentenceInput:
    """What the model reads of one sentence: its text, the mention types in it, and whether it is a title."""

    text: str
    mentions: tuple[str, ...] = ()
    is_title: bool = False


def post_features(sentences: Sequence[SentenceInput]) -> list[Features]:
    """One feature dict per sentence of a post, in order, each with its neighbours' cues and its position."""
    own = [_sentence_features(s) for s in sentences]
    count = len(sentences)
    # What each sentence shows its neighbours, found once and named for either side.
    pairs = list(zip(own, sentences, strict=True))
    shown = {side: [_shown(features, sentence, side) for features, sentence in pairs] for side in ("prev", "next")}
    rows = []
    for i, row in enumerate(own):  # adds to the sentence's own dict: only its "cue:" entries are read across
        row["bias"] = 1.0
        row["pos:first"] = float(i == 0)
        row["pos:second"] = float(i == 1)
        row["pos:last"] = float(i == count - 1 and count > 1)
        row[f"pos:part={min(4, 5 * i // count)}"] = 1.0
        row[f"post:size={_bucket(count, (1, 3, 6, 12, 25))}"] = 1.0
        for side, j in (("prev", i - 1), ("next", i + 1)):
            for name in shown[side][j] if 0 <= j < count else (f"{side}:none",):
                row[name] = 1.0
        # The post around the sentence: does the writer tell their own story here, and how far back?
        if any(own[j].get("cue:first_person") and own[j].get("cue:past") for j in (i - 2, i + 2) if 0 <= j < count):
            row["near2:first_past"] = 1.0
        rows.append(row)
    return rows


def _shown(features: Features, sentence: SentenceInput, side: str) -> list[str]:
    """The features a neighbour takes from a sentence: its context cue families, title, health mentions."""
    names = [name for cue, name in _CONTEXT_NAMES[side] if features.get(cue)]
    if sentence.is_title:
        names.append(f"{side}:title")
    if any(kind in HEALTH_MENTIONS for kind in sentence.mentions):
        names.append(f"{side}:health")
    return names


def _sentence_features(sentence: SentenceInput) -> Features:
    raw = sentence.text[:MAX_CHARS]
    text, urls = URL.subn(" urltoken ", raw.replace("’", "'").replace("‘", "'"))
    text = text.lower()
    words = WORD.findall(text)
    features: Features = {}
    for word in words:
        features[f"w:{word}"] = 1.0
    for a, b in itertools.pairwise(words):
        features[f"b:{a}_{b}"] = 1.0
    if words:
        features[f"start:{words[0]}"] = 1.0
        if len(words) > 1:
            features[f"start2:{words[0]}_{words[1]}"] = 1.0
        features[f"end:{words[-1]}"] = 1.0
    features[f"len:{_bucket(len(words), (2, 4, 7, 12, 20, 35, 60))}"] = 1.0
    opinion_free, opinions = _blank_opinions(text)
    for name, pattern in CUE_FAMILIES:
        if hits := len(pattern.findall(opinion_free if name == "first_person" else text)):
            features[f"cue:{name}"] = 1.0
            features[f"cue:{name}:many"] = float(hits > 2)
    if opinions:
        features["cue:opinion"] = 1.0
    folded = fold_case(raw)
    for name, pattern in QUESTION_PATTERNS:
        if pattern.search(folded):
            features[f"q:{name}"] = 1.0
    if "?" in raw:
        features["cue:question_mark"] = 1.0
    for name, pattern in CLAIM_PATTERNS:
        if pattern.search(folded):
            features[f"claim:{name}"] = 1.0
    if HEDGES.search(folded):
        features["cue:hedge"] = 1.0
    if urls:  # the quotes made plain above are no part of what starts a link
        features["cue:url"] = 1.0
    if not any(c.isalpha() for c in raw):
        features["cue:no_letters"] = 1.0
    if raw[-1:] not in ".!?)\"'" and not sentence.is_title:
        features["cue:unpunctuated"] = 1.0
    if sentence.is_title:
        features["cue:title"] = 1.0
    for kind in set(sentence.mentions):
        if kind in HEALTH_MENTIONS:
            features[f"m:{kind}"] = 1.0
    if sentence.mentions:
        features[f"m:count={_bucket(len(sentence.mentions), (1, 2, 4))}"] = 1.0
    # Pairs of families that separate the labels: own experience with a causal or outcome link is
    # RedHOT's experience-based claim; a health statement without first person is a claim.
    first = "cue:first_person" in features
    health = any(k in HEALTH_MENTIONS for k in sentence.mentions)
    for family in ("made_me", "improved", "worsened", "doctor_said", "generic_truth", "past", "advice"):
        if f"cue:{family}" in features:
            features[f"x:{'first' if first else 'nofirst'}+{family}"] = 1.0
    features[f"x:{'first' if first else 'nofirst'}+{'health' if health else 'nohealth'}"] = 1.0
    return features


def _blank_opinions(text: str) -> tuple[str, int]:
    """``text`` with each opinion phrase ("i think") made one space, and how many there were: the phrases are
    found in the folded text (``rules.fold_case``), every other character is kept as ``text`` has it."""
    found = [m.span() for m in DISCOURSE_FIRST_PERSON.finditer(fold_case(text))]
    if not found:
        return text, 0
    parts, last = [], 0
    for start, end in found:
        parts += (text[last:start], " ")
        last = end
    parts.append(text[last:])
    return "".join(parts), len(found)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    """The first edge ``value`` does not exceed, or ``>last``: a coarse size that generalises across posts."""
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"
