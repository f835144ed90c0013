"""The labelled Korean requirement / evidence pairs that bench/fit_matcher_ko.py measures matchers on
(docs/tailoring.md, "The multilingual encoder is not a matcher here"): a fair set, and today's verdicts on it."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from interview_app.services.tailoring import fit, similarity
from interview_app.services.tailoring import text as tx

PAIRS = Path(__file__).resolve().parents[3] / "data" / "fit_pairs_ko.jsonl"


def rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_each_requirement_is_korean_in_one_half_with_matches_and_near_misses() -> None:
    by_requirement: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows():
        assert set(row) == {"split", "requirement", "evidence", "label"}
        assert row["split"] in ("dev", "holdout") and row["label"] in ("match", "near_miss")
        by_requirement[row["requirement"]].append(row)
    assert len(by_requirement) >= 10
    for requirement, pairs in by_requirement.items():
        assert tx.is_korean(requirement)
        assert len({p["split"] for p in pairs}) == 1, requirement  # no requirement is seen by both halves
        labels = [p["label"] for p in pairs]
        assert labels.count("match") >= 2 and labels.count("near_miss") >= 2, requirement
        assert any(not tx.is_korean(p["evidence"]) for p in pairs), requirement  # mixed CVs: English lines too
    assert {p["split"] for ps in by_requirement.values() for p in ps} == {"dev", "holdout"}


def test_shared_words_find_no_paraphrase_and_few_near_misses_as_related() -> None:
    """What the bench compares against: Korean pairs read by shared words, as the fit matrix does today."""
    data = rows()
    sims = [float(similarity.matrix([r["requirement"]], [r["evidence"]])[0, 0]) for r in data]
    related = [r["label"] for r, s in zip(data, sims, strict=True) if s >= fit.RELATED]
    assert related.count("match") == 0  # paraphrases are not found by their words
    assert related.count("near_miss") <= 2  # "원인 분석 보고서" and "보도자료 배포" share the requirement's words
