"""Outcome reading over one post: cue rules per clause, each outcome linked to the treatment mentions it judges.

The judge works on plain values (sentence offsets, mention offsets and labels, context attributes) so it can
be tested without a pipeline and reused by training. For each sentence it finds cues (``rules.CueSet``), splits
the sentence into clauses, and for each clause with a polarity cue finds what is judged:

1. treatment or drug mentions in the clause ("Graston helped");
2. else an anaphor ("it", "this med", "150mg", a missing subject: "Made me worse.") → the nearest earlier
   treatment mention of the post;
3. else a quantifier ("nothing worked") → every earlier treatment of the post not yet judged by a cue;
4. else, when the writer speaks of themself ("I feel like my old self again") or of no one ("Very effective."),
   and a treatment was named, or judged, in one of the ``NEIGHBOUR_SENTENCES`` sentences before, that
   treatment: a post's story runs on.

A clause opened by a sequence cue ("until I was told about the inner tension cause") after a clause that did
nothing (or tried everything) is the one that worked; a cause named there stands for the approach. Within one
sentence, a treatment judged both improved and no_change/worse gets one ``mixed`` outcome carrying both cues.
A sentence telling how things were before a treatment ("Prior to X, I was coughing all day") judges it
improved; a short fragment adding treatments to the sentence before ("As well as yoga.") shares that sentence's
verdict. Treatments no cue judges get ``unknown``. Sentences that are questions, and mentions that are negated or
hypothetical, get no outcome; with nothing to judge, a clause gets none either. The exception is a question
asking who else has a side effect ("Anyone else get headaches on X?"): the writer has it, so it is ``worse`` for
the treatment it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from anecdata.model import Cue
from anecdata.read.outcomes.model import OutcomeModel
from anecdata.read.outcomes.pairs import PairContext, PairModel, pair_features
from anecdata.read.outcomes.rules import POLARITY_KINDS, CueMatch, CueSet

TARGET_LABELS = frozenset({"treatment", "drug"})
NEGATION_WINDOW_WORDS = 3
"""A negator this many words or fewer before a polarity cue turns it into no_change."""
MODAL_WINDOW_WORDS = 4
"""A modal (hope, plan, advice, condition) this many words or fewer before a polarity cue sets it aside."""
RULE_SCORE = 0.7
UNKNOWN_RULE = "no_outcome_cue"
PAIR_RULE = "pair_model"
SIDE_EFFECTS_SAID = "worse_side_effects_said"
"""The cue rule of side effects named as such, which may blame a treatment of an earlier clause of the sentence."""
YIELDING_RULES = frozenset({"imp_relied_on"})
"""Verdicts implied, not said (needing a treatment to get by): any verdict said in the same sentence wins."""
NEIGHBOUR_SENTENCES = 3
"""How far back a first-person report looks for the treatment it is the outcome of."""
AHEAD_SENTENCES = 2
"""How far ahead an improvement said before any treatment ("Finally feeling human again. Three months on X.", a
title "Ate curry with no problems!" over a post about X) looks for the treatment it is the outcome of. A problem
told before any treatment ("got worse at night. My doctor put me on X") is what the treatment is for: it judges
nothing."""
REASON_WORDS = re.compile(
    r"\b(?:because|cause|cuz|coz|due to|since|as|when|whenever|if|while|for|after|before|until)\b", re.IGNORECASE
)
"""A reason or condition just before a symptom ("took X because I had headaches"): the symptom is why, not what
came of it (looked for in the last ``REASON_WINDOW_WORDS`` words before the symptom)."""
REASON_WINDOW_WORDS = 3
FOLLOWING_PREPOSITION = re.compile(r"(?:after|from|since|following)$", re.I)
"""A symptom cue ending so ("rash after") blames the treatment named right after it."""
PASSIVE_AGENT = re.compile(r"\bby\b", re.I)
"""A side-effect cue in the passive ("caused by") blames only its agent: a treatment named right after it, not
"stools caused by constipation, ate more fiber"."""
BLAME_RULE = "worse_blamed"
"""The cue rule of a writer putting what they have down to something ("it could be the HCQ I'm on"): it blames
only a treatment named right after it."""
LINK_AFTER = re.compile(
    r"\W*(?:(?!(?:and|but|so|then|because|which|i|i'm|i've)\b)[\w'’-]+\W+){0,5}?"
    r"(?:after|since|following|from|on|with|as a result of|because of|caused by|due to)\s+"
    r"(?:(?:starting|started|beginning|taking|using|getting|having|being on|the|my|their|his|her|a|an|this|that|each|"
    r"every|first)\s+){0,3}",
    re.I,
)
"""The words between a symptom and a treatment it came after ("started getting reflux a week after the
operation", "had headaches on X"): the treatment named there is blamed; not across another clause ("had reflux
for years and I've been on X" tells why X is taken)."""
LINK_AFTER_CHARS = 60
LIST_ITEM_GAP = re.compile(r"\s*[-–—:]\s*")
"""Between a treatment and its comment in a list item ("Valproic acid - stopped because of hallucinations",
"Keppra: rage"): the comment's side effects are the treatment's, though they name no subject."""
STOPPED_GAP_WORDS = 2
"""Words allowed between a stopping cue and the treatment it stops ("weaning off *the* laxatives")."""
EXCEPTION_RULE = "exc_besides"
"""The cue rule of exceptions ("besides X"), whose outcome takes X out of a "nothing did much" before it."""
CLAUSE_MARKS = ",;:–—-"
THAT_OPENS = re.compile(r"\s*that\b", re.I)
"""A verdict whose subject is "that" right after a comma or dash that follows words of its sentence ("don't go
barefoot, that makes it worse") judges what those words told; with no treatment there, it judges none (while "it",
"this", or "that" opening a sentence, may stand for a treatment named sentences before)."""
SUBJECT_GAP = re.compile(r"[\w\s'’-]{0,30}")
"""What may stand between a problem and what an improvement cue says of it ("allergy *to the sun* became less
severe")."""
SUBJECT_GAP_BREAK = re.compile(r"\b(?:and|but|i|me|my|so|then|which|because)\b", re.I)
"""Words that start another clause or subject inside that gap: the improvement is then not said of the problem."""
APPOSITION_WORDS = 2
"""Words allowed inside a bracket or slash between two mentions of one group ("salbutamol (emergency inhaler)")."""
CONTINUATION = re.compile(r"\W*(?:as ?well as|along with|together with|in addition to|plus|and also|also)\b", re.I)
"""How a fragment opens that adds treatments to the sentence before ("They've been working wonders. As well as
working out and watching what I eat."): the verdict said there is said of these too."""
CONTINUATION_MAX_WORDS = 12
"""A continuation longer than this says something of its own."""
BEFORE_TREATMENT = re.compile(
    r"\b(?:prior to|before)\s+(?:(?:i|we)\s+)?(?:(?:started|starting|began|beginning|took|taking|tried|trying|"
    r"went on|going on|got on|getting|had|having|was on|being on|using)\s+)?(?:(?:the|my|any)\s+)?$",
    re.I,
)
"""What stands right before a treatment whose sentence tells how things were before it ("Prior to Trikafta, I was
coughing all the time"): the problems told are what it relieved."""
PROBLEM_AFTER = re.compile(
    r"\s*(?:(?:right|shortly|soon|days|weeks|months|a (?:day|week|month|few \w+)|\d+ \w+)\s+)?"
    r"(?:after|since|following|from|caused by|due to|as a result of|triggered by|brought on by)\s+"
    r"(?:(?:starting|started|beginning|taking|using|getting|having|being on|the|my|a|an|this|that)\s+){0,2}",
    re.I,
)
"""Between a symptom or condition and the treatment it is told as coming from ("serum sickness after monoclonal
antibodies", "gastritis from ibuprofen"): only words of time, not "on" or "with" ("reflux for years and I'm on
X" tells why X is taken)."""
TREATMENT_CAUSED = re.compile(
    r"\s*(?:(?:is|are|was|were|has been|have been|keeps?|kept|always|really|definitely|probably)\s+)?"
    r"(?:trigger(?:s|ed|ing)?|caus(?:es|ed|ing|e)|gave me|give me|gives me|giving me|le(?:d|ads) to|induced?)\s+"
    r"(?:(?:me|my|a|an|the|some|bad|severe|terrible|horrible|awful|constant)\s+){0,3}$",
    re.I,
)
"""Between a treatment and a problem it is told as causing ("protein shakes triggering gout", "Keppra gave me
terrible headaches")."""
NOT_BEFORE_KINDS = frozenset({"improved", "state", "no_change", "residual"})
"""A sentence saying something got better or did not is left to the clause rules, whatever it tells of before."""
FROM_FOOD_OR_DRINK = re.compile(
    r"(?:(?:\s+\w+)?\s+(?:after|from|following|because of))?\s+(?:(?:a|an|the|some|few|couple|of|days?|nights?|weeks?|"
    r"weekend|\d+|my|too|much|more|lots|heavy|binge)\s+){0,6}(?:drinking|eating|beer|wine|alcohol|booze|pizza|"
    r"junk food|fast food|binging|overeating|partying)\b",
    re.I,
)
"""After a symptom (whose cue may end in its "after"): it is told as coming from food or drink ("a flare after a
couple days of drinking beer"), not from the treatment that was helping."""
RELATIVE_VERDICT = re.compile(r"[\s,]*(?:\(?[\d.,]+\s*(?:mg|mcg|g|ml|iu)\)?[\s,]*)?(?:which|that)\b", re.I)
"""Between a treatment (and its dose) and a verdict: a relative pronoun, so the verdict is said of that
treatment ("Zonisamide 300mg which hasn't been working")."""
PAST_PROBLEM = re.compile(r"\b(?:was|were|had|used to|would|could ?n[o']?t|couldn't|could not|did ?n[o']?t)\b", re.I)
"""A past-tense word between that treatment and a problem: the problem is told as over."""


@dataclass(frozen=True, slots=True)
class MentionRef:
    """A mention as the judge sees it: offsets, label, and whether context rules it out as a tried treatment."""

    start: int
    end: int
    label: str
    generic: bool = False
    excluded: bool = False
    """Negated or hypothetical: not something the writer had."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One outcome: label, extent (post offsets), the mentions it judges, the cues behind it, ``ongoing``."""

    label: str
    start: int
    end: int
    targets: tuple[MentionRef, ...]
    cues: tuple[Cue, ...]
    ongoing: bool
    rule: str
    note: str
    score: float = RULE_SCORE
    by_model: bool = False
    """The trained model decided the label (the rules only linked it, if at all)."""


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """What the judge found in one sentence: its extent, cues (post offsets) and clause boundaries."""

    start: int
    end: int
    cues: tuple[CueMatch, ...]
    clauses: tuple[tuple[int, int], ...]
    question: bool
    """The whole sentence asks (it opens as a question, or its only clause ends with "?")."""
    asks_from: int = -1
    """Where the sentence starts asking (the clause of a question cue, or the last clause before a final "?"): its
    polarity cues from there on are no outcome ("X made me go crazy - anyone else?"); -1 when it does not ask."""


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    polarity: list[tuple[str, CueMatch]] = field(default_factory=list)
    opener: CueMatch | None = None
    cues: list[CueMatch] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One sentence as the rules read it, kept for the model."""

    found: SentenceCues
    in_sentence: tuple[MentionRef, ...]
    before: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class _RulesReading:
    """A post as the cue rules read it: their outcomes in text order, each sentence's reading (for the encoder
    model) and the post as the pair model sees it."""

    outcomes: list[Outcome]
    readings: tuple[_Reading, ...]
    text: str
    sentences: Sequence[tuple[int, int]]
    eligible: tuple[MentionRef, ...]

    def pairs(self) -> PairContext:
        """The post as the pair model sees it (built only when a pair model reads or learns)."""
        cues = [r.found.cues for r in self.readings]
        return PairContext(self.text, self.sentences, cues, [(m.start, m.end) for m in self.eligible])


class OutcomeJudge:
    """Reads outcomes from one post's sentences and mentions with a set of cue rules, and optionally a model.

    Args:
        cues: the compiled cue rules.
        model: a trained outcome model: encoders that decide each sentence's verdict (``model.py``), or a pair
            model that reads the treatments the rules leave unknown (``pairs.py``); None for the rules alone.
    """

    def __init__(self, cues: CueSet, model: OutcomeModel | PairModel | None = None) -> None:
        self.cues = cues
        self.model = model

    def sentence_cues(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[SentenceCues]:
        """Cues and clauses of each sentence ``text[start:end]``, in post offsets."""
        read = []
        for (start, end), found in zip(sentences, self.cues.find_in_post(text, sentences), strict=True):
            bounds = [start] + [c.start for c in found if c.kind == "clause" and c.start > start] + [end]
            clauses = tuple((a, b) for a, b in pairwise(bounds) if b > a)
            asks_from = _asks_from(text, start, end, found, clauses)
            read.append(SentenceCues(start, end, tuple(found), clauses, asks_from == start, asks_from))
        return read

    def read(self, text: str, sentences: Sequence[tuple[int, int]], mentions: Sequence[MentionRef]) -> list[Outcome]:
        """Every outcome in a post, in text order.

        Args:
            text: the post text.
            sentences: sentence extents (post offsets), in order.
            mentions: the post's mentions, in order; only treatments and drugs (and causes after a learning
                cue) are judged.
        """
        ruled = self._by_rules(text, sentences, mentions)
        if self.model is None:
            return ruled.outcomes
        if isinstance(self.model, PairModel):
            outcomes = _with_pairs(self.model, ruled.pairs(), ruled.outcomes)
        else:
            outcomes = self._with_model(self.model, text, ruled.readings, ruled.outcomes)
        return sorted(outcomes, key=lambda o: (o.start, o.end))

    def unknown_pairs(
        self, text: str, sentences: Sequence[tuple[int, int]], mentions: Sequence[MentionRef]
    ) -> list[tuple[MentionRef, dict[str, float]]]:
        """Each treatment the cue rules leave ``unknown``, with its pair features: what a pair model learns from."""
        ruled = self._by_rules(text, sentences, mentions)
        return [(target, features) for _, target, features in _unknown_pairs(ruled.pairs(), ruled.outcomes)]

    def rule_labels(self, text: str, sentences: Sequence[tuple[int, int]], mentions: Sequence[MentionRef]) -> list[str]:
        """The rules' label for each sentence ("none" where they found no outcome in it), the model set aside:
        what training weighs the rules' agreement by."""
        return _labels_by_sentence(sentences, self._by_rules(text, sentences, mentions).outcomes)

    def _by_rules(
        self, text: str, sentences: Sequence[tuple[int, int]], mentions: Sequence[MentionRef]
    ) -> _RulesReading:
        """The cue rules' outcomes (in text order), with what a model reads beside them."""
        eligible = [m for m in mentions if m.label in TARGET_LABELS and not m.excluded]
        causes = [m for m in mentions if m.label == "cause" and not m.excluded]
        problems = [m for m in mentions if m.label in ("symptom", "condition") and not m.excluded]
        history: list[MentionRef] = []
        judged: set[MentionRef] = set()
        outcomes: list[Outcome] = []
        last_support = None  # index of the last sentence that named or judged a treatment
        ahead: tuple[int, Outcome] | None = None  # a verdict said before any treatment, and where
        previous: list[Outcome] = []  # the verdicts of the sentence before
        readings = []
        all_found = self.sentence_cues(text, sentences)
        for index, ((start, end), found) in enumerate(zip(sentences, all_found, strict=True)):
            in_sentence = [m for m in eligible if start <= m.start < end]
            readings.append(_Reading(found, tuple(in_sentence), tuple(history)))
            problems_here = [m for m in problems if start <= m.start < end]
            shared = _shared_question(text, found, in_sentence, problems_here)
            judged.update(t for o in shared for t in o.targets)
            outcomes += shared
            if found.question:
                history += in_sentence  # "X irritability? ... Works great for joint pain": asked of, then judged
                if in_sentence:
                    last_support = index
                continue
            if found.asks_from >= 0:
                found = replace(found, cues=tuple(c for c in found.cues if c.start < found.asks_from))
            near = last_support is not None and index - last_support <= NEIGHBOUR_SENTENCES
            unresolved: list[Outcome] = []
            sentence_outcomes = _told_before(text, found, in_sentence, problems_here) or _merge_contradictions(
                _excepted(
                    text, self._read_sentence(text, found, in_sentence, causes, history, judged, near, unresolved)
                )
            )
            if not sentence_outcomes and previous:
                sentence_outcomes = _continued(text, found, in_sentence, previous)
            if not sentence_outcomes:
                sentence_outcomes = _problem_told_of(text, found, in_sentence, problems_here)
            for o in sentence_outcomes:
                judged.update(o.targets)
            previous = [o for o in sentence_outcomes if o.label != "unknown"]
            if ahead is not None and in_sentence and index - ahead[0] <= AHEAD_SENTENCES:
                fresh = tuple(m for m in in_sentence if m not in judged)
                if fresh:
                    sentence_outcomes.append(replace(ahead[1], targets=fresh))
                    judged.update(fresh)
                ahead = None
            if not history and not in_sentence and unresolved and unresolved[0].label == "improved":
                ahead = (index, unresolved[0])  # a problem told before any treatment is what it is for
            if in_sentence or sentence_outcomes:
                last_support = index
            outcomes += sentence_outcomes
            history += in_sentence
        outcomes += self._unknown(text, all_found, eligible, judged)
        ordered = sorted(outcomes, key=lambda o: (o.start, o.end))
        return _RulesReading(ordered, tuple(readings), text, sentences, tuple(eligible))

    def _with_model(
        self, model: OutcomeModel, text: str, readings: Sequence[_Reading], outcomes: list[Outcome]
    ) -> list[Outcome]:
        """Each sentence's verdict from the model; links from the rules, else the nearest treatment of the post.

        A sentence the model finds no verdict in keeps its treatments as ``unknown``.
        """
        verdicts = _labels_by_sentence([(r.found.start, r.found.end) for r in readings], outcomes)
        asked = [i for i, r in enumerate(readings) if not r.found.question]
        sentences = [text[readings[i].found.start : readings[i].found.end] for i in asked]
        kept = list(outcomes)
        for i, p in zip(asked, model.verdicts(sentences, [verdicts[i] for i in asked]), strict=True):
            reading = readings[i]
            worked, failed = model.fires("worked", p["worked"]), model.fires("failed", p["failed"])
            here = [o for o in kept if reading.found.start <= o.start < reading.found.end]
            ruled = [o for o in here if o.label != "unknown"]
            if not worked and not failed:
                for o in ruled:
                    score = max(0.0, 1 - max(p.values()))
                    kept[kept.index(o)] = replace(
                        o, label="unknown", rule=o.rule + "+model", score=score, by_model=True
                    )
                continue
            failing = "worse" if any(o.label == "worse" for o in ruled) else "no_change"
            label = "mixed" if worked and failed else ("improved" if worked else failing)
            score = min(1.0, max(p["worked"] if worked else 0.0, p["failed"] if failed else 0.0))
            if ruled:
                for o in ruled:
                    kept[kept.index(o)] = replace(o, label=label, rule=o.rule + "+model", score=score, by_model=True)
                continue
            targets = reading.in_sentence or reading.before[-1:]
            if not targets:
                continue
            kept = [o for o in kept if o not in here or not set(o.targets) <= set(targets)]
            lo, hi = trim_extent(text, reading.found.start, reading.found.end)
            kept.append(
                Outcome(label, lo, hi, tuple(targets), (), _ongoing(_Clause(lo, hi), reading.found), "model",
                        "the model read the sentence as an outcome of the nearest treatment", score, by_model=True)
            )  # fmt: skip
        return kept

    def _read_sentence(
        self,
        text: str,
        found: SentenceCues,
        in_sentence: list[MentionRef],
        causes: list[MentionRef],
        history: list[MentionRef],
        judged: set[MentionRef],
        near: bool,
        unresolved: list[Outcome] | None = None,
    ) -> list[Outcome]:
        """The outcomes of one sentence; a clause's verdict that finds nothing to judge, said by the writer or no
        one, goes to ``unresolved`` (with no targets) for a treatment named after it."""
        clauses = [_Clause(a, b) for a, b in found.clauses]
        cues = _without_yielding(found.cues)
        for clause in clauses:
            clause.cues = [c for c in cues if clause.start <= c.start < clause.end]
            clause.opener = next((c for c in clause.cues if c.kind in ("sequence", "exception")), None)
            negators = [c for c in clause.cues if c.kind == "negator"]
            modals = [c for c in clause.cues if c.kind == "modal"]
            verdicts = [c for c in clause.cues if c.kind in POLARITY_KINDS and c.kind != "symptom"]
            for cue in clause.cues:
                if cue.kind not in POLARITY_KINDS or _shortly_after(text, cue, modals, MODAL_WINDOW_WORDS):
                    continue
                if cue.kind == "symptom" and any(v.start < cue.end and cue.start < v.end for v in verdicts):
                    continue  # a symptom inside a verdict's phrase ("haven't had a flare since") is that verdict's
                if cue.kind in ("symptom", "recurrence") and FROM_FOOD_OR_DRINK.match(text, cue.end, clause.end):
                    continue
                if cue.kind == "side_effect" and not _agent_named(text, cue, in_sentence, clause):
                    continue
                if cue.kind in ("side_effect", "symptom") and _subject_of_improvement(text, cue, clause):
                    continue
                kind = cue.kind
                if kind != "no_change" and _shortly_after(text, cue, negators, NEGATION_WINDOW_WORDS):
                    if kind in ("side_effect", "symptom", "state", "recurrence"):
                        continue  # "it didn't make me dizzy", "I wasn't able to sleep": no verdict on a treatment
                    kind = "no_change"
                clause.polarity.append(("improved" if kind == "state" else kind, cue))
        _weigh_residual_and_temporary(clauses)
        _apply_sequence(clauses, in_sentence)
        outcomes = []
        last_targets: list[MentionRef] = []
        for i, clause in enumerate(clauses):
            if not clause.polarity:
                continue
            blamed = _weigh_symptoms(text, clause, in_sentence, last_targets)
            if not clause.polarity:
                continue
            if blamed is not None:
                targets, link_cues, how = blamed, [], "symptoms after the treatment they follow"
            else:
                targets, link_cues, how = self._targets(
                    text, clause, clauses[:i], in_sentence, causes, history, judged, near
                )
            kinds = {"worse" if k in ("side_effect", "symptom", "recurrence") else k for k, _ in clause.polarity}
            label = sentence_label(kinds)
            relapse = label == "worse" and all(k == "recurrence" for k, _ in clause.polarity)
            stopped = _stopped(text, found.cues, targets) if label == "improved" or relapse else []
            if stopped and len(stopped) == len(targets):
                label, how = (
                    ("improved", "symptoms came back after coming off the treatment")
                    if relapse
                    else ("worse", "better after coming off the treatment")
                )
            elif stopped:
                targets = [t for t in targets if t not in stopped]
            if not targets:
                if unresolved is not None and _own_report(clause):
                    lo, hi = min(c.start for _, c in clause.polarity), max(c.end for _, c in clause.polarity)
                    cues = tuple(Cue(c.start, c.end, kind, c.rule) for kind, c in clause.polarity)
                    rule = "+".join(dict.fromkeys(c.rule for _, c in clause.polarity))
                    note = "a verdict said before the treatment named next"
                    unresolved.append(Outcome(label, lo, hi, (), cues, _ongoing(clause, found), rule, note))
                continue
            last_targets = targets
            cue_marks = [c for _, c in clause.polarity] + link_cues
            lo = min([c.start for c in cue_marks] + [t.start for t in targets if clause.start <= t.start])
            hi = max(
                [c.end for c in cue_marks]
                + [t.end for t in targets if t.start < clause.end and t.start >= clause.start]
            )
            polar = {(c.start, c.end) for _, c in clause.polarity}
            cues = tuple(Cue(c.start, c.end, kind, c.rule) for kind, c in clause.polarity) + tuple(
                Cue(c.start, c.end, c.kind, c.rule) for c in link_cues if (c.start, c.end) not in polar
            )
            outcomes.append(
                Outcome(
                    label=label,
                    start=lo,
                    end=hi,
                    targets=tuple(targets),
                    cues=cues,
                    ongoing=_ongoing(clause, found),
                    rule="+".join(dict.fromkeys(c.rule for _, c in clause.polarity)),
                    note=how,
                )
            )
        return outcomes

    @staticmethod
    def _targets(
        text: str,
        clause: _Clause,
        before: list[_Clause],
        in_sentence: list[MentionRef],
        causes: list[MentionRef],
        history: list[MentionRef],
        judged: set[MentionRef],
        near: bool,
    ) -> tuple[list[MentionRef], list[CueMatch], str]:
        """What a clause's outcome judges, the cues that point at it, and how it was found (for the note)."""
        own = [m for m in in_sentence if clause.start <= m.start < clause.end]
        quantifier = next((c for c in clause.cues if c.kind == "quantifier"), None)
        verdict = [c for _, c in clause.polarity]
        if (
            quantifier is not None
            and all(kind == "no_change" for kind, _ in clause.polarity)
            and quantifier.start <= verdict[0].start
            and all(m.start >= verdict[-1].end for m in own)
        ):
            own = []  # "Nothing helps and I can't even go to the gym": what is named after judges nothing
        own = _pointed_back(text, clause, own, verdict)
        learning = next((c for c in clause.cues if c.kind == "learning"), None)
        if clause.opener is not None and learning is not None:
            own += [m for m in causes if learning.end <= m.start < clause.end]
        if own:
            if any(m.label == "cause" for m in own):
                return (
                    own,
                    [c for c in (clause.opener, learning) if c is not None],
                    "the cause learnt of stands for the approach",
                )
            return own, [], "treatment named in the clause"
        earlier = [m for m in in_sentence if any(c.start <= m.start < c.end for c in before)]
        if not earlier and _that_after_clause(text, before[0].start if before else clause.start, verdict[0].start):
            return [], [], ""  # "don't go barefoot, that makes it worse": "that" is what was just said
        anaphor = next((c for c in clause.cues if c.kind == "anaphor"), None)
        if anaphor is not None and (quantifier is None or anaphor.start < quantifier.start):
            candidates = earlier or history
            if candidates:
                return _group(text, candidates), [anaphor], "anaphor resolved to the nearest earlier treatment"
        if quantifier is not None and any(kind == "no_change" for kind, _ in clause.polarity):
            chosen = [m for m in history + earlier if m not in judged]  # "nothing worked": what no cue judged yet
            return chosen, [quantifier], f"quantifier covers {len(chosen)} earlier treatment(s)"
        writer = next((c for c in clause.cues if c.kind == "first_person"), None)
        someone_else = any(c.kind == "third_party" for c in clause.cues)
        blamed = all(kind in ("side_effect", "symptom") for kind, _ in clause.polarity)  # not blamed on a neighbour
        if blamed and earlier and LIST_ITEM_GAP.fullmatch(text[earlier[-1].end : clause.start + 1]):
            return _group(text, earlier), [], "a list item's comment on the treatment it names"
        if blamed and earlier and any(c.rule == SIDE_EFFECTS_SAID for _, c in clause.polarity):
            return _group(text, earlier), [], "side effects said of the treatment named earlier in the sentence"
        if (near or earlier) and not blamed and (earlier or history) and (writer is not None or not someone_else):
            return (
                earlier or _group(text, history),
                [writer] if writer is not None else [],
                "the writer's report next to a treatment"
                if writer is not None
                else "subjectless report next to a treatment",
            )
        return [], [], ""

    def _unknown(
        self, text: str, all_found: Sequence[SentenceCues], eligible: list[MentionRef], judged: set[MentionRef]
    ) -> list[Outcome]:
        """One ``unknown`` outcome per clause whose treatments no cue judged (questions excepted)."""
        outcomes = []
        for found in all_found:
            pending = [m for m in eligible if found.start <= m.start < found.end and m not in judged]
            if not pending or found.question:
                continue
            for a, b in found.clauses:
                here = [m for m in pending if a <= m.start < b]
                if not here:
                    continue
                lo, hi = trim_extent(text, a, b)
                clause = _Clause(a, b, cues=[c for c in found.cues if a <= c.start < b])
                outcomes.append(
                    Outcome(
                        label="unknown",
                        start=min(lo, here[0].start),
                        end=max(hi, here[-1].end),
                        targets=tuple(here),
                        cues=(),
                        ongoing=_ongoing(clause, found),
                        rule=UNKNOWN_RULE,
                        note="no outcome cue judges these treatments",
                    )
                )
        return outcomes


