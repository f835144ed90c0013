"""Offline scorer against human grades: Pearson and Spearman on every SemEval-2013 test split.

Usage: .venv/bin/python bench/scoring_eval.py [DATA] [--engine offline|llm|auto] [--limit N]
Runs the evaluate CLI (`python -m interview_app.scoring evaluate`) in a subprocess on the test
splits of DATA (default ../shared/eval/semeval2013/answers.jsonl beside the checkout), then prints its markdown
correlation table, the baselines from the data's README and the elapsed time. The training split is
never scored here: it is what `calibrate` fits on.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "semeval2013" / "answers.jsonl"
TEST_SPLITS = ("test-unseen-answers", "test-unseen-questions", "test-unseen-domains")
BASELINES = (
    "Baselines from the data's README (SciEntsBank, unseen questions): TF-IDF cosine 0.37, keyword coverage 0.41, "
    "MiniLM cosine 0.39-0.43, embedding + keywords + length blend 0.47; Beetle (unseen questions) 0.27-0.39."
)


def main() -> None:
    parser = argparse.ArgumentParser(description="Offline scorer against SemEval-2013 human grades.")
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--engine", default="offline", choices=("offline", "llm", "auto"))
    parser.add_argument("--limit", type=int, default=0, help="score only the first N test rows (0 = all)")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"no data at {args.data}")
    tmp = Path(tempfile.mkdtemp(prefix="ic-scoring-eval-"))
    out = tmp / "scored.jsonl"
    env = dict(os.environ, DATA_DIR=str(tmp), REFLEX_DB_URL=f"sqlite:///{tmp}/bench.db")
    command = [sys.executable, "-m", "interview_app.scoring", "evaluate", str(args.data), str(out)]
    command += ["--engine", args.engine]
    for split in TEST_SPLITS:
        command += ["--split", split]
    if args.limit:
        command += ["--limit", str(args.limit)]
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"evaluate exited with {proc.returncode}")
    lines = sum(1 for _ in out.open(encoding="utf-8")) if out.is_file() else 0
    print(f"engine: {args.engine}")
    print(f"answers scored: {lines}")
    print(f"elapsed_s: {elapsed:.1f} (including model load)")
    print(f"per_answer_ms: {1000 * elapsed / max(1, lines):.1f}")
    print()
    print(proc.stdout.strip())
    print()
    print(BASELINES)
    if proc.returncode:
        print("\nsome lines could not be scored:", file=sys.stderr)
        sys.stderr.write(proc.stderr)


if __name__ == "__main__":
    main()
