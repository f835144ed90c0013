"""The local LLM's second opinion against human grades, alone and folded into the offline score.

Usage: .venv/bin/python bench/local_llm_eval.py [--graded] [--semeval N] [--per-point] [--url URL] [--cache FILE]
Needs `scripts/local_llm.sh prepare`; starts the server on a free port unless --url points at one.
--graded: tests/data/graded_answers.jsonl (Pearson of the offline total, of the model's grade x 20 and of the
refined total; pairs ordered, answers in band, contradicting comments and key-point agreement as in
bench/graded_eval.py, before and after; seconds per answer by length). --semeval N: the first N rows of
SciEntsBank test-unseen-questions (the reference answer stands in for the key points). Opinions are kept in
--cache so the numbers can be printed again without asking the model.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE_FILE: Path | None = None
SEMEVAL = ROOT.parent / "shared" / "eval" / "semeval2013" / "answers.jsonl"


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sx = sum((x - mx) ** 2 for x in xs) ** 0.5
    sy = sum((y - my) ** 2 for y in ys) ** 0.5
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (sx * sy) if sx and sy else float("nan")


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    from interview_app.services.scoring import local_llm
    from tests.support.live_server import free_port

    port = free_port()
    process = subprocess.Popen(
        local_llm.server_command(port=port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = local_llm.base_url(port)
    for _ in range(400):
        try:
            if httpx.get(f"{url}/models", timeout=2.0).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the local LLM server did not start")


def opinions_for(
    rows: list[dict[str, Any]], points_of: Any, url: str, cache: dict[str, Any], per_point: bool
) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from interview_app.services.scoring import local_llm, second_opinion

    client = second_opinion.make_client(url, timeout=120.0)
    out = []
    for i, row in enumerate(rows):
        key = f"{row['id']}|{'points' if per_point else 'whole'}"
        if key not in cache:
            opinion = second_opinion.ask(
                row["question"],
                row["answer"],
                points_of(row),
                client=client,
                model=local_llm.MODEL_NAME,
                per_point=per_point,
            )
            cache[key] = asdict(opinion)
            if CACHE_FILE is not None and i % 5 == 4:
                CACHE_FILE.write_text(json.dumps(cache))
            print(
                f"  {i + 1}/{len(rows)} {row['id']}: {opinion.overall.expected:.2f} in {opinion.seconds:.1f} s",
                file=sys.stderr,
            )
        out.append(cache[key])
    return out


def to_opinion(data: dict[str, Any]) -> Any:
    from interview_app.services.scoring.second_opinion import Grade, SecondOpinion

    return SecondOpinion(Grade(**data["overall"]), [Grade(**g) for g in data["points"]], data["model"], data["seconds"])


def graded_report(url: str, cache: dict[str, Any], per_point: bool, every: int) -> None:
    from interview_app.services.scoring import engine, graded, second_opinion
    from interview_app.services.scoring.rubric import ScoreResult

    rows = graded.load(graded.DEFAULT_PATH)
    questions = sorted({r["question_id"] for r in rows})[::every]
    rows = [r for r in rows if r["question_id"] in questions]
    started = time.perf_counter()
    offline = [engine.score_content(graded.scoring_input(r), "offline") for r in rows]
    print(f"offline scored {len(rows)} answers in {time.perf_counter() - started:.1f} s")
    opinions = [to_opinion(o) for o in opinions_for(rows, lambda r: list(r["key_points"]), url, cache, per_point)]
    refined = [
        ScoreResult.from_dict(second_opinion.refine(s.to_dict(), o)) for s, o in zip(offline, opinions, strict=True)
    ]
    human = [float(r["human_score"]) for r in rows]
    llm = [second_opinion.llm_total(o) for o in opinions]
    written = [float(o.overall.written) * 20 if o.overall.written.isdigit() else 0.0 for o in opinions]
    print(f"\nPearson with human_score (n={len(rows)}):")
    print(f"  offline total            {pearson([float(s.total) for s in offline], human):.3f}")
    print(f"  LLM expected grade x 20  {pearson(llm, human):.3f}")
    print(f"  LLM written digit x 20   {pearson(written, human):.3f}")
    print(f"  refined (mean of both)   {pearson([float(s.total) for s in refined], human):.3f}")
    for split in ("dev", "holdout"):
        idx = [i for i, r in enumerate(rows) if r.get("split") == split]
        print(
            f"  {split:8s} offline {pearson([float(offline[i].total) for i in idx], [human[i] for i in idx]):.3f}  "
            f"LLM {pearson([llm[i] for i in idx], [human[i] for i in idx]):.3f}  "
            f"refined {pearson([float(refined[i].total) for i in idx], [human[i] for i in idx]):.3f}"
        )
    print("\n| scores | pairs ordered | in band | contradicting | key points P / R | mean exc / ade / weak / off |")
    print("|---|---:|---:|---:|---:|---|")
    for name, results in (("offline", offline), ("refined", refined)):
        rep = graded.report(rows, results)
        tp, fp, fn, _ = rep.key_points
        means = " / ".join(f"{rep.mean_by_grade.get(g, float('nan')):.0f}" for g in graded.GRADES)
        print(
            f"| {name} | {rep.pair_share:.1%} | {rep.band_share:.1%} | {len(rep.contradicting)} | "
            f"{tp / max(1, tp + fp):.2f} / {tp / max(1, tp + fn):.2f} | {means} |"
        )
    if per_point:
        points_report(rows, opinions)
    seconds = [o.seconds for o in opinions]
    words = [len(r["answer"].split()) for r in rows]
    print(f"\nseconds per answer: median {statistics.median(seconds):.1f}, max {max(seconds):.1f}")
    for low, high in ((0, 100), (100, 200), (200, 300), (300, 1000)):
        picked = [s for s, w in zip(seconds, words, strict=True) if low <= w < high]
        if picked:
            print(f"  {low}-{high} words: n={len(picked)} median {statistics.median(picked):.1f} s")


def points_report(rows: list[dict[str, Any]], opinions: list[Any]) -> None:
    from interview_app.services.scoring.second_opinion import point_verdict

    pairs = [
        (g, i in set(r.get("covers", []))) for r, o in zip(rows, opinions, strict=True) for i, g in enumerate(o.points)
    ]
    confident = [(point_verdict(g), truth) for g, truth in pairs if point_verdict(g)]
    right = sum((v == "covered") == truth for v, truth in confident)
    pos = [g.expected for g, t in pairs if t]
    neg = [g.expected for g, t in pairs if not t]
    auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / max(1, len(pos) * len(neg))
    print(
        f"\nkey points: {len(pairs)} judged; AUC of the point grade vs the human 'covers' {auc:.3f}; "
        f"confident on {len(confident)} ({len(confident) / max(1, len(pairs)):.0%}), right on {right} "
        f"({right / max(1, len(confident)):.1%})"
    )
    for verdict in ("covered", "missing"):
        got = [t for v, t in confident if v == verdict]
        if got:
            share = sum(t == (verdict == "covered") for t in got) / len(got)
            print(f"  says {verdict}: {len(got)}, right {share:.1%}")


def semeval_report(url: str, cache: dict[str, Any], limit: int) -> None:
    from interview_app.services.scoring import offline, second_opinion
    from interview_app.services.scoring.rubric import ScoringInput

    rows = [json.loads(line) for line in SEMEVAL.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["corpus"] == "sciEntsBank" and r["split"] == "test-unseen-questions"][:limit]
    totals = [
        float(
            offline.score(
                ScoringInput(
                    question=r["question"],
                    answer=r["answer"],
                    reference_answer=r["reference_answer"],
                    other_references=list(r.get("other_references") or []),
                )
            ).total
        )
        for r in rows
    ]
    opinions = [
        to_opinion(o) for o in opinions_for(rows, lambda r: [r["reference_answer"]], url, cache, per_point=False)
    ]
    human = [float(r["human_score"]) for r in rows]
    llm = [second_opinion.llm_total(o) for o in opinions]
    mean = [(a + b) / 2 for a, b in zip(totals, llm, strict=True)]
    print(f"\nSciEntsBank test-unseen-questions, first {len(rows)} rows:")
    print(f"  offline {pearson(totals, human):.3f}  LLM {pearson(llm, human):.3f}  mean {pearson(mean, human):.3f}")
    print(f"  seconds per answer: median {statistics.median(o.seconds for o in opinions):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description="The local LLM's second opinion against human grades.")
    parser.add_argument("--graded", action="store_true")
    parser.add_argument("--semeval", type=int, default=0)
    parser.add_argument("--per-point", action="store_true", help="also grade each key point (a call each)")
    parser.add_argument("--every", type=int, default=1, help="graded: only every N-th question (all four answers)")
    parser.add_argument("--url", default="")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "local_llm_eval.json")
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="ic-llm-eval-"))
    global CACHE_FILE
    CACHE_FILE = args.cache
    cache: dict[str, Any] = json.loads(args.cache.read_text()) if args.cache.is_file() else {}
    process, url = (None, args.url) if args.url else start_server()
    try:
        if args.graded:
            graded_report(url, cache, per_point=args.per_point, every=args.every)
        if args.semeval:
            semeval_report(url, cache, args.semeval)
    finally:
        args.cache.write_text(json.dumps(cache))
        if process is not None:
            process.terminate()


if __name__ == "__main__":
    main()