def _unknown_pairs(
    post: PairContext, outcomes: Sequence[Outcome]
) -> list[tuple[Outcome, MentionRef, dict[str, float]]]:
    """Each target of the rules' ``unknown`` outcomes, with the outcome and the target's pair features."""
    found = []
    for outcome in outcomes:
        if outcome.rule != UNKNOWN_RULE:
            continue
        for target in outcome.targets:
            index = next((i for i, (a, b) in enumerate(post.sentences) if a <= target.start < b), None)
            if index is not None:
                found.append((outcome, target, pair_features(post, index, (target.start, target.end))))
    return found


def _with_pairs(model: PairModel, post: PairContext, outcomes: list[Outcome]) -> list[Outcome]:
    """The rules' outcomes, where the pair model is sure of a verdict for a treatment they left ``unknown``, with
    that treatment taken out of the unknown outcome and given its own."""
    decided: dict[tuple[int, int], list[tuple[MentionRef, str, float]]] = {}
    for outcome, target, features in _unknown_pairs(post, outcomes):
        verdict = model.decides(features)
        if verdict is not None:
            decided.setdefault((outcome.start, outcome.end), []).append((target, *verdict))
    if not decided:
        return outcomes
    kept = []
    for outcome in outcomes:
        found = decided.get((outcome.start, outcome.end)) if outcome.rule == UNKNOWN_RULE else None
        if not found:
            kept.append(outcome)
            continue
        taken = {target for target, _, _ in found}
        rest = tuple(t for t in outcome.targets if t not in taken)
        if rest:
            kept.append(replace(outcome, targets=rest))
        note = "the pair model read the treatment's sentence and its neighbours (no cue judged it)"
        kept += [
            replace(outcome, label=label, targets=(target,), rule=PAIR_RULE, note=note, score=p, by_model=True)
            for target, label, p in found
        ]
    return kept


