"""K candidates recording 60-s spoken answers at once against the real app: piece accept, Stop -> score (issue 16).

Usage:
  flock /tmp/heavy.lock .venv/bin/python bench/voice_concurrency.py [--k 1,2,4,8] [--seconds 60] [--scale-out]
      [--set NAME=VALUE ...]   (app settings for this run, e.g. --set WHISPER_PARALLEL_CALLS=2 to compare)

Starts the app's backend like bench/ws_load.py (`reflex run --env prod --backend-only` on a throw-away SQLite
database, the in-process job runner, METRICS_TOKEN set). With --scale-out: PostgreSQL and Redis on loopback
(tests/support/servers.py), 3 backend workers and 2 job worker processes (`python -m interview_app worker`,
1 process x 2 threads each) that do the transcription, all started here. The answer is real speech: espeak-ng reads a
technical answer, ffmpeg encodes it as Opus in WebM (48 kHz mono, 32 kbit/s, what the recorder asks for),
and the file is cut into pieces of 3 s worth of bytes, each arriving at real time (piece k at 3(k+1) s),
as `assets/recorder.js` sends them (PUT /api/v1/recordings/<sq>/pieces/<seq>, `?last=1` on the piece sent
after Stop, then POST .../finish). The cuts fall anywhere in the file, not only between WebM elements
(the browser's pieces end between blocks: this is the harder case). The K candidates start 0-3 s apart.

Prints per K: Stop -> score stored p50/p95 (Stop = the last piece sent; score = the answer row's scored_at
seen in the database), piece accept p50/p95 (the PUT round trip), the transcription backlog
(interview_coach_transcription_backlog_seconds from GET /metrics, max while recording and at Stop),
errors (non-2xx, failed answers), and lost or duplicated pieces (the stored recording must equal the
file sent, byte for byte, with every piece counted once). Targets: piece accept p95 <= 100 ms at every K;
Stop -> score p50 <= 2 s at K=1 and <= 6 s at K=4.

--soak S: after the K runs, rounds of the largest K back to back until S more seconds have passed (the same
backend, new candidates each round). Throughout the whole sitting the backend's resident memory (its process and
children) is read every 30 s and printed at the end with the time since start, then once more after 60 s idle.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import live_server  # noqa: E402

PREFIX = "/api/v1/recordings"
PIECE_SECONDS = 3.0
TOKEN = "bench-metrics-token"
CACHE = ROOT / "data" / "bench-cache" / "voice_concurrency"  # as bench/speech_rtf.py (data/ is not in git)
ANSWER = (
    "In my last role I owned the billing export, from the database schema to the page customers used. "
    "First I measured where the time went, and most of it was one query per invoice line. "
    "I rewrote it as a single join with an index on the account and the month, which took the export "
    "from forty seconds to under two. Then I moved the file generation to a background job, so the page "
    "answered at once and emailed a link when the file was ready. We released it behind a flag to ten "
    "customers first, watched the error rate and the job durations for a week, and then turned it on for "
    "everyone. Support tickets about exports fell by about half, and the finance team stopped asking us "
    "to run reports by hand. If I did it again, I would add the metrics before the rewrite, not after, "
    "because the first week we were guessing which customers were slow."
)

SETUP = r"""
import json, random, sys, uuid
from sqlmodel import Session
from interview_app.db import get_engine
from interview_app.services.interviews import interviews
from tests.support.handlers import signed_in_user
out = []
with Session(get_engine(), expire_on_commit=False) as session:
    for _ in range(int(sys.argv[1])):
        user, token = signed_in_user(session, email=f"voice-{uuid.uuid4().hex[:10]}@example.com", name="Vera Voice")
        options = interviews.validate_setup(
            {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "audio"}
        )
        interview = interviews.start_session(session, user.id, options, rng=random.Random(1))
        sq = interviews.current_question(session, interview)
        session.commit()
        out.append({"token": token, "sq_id": sq.id})
