"""The scorer against the product's own graded interview answers (tests/data/graded_answers.jsonl).

Usage: .venv/bin/python bench/graded_eval.py [FILE] [--engine offline|llm|auto] [--split dev|holdout] [--verbose]
Prints, for all answers and per split (dev / holdout): ordered (better, worse) pairs within each question,
answers inside their grade's band, comments that contradict the answer, key-point agreement with the human
labels, Pearson r, mean score per grade; then the follow-up each answer would get and any invented facts.
Targets (issue 14): pairs >= 97 %, bands >= 90 %, zero contradicting comments, zero invented facts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description="Scorer against the graded interview answers.")
    parser.add_argument("path", nargs="?", type=Path, default=None)
    parser.add_argument("--engine", default="offline", choices=("offline", "llm", "auto"))
    parser.add_argument("--split", default="", help="only this split (dev or holdout)")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()

    import os

    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="ic-graded-"))
    from interview_app.services.scoring import engine, graded

    rows = graded.load(args.path or graded.DEFAULT_PATH)
    if args.split:
        rows = [r for r in rows if r.get("split") == args.split]
    started = time.perf_counter()
    results = [engine.score_content(graded.scoring_input(r), args.engine) for r in rows]
    elapsed = time.perf_counter() - started

    print(f"{len(rows)} answers, {len({r['question_id'] for r in rows})} questions, scored in {elapsed:.1f} s\n")
    print(
        "| set | n | pairs ordered | in band | contradicting | key points P / R | Pearson "
        "| mean exc / ade / weak / off |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    splits = ["all", *sorted({r.get("split", "") for r in rows} - {""})]
    for name in splits:
        picked = [(r, s) for r, s in zip(rows, results, strict=True) if name == "all" or r.get("split") == name]
        rep = graded.report([r for r, _ in picked], [s for _, s in picked])
        tp, fp, fn, _ = rep.key_points
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        means = " / ".join(f"{rep.mean_by_grade.get(g, float('nan')):.0f}" for g in graded.GRADES)
        print(
            f"| {name} | {rep.n} | {rep.pair_share:.1%} ({rep.pairs_right}/{rep.pairs_total}) | "
            f"{rep.band_share:.1%} | {len(rep.contradicting)} | {precision:.2f} / {recall:.2f} | "
            f"{rep.pearson:.3f} | {means} |"
        )
    rep = graded.report(rows, results)
    if args.verbose:
        for title, items in (
            ("Pairs in the wrong order", rep.wrong_pairs),
            ("Outside the band", rep.out_of_band),
            ("Contradicting comments", rep.contradicting),
        ):
            print(f"\n{title} ({len(items)}):")
            for item in items:
                print(f"- {item}")
    follow_up_report(rows, args.verbose)


def follow_up_report(rows: list[dict], verbose: bool) -> None:
    """The follow-up each answer would get, by grade, and any grounding problems."""
    from interview_app.services.answers import follow_ups
    from interview_app.services.scoring import graded, offline

    bank = bank_follow_ups()
    kinds: dict[str, dict[str, int]] = {}
    problems: list[str] = []
    for row in rows:
        analysis = follow_ups.analysis_from_result(offline.score(graded.scoring_input(row)))
        asked = follow_ups.AskedQuestion(
            prompt=row["question"],
            type=row["type"],
            key_points=tuple(row["key_points"]),
            follow_ups=tuple(bank.get(row["question_id"], ())),
        )
        plan = follow_ups.plan_follow_up(asked, row["answer"], analysis)
        kinds.setdefault(row["grade"], {}).setdefault(plan.kind, 0)
        kinds[row["grade"]][plan.kind] += 1
        if plan.prompt:
            for problem in follow_ups.grounding_problems(plan.prompt, row["question"], row["answer"]):
                problems.append(f"{row['id']}: {problem} in {plan.prompt!r}")
        if verbose and plan.prompt:
            print(f"- {row['id']}: {plan.kind}: {plan.prompt}")
    print("\nFollow-ups by grade: " + "; ".join(f"{g}: {kinds.get(g, {})}" for g in graded.GRADES))
    print(f"Follow-ups with invented facts: {len(problems)}")
    for item in problems:
        print(f"- {item}")


def bank_follow_ups() -> dict[str, list[str]]:
    """The curated follow-ups of every bank question, by question id."""
    import json

    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "interview_app" / "data" / "questions").glob("*.json")):
        for q in json.loads(path.read_text())["questions"]:
            out[q["id"]] = list(q.get("follow_ups") or [])
    return out


if __name__ == "__main__":
    main()