def _asks_from(text: str, start: int, end: int, found: Sequence[CueMatch], clauses: Sequence[tuple[int, int]]) -> int:
    """Where a sentence starts asking (see ``SentenceCues.asks_from``); -1 when it does not ask."""
    asking = next((c.start for c in found if c.kind == "question"), None)
    if asking is None and text[start:end].rstrip().endswith("?"):
        asking = clauses[-1][0] if clauses else start
    if asking is None:
        return -1
    return next((a for a, b in clauses if a <= asking < b), start)


def _shared_question(
    text: str, found: SentenceCues, in_sentence: Sequence[MentionRef], problems: Sequence[MentionRef]
) -> list[Outcome]:
    """A question asking who else has a symptom ("Does anyone else get headaches on X?", "Am I the only one who
    gets nausea with X?", "Does anyone have loose stools on X"): the writer has it, so it is ``worse`` for the
    treatments the asking part names.

    What counts as having it: side-effect, symptom and worse cues, symptom mentions ("chest pains") and condition
    mentions tied to the treatment ("their GERD ... as a result of X"; a condition alone is why one takes it), each not
    negated or set aside by a modal, nor a reason ("anyone else take X because they get migraines?"). An
    improvement asked about ("anyone else sleep better on X?") is no outcome; with no treatment named where it
    asks, there is none either.
    """
    if found.asks_from < 0:
        return []
    cues = [c for c in found.cues if c.start >= found.asks_from]
    if not any(c.kind == "shared" for c in cues) or any(c.kind in ("improved", "state") for c in cues):
        return []
    targets = tuple(m for m in in_sentence if m.start >= found.asks_from)
    if not targets:
        return []
    negators = [c for c in cues if c.kind == "negator"]
    modals = [c for c in cues if c.kind == "modal"]
    had = [c for c in cues if c.kind in ("side_effect", "symptom", "worse")] + [
        CueMatch(m.start, m.end, "symptom", "symptom_mention")
        for m in problems
        if m.start >= found.asks_from
        and (m.label == "symptom" or any(_follows(text, m.end, t) for t in targets))  # "their GERD ... after X"
    ]
    verdicts = [
        c
        for c in had
        if not _shortly_after(text, c, negators, NEGATION_WINDOW_WORDS)
        and not _shortly_after(text, c, modals, MODAL_WINDOW_WORDS)
        and not REASON_WORDS.search(" ".join(text[found.asks_from : c.start].split()[-REASON_WINDOW_WORDS:]))
    ]
    if not verdicts:
        return []
    marks = [(c.start, c.end) for c in verdicts] + [(m.start, m.end) for m in targets]
    lo, hi = min(a for a, _ in marks), max(b for _, b in marks)
    shared = next(c for c in cues if c.kind == "shared")
    return [
        Outcome(
            label="worse",
            start=lo,
            end=hi,
            targets=targets,
            cues=(
                *(Cue(c.start, c.end, "worse", c.rule) for c in verdicts),
                Cue(shared.start, shared.end, "shared", shared.rule),
            ),
            ongoing=_ongoing(_Clause(lo, hi, cues=list(cues)), found),
            rule="+".join(dict.fromkeys(c.rule for c in verdicts)),
            note="a question asking who else has it: the writer has it on the treatment named",
        )
    ]