print(json.dumps(out))
"""

COLUMNS = "id, status, media_pieces, media_bytes, media_path, media_seconds, transcribed_seconds, last_error"


def answer_rows(engine: sqlalchemy.Engine, sq_ids: list[int]) -> list[tuple[Any, ...]]:
    """The answer rows of these questions, read straight from the app's database (SQLite or PostgreSQL)."""
    marks = ",".join(f":q{i}" for i in range(len(sq_ids)))
    query = sqlalchemy.text(f"SELECT {COLUMNS} FROM answers WHERE session_question_id IN ({marks})")
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query, {f"q{i}": v for i, v in enumerate(sq_ids)}).all()]


def twice_transcribed(engine: sqlalchemy.Engine, sq_ids: list[int]) -> int:
    """Answers whose transcript has a stretch of audio twice (a word starting before the previous one ended)."""
    marks = ",".join(f":q{i}" for i in range(len(sq_ids)))
    query = sqlalchemy.text(f"SELECT word_timings FROM answers WHERE session_question_id IN ({marks})")
    with engine.connect() as conn:
        found = conn.execute(query, {f"q{i}": v for i, v in enumerate(sq_ids)}).scalars().all()
    twice = 0
    for words in found:
        words = json.loads(words) if isinstance(words, str) else words
        if any(b["start"] < a["end"] - 0.3 for a, b in itertools.pairwise(words or [])):
            twice += 1
    return twice


@contextlib.contextmanager
def started(scale_out: bool, settings: dict[str, str] | None = None) -> Iterator[live_server.LiveServer]:
    """The backend on loopback: one process on SQLite, or PostgreSQL + Redis with 3 web and 2 job workers."""
    with contextlib.ExitStack() as stack:
        extra: dict[str, str] = {"METRICS_TOKEN": TOKEN, **(settings or {})}
        if scale_out:
            from tests.support import servers

            extra |= {
                "REFLEX_DB_URL": stack.enter_context(servers.postgres("interview_coach_voice")),
                "REFLEX_REDIS_URL": stack.enter_context(servers.redis()),
                "GRANIAN_WORKERS": "3",
                "JOB_QUEUE": "redis",
            }
        server = live_server.start(extra, web_dir=".web-load", backend_only=True)
        stack.callback(server.stop)
        if scale_out:
            workers = []
            for i in range(2):
                log = stack.enter_context((server.data_dir / f"worker-{i}.log").open("wb"))
                workers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "interview_app", "worker", "--processes", "1", "--threads", "2"],
                        cwd=ROOT,
                        env=server.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

            def stop_workers() -> None:
                for worker in workers:
                    worker.terminate()
                for worker in workers:
                    worker.wait(30)

            stack.callback(stop_workers)
        yield server


def make_recording(seconds: float) -> bytes:
    """A `seconds`-long spoken answer as WebM/Opus (made once, kept in .cache)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    webm = CACHE / f"answer-{seconds:g}.webm"
    if not webm.exists():
        wav = CACHE / "answer.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), ANSWER], check=True)
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(wav), "-t", f"{seconds:g}",
             "-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "32k", "-f", "webm", str(webm)],
            check=True,
        )  # fmt: skip
    return webm.read_bytes()


def cut(data: bytes, seconds: float) -> list[bytes]:
    """The recording in pieces of PIECE_SECONDS worth of bytes (cuts anywhere, as a byte stream)."""
    count = max(1, round(seconds / PIECE_SECONDS))
    bounds = [round(len(data) * i / count) for i in range(count + 1)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


def q(values: list[float], p: float) -> float:
    """The p-quantile (nearest rank), 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * (len(ordered) - 1))))]


class Run:
    """What one K run measured."""

    def __init__(self) -> None:
        self.accept: list[float] = []
        self.accept_last: list[float] = []  # the pieces of the answer's last 15 s
        self.stop_to_score: list[float] = []
        self.errors: list[str] = []
        self.backlog: list[float] = []
        self.backlog_at_stop: list[float] = []


