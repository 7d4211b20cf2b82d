"""Claim typing and hedging (cue rules) scored on the project's own annotated claims.

Run: ``.venv/bin/python bench/statements_claim_types.py``. Reads ``data/statements/claims/claim_types.jsonl``
(claims the project wrote and annotated by the guideline in ``data/statements/README.md``, never used to write
the rules' patterns), prints and writes accuracy and per-type F1 to ``bench/results/statements_claim_types.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from anecdata.read.statements.rules import claim_attributes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "statements" / "claims" / "claim_types.jsonl"
RESULTS = Path(__file__).parent / "results" / "statements_claim_types.json"
TYPES = ("causal", "prevalence", "efficacy", "diagnostic", "other")


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    type_right = hedge_right = 0
    for row in rows:
        claim_type, hedged, _ = claim_attributes(row["text"])
        type_right += claim_type == row["claim_type"]
        hedge_right += hedged == row["hedged"]
        if claim_type == row["claim_type"]:
            tp[claim_type] += 1
        else:
            fp[claim_type] += 1
            fn[row["claim_type"]] += 1
    per_type = {}
    for t in TYPES:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        per_type[t] = {"f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "support": tp[t] + fn[t]}
    result = {
        "claims": len(rows),
        "type_accuracy": round(type_right / len(rows), 3),
        "type_macro_f1": round(sum(v["f1"] for v in per_type.values()) / len(TYPES), 3),
        "hedged_accuracy": round(hedge_right / len(rows), 3),
        "per_type": per_type,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{len(rows)} claims: type accuracy {result['type_accuracy']:.2f}, macro-F1 {result['type_macro_f1']:.2f}, "
        f"hedged accuracy {result['hedged_accuracy']:.2f} -> {RESULTS}"
    )


if __name__ == "__main__":
    main()