def _continued(
    text: str, found: SentenceCues, in_sentence: Sequence[MentionRef], previous: Sequence[Outcome]
) -> list[Outcome]:
    """A short fragment adding treatments to the sentence before ("As well as working out."): that sentence's
    last verdict judges them too."""
    opener = CONTINUATION.match(text, found.start, found.end)
    if opener is None or not in_sentence or len(text[found.start : found.end].split()) > CONTINUATION_MAX_WORDS:
        return []
    last = previous[-1]
    lo, hi = trim_extent(text, found.start, found.end)
    cue = Cue(opener.start(), opener.end(), "continuation", "continues_previous")
    note = "a fragment adding treatments to the sentence before, whose verdict it shares"
    rule = f"{last.rule}+continues_previous"
    return [replace(last, start=lo, end=hi, targets=tuple(in_sentence), cues=(cue,), rule=rule, note=note)]


def _told_before(
    text: str, found: SentenceCues, in_sentence: Sequence[MentionRef], problems: Sequence[MentionRef]
) -> list[Outcome]:
    """A sentence telling how things were before a treatment ("Prior to Trikafta, I was coughing quite often",
    "Before I started X I had constant headaches"): the problems it tells, in the past, are what the treatment
    relieved, not what it caused.

    The treatment comes right after "prior to" / "before (starting)"; a symptom or condition named after it, or a
    symptom or worse cue, with a past-tense word between, is the problem. A sentence that also says something got
    better or did not is left to the clause rules.
    """
    if not in_sentence or found.question or any(c.kind in NOT_BEFORE_KINDS for c in found.cues):
        return []
    told = [p.start for p in problems] + [c.start for c in found.cues if c.kind in ("symptom", "side_effect", "worse")]
    for m in in_sentence:
        lead = BEFORE_TREATMENT.search(text, max(found.start, m.start - 40), m.start)
        if lead is None or not any(
            m.end <= start < found.end and PAST_PROBLEM.search(text, m.end, start) for start in told
        ):
            continue
        lo, hi = trim_extent(text, found.start, found.end)
        cue = Cue(lead.start(), lead.end(), "improved", "before_treatment")
        note = "problems told as over, from before the treatment"
        return [Outcome("improved", lo, hi, (m,), (cue,), False, "before_treatment", note)]
    return []