async def candidate(
    http: httpx.AsyncClient, who: dict[str, Any], pieces: list[bytes], delay: float, run: Run, db: Any
) -> None:
    """One candidate: record at real time, Stop, hand in, wait for the score."""
    auth = {"Authorization": f"Bearer {who['token']}"}
    await asyncio.sleep(delay)
    start = time.monotonic()
    answer_id = None
    stop = 0.0
    for seq, piece in enumerate(pieces):
        due = start + (seq + 1) * PIECE_SECONDS
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        last = seq == len(pieces) - 1
        if last:
            stop = time.monotonic()
        sent = time.perf_counter()
        try:
            r = await http.put(
                f"{PREFIX}/{who['sq_id']}/pieces/{seq}" + ("?last=1" if last else ""), content=piece, headers=auth
            )
        except httpx.HTTPError as exc:
            run.errors.append(f"piece {seq}: {type(exc).__name__}")
            continue
        took = time.perf_counter() - sent
        run.accept.append(took)
        if seq >= len(pieces) - 5:
            run.accept_last.append(took)
        if r.status_code != 200:
            run.errors.append(f"piece {seq}: {r.status_code} {r.text[:80]}")
            continue
        answer_id = r.json()["answer_id"]
    r = await http.post(f"{PREFIX}/{who['sq_id']}/finish", json={"pieces": len(pieces)}, headers=auth)
    if r.status_code != 200:
        run.errors.append(f"finish: {r.status_code} {r.text[:80]}")
        return
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        row = (await db([who["sq_id"]]))[0]
        if row[1] in ("scored", "failed"):
            if row[1] == "failed":
                run.errors.append(f"answer {answer_id} failed: {row[7]}")
            else:
                run.stop_to_score.append(time.monotonic() - stop)
            return
        await asyncio.sleep(0.1)
    run.errors.append(f"answer {answer_id}: no score within 180 s")


async def watch_backlog(http: httpx.AsyncClient, run: Run, until: asyncio.Event) -> None:
    """Read the transcription backlog from /metrics every second."""
    while not until.is_set():
        try:
            r = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
            found = re.search(r"^interview_coach_transcription_backlog_seconds\s+(\S+)", r.text, re.M)
            if found:
                run.backlog.append(float(found.group(1)))
        except httpx.HTTPError:
            pass
        await asyncio.sleep(1.0)


async def one_k(url: str, env: dict[str, str], k: int, pieces: list[bytes], data: bytes, data_dir: Path) -> Run:
    """K candidates at once; returns what was measured."""
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(k)], cwd=ROOT, env=env, capture_output=True, check=True, text=True
    )
    people = json.loads(setup.stdout.strip().splitlines()[-1])
    run = Run()

    engine = sqlalchemy.create_engine(env["REFLEX_DB_URL"])

    async def rows(sq_ids: list[int]) -> list[tuple[Any, ...]]:
        return await asyncio.to_thread(answer_rows, engine, sq_ids)

    done = asyncio.Event()
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        watcher = asyncio.create_task(watch_backlog(http, run, done))
        await asyncio.gather(*(candidate(http, p, pieces, random.uniform(0, PIECE_SECONDS), run, rows) for p in people))
        done.set()
        await watcher
    final = await rows([p["sq_id"] for p in people])
    digest = hashlib.sha256(data).hexdigest()
    lost = duplicated = 0
    for row in final:
        stored = (data_dir / "media" / row[4]).read_bytes() if row[4] else b""
        if int(row[2]) != len(pieces) or len(stored) < len(data):
            lost += 1
        elif len(stored) > len(data) or hashlib.sha256(stored).hexdigest() != digest:
            duplicated += 1
    overlapping = await asyncio.to_thread(twice_transcribed, engine, [p["sq_id"] for p in people])
    duplicated += overlapping
    run.errors += [f"audio transcribed twice in {overlapping} answers"] * bool(overlapping)
    run.errors += [f"lost pieces in {lost} answers"] * bool(lost) + [f"duplicated bytes in {duplicated}"] * bool(
        duplicated
    )
    run.lost, run.duplicated = lost, duplicated  # type: ignore[attr-defined]
    return run


