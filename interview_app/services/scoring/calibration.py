"""Calibrating the correctness model on graded answers, and measuring any engine against human grades."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from interview_app.services.scoring import features as ft
from interview_app.services.scoring.embeddings import get_embedder


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Lines of a JSON Lines file (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pair_features(question: str, references: list[str], answer: str) -> dict[str, float]:
    """Features of the answer against its best-matching reference (the one it overlaps most)."""
    embedder = get_embedder()
    units = ft.make_units(embedder, [question or "?", answer, *references])
    q, a, refs = units[0], units[1], units[2:]
    best = None
    for ref in refs:
        feats = ft.match_features(ref, a, q, embedder is not None)
        if best is None or feats["sim"] + feats["recall"] > best["sim"] + best["recall"]:
            best = feats
    return best or ft.match_features(a, a, q, embedder is not None)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, iterations: int = 60) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (x includes the bias column)."""
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def calibrate(rows: Iterable[dict[str, Any]], corpus: str = "sciEntsBank", split: str = "training") -> dict[str, Any]:
    """Fit the correctness weights on one corpus and split; returns what calibration.json stores."""
    chosen = [r for r in rows if r.get("corpus") == corpus and r.get("split") == split]
    if not chosen:
        raise ValueError(f"no rows with corpus={corpus!r} and split={split!r}")
    matrix, labels = [], []
    for row in chosen:
        refs = [row["reference_answer"], *(row.get("other_references") or [])]
        feats = pair_features(row["question"], refs, row["answer"])
        matrix.append([feats[k] for k in ft.CORRECTNESS_FEATURES])
        labels.append(float(row["human_score"]))
    w = fit_logistic(np.array(matrix), np.array(labels))
    return {
        "model": embedder.name if (embedder := get_embedder()) else "lexical",
        "trained_on": f"SemEval-2013 Task 7 {corpus} {split} ({len(chosen)} answers)",
        "created": datetime.now(UTC).date().isoformat(),
        "weights": {k: round(float(v), 4) for k, v in zip(ft.CORRECTNESS_FEATURES, w, strict=True)},
    }


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def pearson(x: list[float], y: list[float]) -> float:
    """Pearson correlation (nan when either side is constant)."""
    n = len(x)
    if n < 2:
        return math.nan
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else math.nan


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman rank correlation (average ranks for ties)."""
    return pearson(_ranks(x), _ranks(y))


def correlation_table(rows: list[dict[str, Any]], scores: dict[str, float]) -> list[dict[str, Any]]:
    """Pearson and Spearman of total vs human_score per corpus and split."""
    groups: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for row in rows:
        if "human_score" not in row or str(row.get("id")) not in scores:
            continue
        key = (str(row.get("corpus", "all")), str(row.get("split", "all")))
        xs, ys = groups.setdefault(key, ([], []))
        xs.append(scores[str(row["id"])])
        ys.append(float(row["human_score"]))
    return [
        {"corpus": c, "split": s, "n": len(xs), "pearson": pearson(xs, ys), "spearman": spearman(xs, ys)}
        for (c, s), (xs, ys) in sorted(groups.items())
    ]


def write_calibration(target: Path, **sections: Any) -> None:
    """Update sections of a calibration file, keeping the others."""
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.update(sections)
    target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