def _problem_told_of(
    text: str, found: SentenceCues, in_sentence: Sequence[MentionRef], problems: Sequence[MentionRef]
) -> list[Outcome]:
    """A sentence with no verdict of its own that names a symptom or condition as coming from a treatment ("Serum
    sickness after monoclonal antibodies", "protein shakes triggering gout"): ``worse`` for that treatment.

    Only a cause said outright ties them (``PROBLEM_AFTER``, ``TREATMENT_CAUSED``); a problem beside a treatment
    ("reflux, so I'm on omeprazole") is why it is taken. Negated or set-aside problems are not had.
    """
    if found.question or not in_sentence or any(c.kind in POLARITY_KINDS for c in found.cues):
        return []
    negators = [c for c in found.cues if c.kind in ("negator", "modal")]
    blamed: list[tuple[MentionRef, MentionRef]] = []
    for p in problems:
        if _shortly_after(text, p, negators, NEGATION_WINDOW_WORDS):
            continue
        for m in in_sentence:
            tied = (0 <= m.start - p.end <= LINK_AFTER_CHARS and PROBLEM_AFTER.fullmatch(text, p.end, m.start)) or (
                0 <= p.start - m.end <= LINK_AFTER_CHARS and TREATMENT_CAUSED.fullmatch(text, m.end, p.start)
            )
            if tied and not any(m is b for b, _ in blamed):
                blamed.append((m, p))
    if not blamed:
        return []
    lo, hi = trim_extent(text, found.start, found.end)
    cues = tuple(Cue(p.start, p.end, "symptom", "problem_told_of") for _, p in blamed)
    targets = tuple(sorted((m for m, _ in blamed), key=lambda m: m.start))
    note = "a symptom or condition told as coming from the treatment"
    return [Outcome("worse", lo, hi, targets, cues, False, "problem_told_of", note)]