class MemoryWatch:
    """The backend's resident memory every `every` seconds, on a thread of its own: (seconds since start, MB, load)."""

    def __init__(self, pid: int, every: float = 30.0) -> None:
        self.pid, self.every, self.start = pid, every, time.monotonic()
        self.samples: list[tuple[float, float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.every):
                return

    def sample(self) -> None:
        self.samples.append((time.monotonic() - self.start, live_server.tree_rss_mb(self.pid), os.getloadavg()[0]))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def report(self) -> str:
        return " ".join(f"{t / 60:.1f}min:{mb:.0f}MB(load {load:.1f})" for t, mb, load in self.samples)


def load_average() -> str:
    """The machine's 1/5/15-minute load averages (other engineers' work runs too)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report_k(server: live_server.LiveServer, k: int, pieces: list[bytes], data: bytes) -> None:
    """Run K candidates once and print their row."""
    load = load_average()
    run = asyncio.run(one_k(server.url, server.env, k, pieces, data, server.data_dir))
    s2s = f"{q(run.stop_to_score, 0.5):.2f}/{q(run.stop_to_score, 0.95):.2f} s"
    acc = f"{q(run.accept, 0.5) * 1000:.0f}/{q(run.accept, 0.95) * 1000:.0f}"
    tail = f"{q(run.accept_last, 0.95) * 1000:.0f} ms"
    backlog = f"{max(run.backlog, default=0):.1f}"
    print(f"{k:>2} {s2s:>20} {acc:>18} {tail:>21} {backlog:>18} {len(run.errors):>6} "
          f"{run.lost:>4} {run.duplicated:>3}  {load}", flush=True)  # type: ignore[attr-defined]  # fmt: skip
    for error in run.errors[:5]:
        print(f"     {error}")
    if run.stop_to_score:
        print(f"     stop->score each: {' '.join(f'{x:.2f}' for x in sorted(run.stop_to_score))}")


def main() -> None:
    """Start the app, run each K, print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", default="1,2,4,8", help="candidates at once, comma-separated")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each answer")
    parser.add_argument("--scale-out", action="store_true", help="PostgreSQL + Redis, 3 web and 2 job workers")
    parser.add_argument("--soak", type=float, default=0.0, help="extra seconds of rounds of the largest K")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="an app setting, e.g. WHISPER_PARALLEL_CALLS=2"
    )
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.set)
    data = make_recording(args.seconds)
    pieces = cut(data, args.seconds)
    print(f"answer: {args.seconds:g} s of espeak-ng speech, webm/opus {len(data)} bytes, {len(pieces)} pieces")
    shape = "PostgreSQL + Redis, 3 web workers, 2 job worker processes" if args.scale_out else "SQLite, one process"
    print(f"shape: {shape}" + "".join(f", {k}={v}" for k, v in settings.items()))
    with started(args.scale_out, settings) as server:
        print(f"{'K':>2} {'stop->score p50/p95':>20} {'accept p50/p95 ms':>18} {'accept last 15 s p95':>21} "
              f"{'backlog max s':>18} {'errors':>6} {'lost':>4} {'dup':>3}  load")  # fmt: skip
        ks = [int(x) for x in args.k.split(",")]
        with MemoryWatch(server.process.pid) as memory:
            soak_until = None
            while True:
                for k in ks:
                    report_k(server, k, pieces, data)
                soak_until = soak_until or time.monotonic() + args.soak
                if time.monotonic() >= soak_until:
                    break
                ks = [max(ks)]
                print(f"soak: {(soak_until - time.monotonic()) / 60:.1f} min left", flush=True)
            time.sleep(60 if args.soak else 0)
        memory.sample()
        print(f"backend resident memory (start, every 30 s, last after 60 s idle): {memory.report()}")
        print(f"log: {server.log_path}  load after: {load_average()}")


if __name__ == "__main__":
    main()
