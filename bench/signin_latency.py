"""Sign-in latency: p50/p95 of the server-side sign-in (argon2id verify + session row) over N sign-ins.

Usage: .venv/bin/python bench/signin_latency.py [N]
Runs against a throw-away SQLite database migrated with the app's own migrations,
or against REFLEX_DB_URL when BENCH_DB_URL is set (e.g. PostgreSQL).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tmp = tempfile.mkdtemp(prefix="ic-bench-")
    os.environ["REFLEX_DB_URL"] = os.environ.get("BENCH_DB_URL") or f"sqlite:///{tmp}/bench.db"
    os.environ["DATA_DIR"] = tmp
    os.environ.pop("SMTP_HOST", None)
    subprocess.run([sys.executable, "-m", "interview_app", "migrate"], cwd=ROOT, check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    from interview_app import db
    from interview_app.services.accounts import accounts

    email, password = "bench@example.com", "a long bench passphrase"
    with db.session_scope() as session:
        accounts.register(session, name="Bench", email=email, password=password, client=accounts.Client(ip="bench"))
    timings = []
    for i in range(n):
        client = accounts.Client(ip=f"10.0.{i // 250}.{i % 250}", user_agent="bench")
        start = time.perf_counter()
        with db.session_scope() as session:
            accounts.sign_in(session, email=email, password=password, client=client)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(0.95 * len(timings)) - 1]
    print(f"sign-ins: {n}")
    print(f"database: {os.environ['REFLEX_DB_URL'].split(':')[0]}")
    print(f"p50_ms: {p50:.1f}")
    print(f"p95_ms: {p95:.1f}")
    print(f"max_ms: {timings[-1]:.1f}")


if __name__ == "__main__":
    main()