def _follows(text: str, problem_end: int, treatment: MentionRef) -> bool:
    """Whether the text ties a problem ending at ``problem_end`` to a treatment named shortly after it ("GERD
    after gallbladder removal", "headaches on X", "my GERD happen as a result of getting X")."""
    return 0 <= treatment.start - problem_end <= LINK_AFTER_CHARS and bool(
        LINK_AFTER.fullmatch(text[problem_end : treatment.start])
    )


def _that_after_clause(text: str, sentence_start: int, verdict_start: int) -> bool:
    """Whether the words before a verdict end in "..., that" after two words or more of the sentence (see
    ``THAT_OPENS``); found from the last comma or dash back, in time linear in the sentence."""
    lead = text[sentence_start:verdict_start]
    cut = max(lead.rfind(mark) for mark in CLAUSE_MARKS)
    return cut >= 0 and len(lead[:cut].split()) >= 2 and THAT_OPENS.match(lead, cut + 1) is not None


def _agent_named(text: str, cue: CueMatch, in_sentence: Sequence[MentionRef], clause: _Clause) -> bool:
    """Whether a side-effect cue blames a treatment: always, unless it is passive ("caused by") or puts what the
    writer has down to something ("it could be the ..."), when its agent must be a treatment, or an anaphor
    standing for one, named within a few words after "by" or after the cue."""
    if cue.rule == BLAME_RULE:
        agent_end = cue.end
    elif (agent := PASSIVE_AGENT.search(text, cue.start, cue.end)) is not None:
        agent_end = agent.end()
    else:
        return True
    starts = [m.start for m in in_sentence] + [c.start for c in clause.cues if c.kind == "anaphor"]
    return any(s >= agent_end and len(text[agent_end:s].split()) <= STOPPED_GAP_WORDS for s in starts)


