"""Offline scoring speed: model load time, p50/p95/max per answer length, and peak memory.

Usage: .venv/bin/python bench/scoring_speed.py [RUNS]
Run it as its own process (as here) so the model load time and the peak RSS are this process's alone.
Answers of 50, 150 and 300 words are built from real bank questions' model answers (trimmed, or
extended with more of the same answer). After a warm-up, each length is scored RUNS times (default 30):
once per question, each question new to the engine (nothing cached for it), then the same questions
again (question, key points and model answer already embedded, as when a follow-up decision was made
on submit). Target: p95 <= 150 ms for 300 words (issue 14).
Each row gives the wall-clock time and the process's CPU time per answer: on a machine shared with other
work, the wall clock also counts the time the process waited for a core, the CPU time does not.
"""

from __future__ import annotations

import math
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
LENGTHS = (50, 150, 300)
TARGET_MS = {300: 150.0}


def build_answer(model_answer: str, words: int) -> str:
    """Exactly `words` words of the model answer, repeated when it is shorter, ending with a full stop."""
    pool = model_answer.split()
    out: list[str] = []
    while len(out) < words:
        out += pool
    text = " ".join(out[:words]).rstrip(",;:")
    return text if text.endswith((".", "!", "?")) else text + "."


def percentiles(timings: list[float]) -> tuple[float, float, float]:
    ordered = sorted(timings)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return statistics.median(ordered), p95, ordered[-1]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    sys.path.insert(0, str(ROOT))
    process = psutil.Process()
    rss_start = process.memory_info().rss

    from interview_app.services.bank.files import load_bank
    from interview_app.services.scoring import offline
    from interview_app.services.scoring.embeddings import MODEL_NAME, get_embedder
    from interview_app.services.scoring.rubric import ScoringInput
    from interview_app.settings import get_settings

    started = time.perf_counter()
    embedder = get_embedder()
    load_ms = (time.perf_counter() - started) * 1000
    if embedder is None:
        raise SystemExit("the embedding model is not installed; the offline engine would run words-only")
    rss_loaded = process.memory_info().rss

    specs = load_bank()[0]
    # Every question type, spread over the bank, each used once per length and pass.
    needed = runs * len(LENGTHS) + 3
    if len(specs) < needed:
        raise SystemExit(f"need {needed} bank questions, have {len(specs)}")
    step = len(specs) // needed
    chosen = [specs[i * step] for i in range(needed)]
    warm, measured = chosen[:3], chosen[3:]

    def inp(spec, words: int) -> ScoringInput:
        return ScoringInput(
            question=spec.prompt,
            answer=build_answer(spec.model_answer, words),
            reference_answer=spec.model_answer,
            key_points=list(spec.key_points),
            question_type=spec.type,
            time_limit_seconds=spec.time_limit_seconds,
        )

    for spec in warm:
        for words in LENGTHS:
            offline.score(inp(spec, words))

    print(f"python: {platform.python_version()}  cpus: {os.cpu_count()}  threads: {get_settings().embedding_threads}")
    print(f"model: {MODEL_NAME}")
    print(f"model_load_ms: {load_ms:.0f}")
    print(f"rss_at_start_mb: {rss_start / 2**20:.0f}")
    print(f"rss_after_load_mb: {rss_loaded / 2**20:.0f}")
    print(f"runs_per_length: {runs}")
    print()
    print(f"load average before: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print("| answer | questions | p50 | p95 | max | CPU p50 | CPU p95 | target (wall p95) |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for index, words in enumerate(LENGTHS):
        group = measured[index * runs : (index + 1) * runs]
        for label in ("new to the engine", "already seen"):
            timings: list[float] = []
            cpu: list[float] = []
            for spec in group:
                item = inp(spec, words)
                start, start_cpu = time.perf_counter(), time.process_time()
                offline.score(item)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            p50, p95, worst = percentiles(timings)
            cpu50, cpu95, _ = percentiles(cpu)
            target = TARGET_MS.get(words)
            verdict = ""
            if target is not None:
                verdict = f"p95 <= {target:.0f} ms ({'met' if p95 <= target else 'NOT met'})"
            print(
                f"| {words} words | {label} | {p50:.1f} ms | {p95:.1f} ms | {worst:.1f} ms "
                f"| {cpu50:.1f} ms | {cpu95:.1f} ms | {verdict} |"
            )
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print()
    print(f"load average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"rss_end_mb: {process.memory_info().rss / 2**20:.0f}")
    print(f"peak_rss_mb: {peak_kb / 1024:.0f}")


if __name__ == "__main__":
    main()
