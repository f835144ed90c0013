"""Could the multilingual sentence encoder match Korean requirements to CV and answer lines? Measured, not assumed.

Usage: .venv/bin/python bench/fit_matcher_ko.py

Reads tests/data/fit_pairs_ko.jsonl: Korean job requirements, each with CV or answer lines (Korean, or English as
in a mixed CV) labelled `match` (the line shows the requirement, mostly in other words) or `near_miss` (it does
not: an unrelated line, or one on the same topic or sharing its words that shows something else: studying for a
cloud certificate against running services in the cloud, a performance review against query performance). The
requirements are split into a dev half and a holdout half.

For each split it prints, for the fit matrix's similarity as it is today (`similarity.matrix`: shared words for
Korean pairs) and for the encoder's cosine (`multilingual.get_reader()`, USE multilingual v3):

- the ranking quality (AUC: the chance a match scores above a near miss; 0.5 is a coin);
- how many pairs reach "related in meaning" (`fit.RELATED`), matches and near misses;
- for the encoder, the threshold that best separates the dev pairs (Youden's J) and what it gives on the holdout.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAIRS = ROOT / "tests" / "data" / "fit_pairs_ko.jsonl"


def auc(scores: list[float], labels: list[bool]) -> float:
    """The chance that a match scores above a near miss (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def youden(scores: list[float], labels: list[bool]) -> float:
    """The threshold with the best recall of matches minus the share of near misses let through."""
    pos, neg = sum(labels), len(labels) - sum(labels)

    def j(t: float) -> float:
        hits = sum(s >= t for s, y in zip(scores, labels, strict=True) if y)
        slips = sum(s >= t for s, y in zip(scores, labels, strict=True) if not y)
        return hits / pos - slips / neg

    return max(sorted(set(scores)), key=j)


def counts(scores: list[float], labels: list[bool], threshold: float) -> str:
    hits = sum(s >= threshold for s, y in zip(scores, labels, strict=True) if y)
    slips = sum(s >= threshold for s, y in zip(scores, labels, strict=True) if not y)
    return f"matches {hits}/{sum(labels)}, near misses {slips}/{len(labels) - sum(labels)}"


def main() -> int:
    from interview_app.services.scoring import multilingual
    from interview_app.services.tailoring import fit, similarity

    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    reader = multilingual.get_reader()
    if reader is None:
        print("the multilingual encoder is not available (MULTILINGUAL_SCORING off or the package missing)")
        return 1
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    left = reader.encode([r["requirement"] for r in rows])
    right = reader.encode([r["evidence"] for r in rows])
    encoded = time.perf_counter() - started
    encoder = [float(x) for x in (left * right).sum(axis=1)]
    words = [float(similarity.matrix([r["requirement"]], [r["evidence"]])[0, 0]) for r in rows]
    print(f"{len(rows)} pairs, {sum(r['label'] == 'match' for r in rows)} matches; load {os.getloadavg()[0]:.1f}")
    print(f"encoder loaded in {loaded:.1f} s, {2 * len(rows)} lines encoded in {encoded * 1000:.0f} ms")
    fitted = 0.0
    for split in ("dev", "holdout"):
        idx = [i for i, r in enumerate(rows) if r["split"] == split]
        labels = [rows[i]["label"] == "match" for i in idx]
        enc, wrd = [encoder[i] for i in idx], [words[i] for i in idx]
        if split == "dev":
            fitted = youden(enc, labels)
        print(f"\n{split}: {len(idx)} pairs")
        print(f"  today (shared words): AUC {auc(wrd, labels):.3f}; related: {counts(wrd, labels, fit.RELATED)}")
        fitted_counts = counts(enc, labels, fitted)
        print(f"  encoder cosine:       AUC {auc(enc, labels):.3f}; >= {fitted:.2f} (dev fit): {fitted_counts}")
        for threshold in (0.25, 0.3, 0.35):
            print(f"    >= {threshold:.2f}: {counts(enc, labels, threshold)}")
        worst = sorted((encoder[i], rows[i]["evidence"]) for i in idx if rows[i]["label"] != "match")[-3:]
        print("  near misses the encoder rates highest: " + "; ".join(f"{c:.2f} {t}" for c, t in reversed(worst)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