def _pointed_back(text: str, clause: _Clause, own: list[MentionRef], verdict: Sequence[CueMatch]) -> list[MentionRef]:
    """A verdict whose subject is an anaphor for what was just named ("got a shot and that helped, and had X")
    judges the treatments before it, not those named after it in the clause; one said in a relative clause right
    after a treatment ("Trileptal to replace Zonisamide, which hasn't been working") judges that treatment."""
    before = [m for m in own if m.end <= verdict[0].start]
    if before and RELATIVE_VERDICT.match(text, before[-1].end, verdict[0].start):
        return _group(text, before)
    if not before or len(before) == len(own):
        return own
    pointing = any(c.kind == "anaphor" and before[-1].end <= c.start and c.end <= verdict[0].start for c in clause.cues)
    return before if pointing else own


def _subject_of_improvement(text: str, cue: CueMatch, clause: _Clause) -> bool:
    """Whether a side effect or symptom is what an improvement cue right after it speaks of ("my allergy to the
    sun became less severe", "the headaches are gone"): then it is no new problem."""
    for c in clause.cues:
        if c.kind in ("improved", "state") and c.start >= cue.end:
            gap = text[cue.end : c.start]
            return SUBJECT_GAP.fullmatch(gap) is not None and SUBJECT_GAP_BREAK.search(gap) is None
    return False


def _own_report(clause: _Clause) -> bool:
    """A clause that can be the writer's verdict on a treatment not yet named: said by the writer or by no one,
    with a verdict that is not only symptoms or side effects (those are blamed only on what they follow)."""
    if any(c.kind in ("third_party", "quantifier", "anaphor") for c in clause.cues):
        return False
    return not all(kind in ("side_effect", "symptom") for kind, _ in clause.polarity)


def _weigh_symptoms(
    text: str, clause: _Clause, in_sentence: Sequence[MentionRef], last_targets: Sequence[MentionRef]
) -> list[MentionRef] | None:
    """Keep a clause's symptom cues only where they follow a treatment; what they blame, when only they judge.

    A symptom blames a treatment named before it in the clause with no reason word just before the symptom
    ("took X and had diarrhea", not "took X because I had headaches"), or named right after a cue ending in
    "after/from/since" ("serum sickness after X"). Beside other verdicts it only adds ``worse``. With no
    treatment in the clause, an anaphor before it points back ("since I started it I get ..."), else the targets
    of an earlier clause of the sentence take it ("pain went down, however I started getting ..."). A symptom
    that follows no treatment says how the writer is, not what a treatment did: it is dropped.

    Returns:
        the blamed mentions when symptoms alone judge the clause and they name them; None to resolve targets as
        for any clause.
    """
    symptoms = [c for k, c in clause.polarity if k == "symptom"]
    if not symptoms:
        return None
    own = [m for m in in_sentence if clause.start <= m.start < clause.end]
    attached: list[MentionRef] = []
    for cue in symptoms:
        after = [
            m
            for m in own
            if (FOLLOWING_PREPOSITION.search(text[cue.start : cue.end]) and 0 <= m.start - cue.end <= 3)
            or _follows(text, cue.end, m)
        ]
        before = [
            m
            for m in own
            if m.end <= cue.start
            and not REASON_WORDS.search(" ".join(text[m.end : cue.start].split()[-REASON_WINDOW_WORDS:]))
            and not BEFORE_TREATMENT.search(text, max(clause.start, m.start - 40), m.start)
        ]
        # a symptom told as coming from what follows it ("THC side effects from risperidone") blames only that
        attached += [m for m in (after or before) if m not in attached]
    alone = all(k == "symptom" for k, _ in clause.polarity)
    pointed = any(
        c.kind == "anaphor"
        and c.end <= symptoms[0].start
        and not REASON_WORDS.search(" ".join(text[c.end : symptoms[0].start].split()[-REASON_WINDOW_WORDS:]))
        for c in clause.cues
    )
    if attached:
        return sorted(attached, key=lambda m: m.start) if alone else None
    if not own and (pointed or not alone):
        return None
    if not own and alone and last_targets:
        return list(last_targets)
    clause.polarity = [(k, c) for k, c in clause.polarity if k != "symptom"]
    return None


def _group(text: str, candidates: Sequence[MentionRef]) -> list[MentionRef]:
    """The last candidate with the mentions coordinated with it just before ("Colchicine and Indomethacin",
    "salbutamol (emergency inhaler/bronchodilator)"): what a report after them judges together."""
    group = [candidates[-1]]
    for m in reversed(candidates[:-1]):
        if not _coordinated(text[m.end : group[0].start]):
            break
        group.insert(0, m)
    return group


_COORDINATION = re.compile(
    r"[\s,&+]*(?:(?:and|or|plus|with|&)[\s,&+]*"
    r"(?:(?:lots of|a lot of|plenty of|some|a little|a bit of|more|extra)\s+)?)?",  # "turmeric and lots of ginger"
    re.I,
)


def _coordinated(gap: str) -> bool:
    if len(gap) > 40 or any(c in gap for c in ".!?;:\n"):
        return False
    if "(" in gap or "/" in gap:
        return len(gap.replace("/", " ").replace("(", " ").split()) <= APPOSITION_WORDS
    return _COORDINATION.fullmatch(gap) is not None


def _without_yielding(cues: Sequence[CueMatch]) -> Sequence[CueMatch]:
    """A sentence's cues less the weak ones (``YIELDING_RULES``) when another verdict is said there: "I use a
    heating pad to deal with the pain, but it does nothing" did nothing."""
    if not any(c.rule in YIELDING_RULES for c in cues):
        return cues
    if not any(c.kind in POLARITY_KINDS and c.rule not in YIELDING_RULES for c in cues):
        return cues
    return [c for c in cues if c.rule not in YIELDING_RULES]


def _shortly_after(text: str, cue: CueMatch, before: Iterable[CueMatch], words: int) -> bool:
    """Whether one of ``before`` (a negator, a modal) ends at most ``words`` words before the cue."""
    return any(n.end <= cue.start and len(text[n.end : cue.start].split()) <= words for n in before)


def _weigh_residual_and_temporary(clauses: list[_Clause]) -> None:
    """Symptoms that remain are no_change alone, but partial help beside an improvement in the sentence ("has
    helped a lot, but I still have some pain, and the dizziness hasn't gone away": improved; the symptoms a
    clause says remain are not new ones); symptoms that came back before an improvement are what it relieved
    ("the depression returned, so I went back on it and felt better"); relief that did not last ("helped at
    first") is mixed, and so is help that came with bad side effects ("helped but the side effects were awful";
    alone, that judges nothing)."""
    improvements = [cue.start for clause in clauses for kind, cue in clause.polarity if kind == "improved"]
    improved = bool(improvements)
    temporary = next((c for clause in clauses for c in clause.cues if c.kind == "temporary"), None)
    downside = next((c for clause in clauses for c in clause.cues if c.kind == "downside"), None)
    for clause in clauses:
        residual = any(kind == "residual" for kind, _ in clause.polarity)
        clause.polarity = [
            ("no_change" if kind == "residual" else kind, cue)
            for kind, cue in clause.polarity
            if not ((kind == "residual" or (kind == "symptom" and residual)) and improved)
            and not (kind == "recurrence" and any(cue.start < start for start in improvements))
        ]
        if temporary is not None and any(kind == "improved" for kind, _ in clause.polarity):
            clause.polarity.append(("no_change", temporary))
        if downside is not None and any(kind == "improved" for kind, _ in clause.polarity):
            clause.polarity.append(("worse", downside))


def _apply_sequence(clauses: list[_Clause], in_sentence: list[MentionRef]) -> None:
    """ "Nothing worked until X" / "tried everything until X": the clause after the sequence cue is improved.

    The clause before it must have done nothing (a no_change cue) or have tried things with no verdict (a
    generic "tried everything", or treatments and no polarity); those then get no_change from the same cue. An
    exception ("nothing did much besides X") counts only after a clause that did nothing.
    """
    for before, after in pairwise(clauses):
        if after.opener is None or after.polarity or after.opener.start - after.start > 12:
            continue
        found = any(after.start <= m.start < after.end for m in in_sentence)
        if not found and not any(c.kind == "learning" for c in after.cues):
            continue  # "... until much later": nothing named after the opener is what worked
        kinds = {k for k, _ in before.polarity}
        tried = [m for m in in_sentence if before.start <= m.start < before.end]
        if kinds == {"no_change"}:
            after.polarity.append(("improved", after.opener))
        elif not kinds and tried and after.opener.kind == "sequence":  # "tried everything except surgery": untried
            before.polarity.append(("no_change", after.opener))
            after.polarity.append(("improved", after.opener))


def sentence_label(labels: Iterable[str]) -> str:
    """One label for verdicts said together (in one clause, or one sentence): improved with no_change or worse is
    mixed, else worse outweighs no_change; "none" if there are none. (Verdicts said apart, in other sentences or
    posts, are weighed by ``thread.combine_outcomes``: there the most frequent stands.)"""
    found = set(labels)
    if "mixed" in found or ("improved" in found and found & {"no_change", "worse"}):
        return "mixed"
    return next((label for label in ("improved", "worse", "no_change", "unknown") if label in found), "none")


def _labels_by_sentence(sentences: Sequence[tuple[int, int]], outcomes: Sequence[Outcome]) -> list[str]:
    return [sentence_label([o.label for o in outcomes if start <= o.start < end]) for start, end in sentences]


def _stopped(text: str, cues: Sequence[CueMatch], targets: Sequence[MentionRef]) -> list[MentionRef]:
    """The targets named right after a stopping cue of the sentence ("wean off the X", "stopping X")."""
    stops = [c for c in cues if c.kind == "stopping"]
    return [
        t
        for t in targets
        if any(c.end <= t.start and len(text[c.end : t.start].split()) <= STOPPED_GAP_WORDS for c in stops)
    ]


def _excepted(text: str, outcomes: list[Outcome]) -> list[Outcome]:
    """ "Tried X, Y and Z, nothing did much besides Z": the treatment an exception names is not among what did
    nothing, though "nothing" covers its earlier mention too (mentions of the same words count as one)."""
    kept = {text[t.start : t.end].lower() for o in outcomes if o.rule == EXCEPTION_RULE for t in o.targets}
    if not kept:
        return outcomes
    out = []
    for o in outcomes:
        if o.label == "no_change":
            targets = tuple(t for t in o.targets if text[t.start : t.end].lower() not in kept)
            if not targets:
                continue
            o = replace(o, targets=targets)
        out.append(o)
    return out


def _merge_contradictions(outcomes: list[Outcome]) -> list[Outcome]:
    """Outcomes of one sentence that judge the same treatment, one improved and one not, become one ``mixed``.

    "Helped at first, but then stopped working": both cues stay in the explanation, neither is picked.
    """
    merged: list[Outcome] = []
    for o in outcomes:
        clash = next(
            (
                m
                for m in merged
                if set(m.targets) & set(o.targets)
                and {m.label, o.label} & {"improved", "mixed"}
                and {m.label, o.label} != {"improved"}
            ),
            None,
        )
        if clash is None:
            merged.append(o)
            continue
        merged.remove(clash)
        shared = tuple(t for t in dict.fromkeys(clash.targets + o.targets) if t in clash.targets and t in o.targets)
        for kept in (clash, o):  # "X helped and I had Y, but it made me tired": only Y is mixed
            rest = tuple(t for t in kept.targets if t not in shared)
            if rest:
                merged.append(replace(kept, targets=rest))
        merged.append(
            Outcome(
                label="mixed",
                start=min(clash.start, o.start),
                end=max(clash.end, o.end),
                targets=shared,
                cues=clash.cues + o.cues,
                ongoing=clash.ongoing or o.ongoing,
                rule=f"{clash.rule}|{o.rule}",
                note=f"contradictory cues in one sentence ({clash.label} and {o.label})",
            )
        )
    return merged


def _ongoing(clause: _Clause, found: SentenceCues) -> bool:
    """Still in it: an ongoing cue in the clause (else in the sentence) that no past cue there outweighs."""
    for cues in (clause.cues, list(found.cues)):
        kinds = {c.kind for c in cues}
        if "ongoing" in kinds:
            return True
        if "past" in kinds:
            return False
    return False


def trim_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """The extent without surrounding spaces and punctuation (a clause's opening comma, its closing stop)."""
    while start < end and (text[start].isspace() or text[start] in ",;:.!?-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?-"):
        end -= 1
    return start, end
