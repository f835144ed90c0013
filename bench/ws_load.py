"""Many signed-in tabs on the interview page at once: round trips, errors, lost drafts and memory (issue 16).

Usage:
  flock /tmp/e2e.lock .venv/bin/python bench/ws_load.py [--tabs 50,150,300] [--seconds 60] [--soak 0]
  flock /tmp/e2e.lock .venv/bin/python bench/ws_load.py --scale-out --tabs 1000 --seconds 60

Starts the app's backend (`reflex run --env prod --backend-only`) on a throw-away database: SQLite and one
process by default; with --scale-out, PostgreSQL + Redis (Reflex state and the job queue), 3 backend workers
and 2 job workers, all on loopback and all started here. Makes one candidate with a running text interview
per tab (straight in the database, before the clock starts), then opens the tabs over Socket.IO as the
browser does (python-socketio, no browser): each hydrates signed in on /interview/<id> and autosaves its
draft every 2 s (the page's debounced `change_draft`); every 20th action is a dashboard or progress page
load instead, then back. A round trip is the time from sending an event to the first update for it.

Prints per tab count: round trip p50/p95/p99 (drafts; page loads apart), errors (timeouts, refused or
dropped sockets), lost writes (tabs whose draft in the database is older than the last one the server
acknowledged; a later draft still in flight when the tab closed may be stored instead), the backend's
resident memory (all its processes) before, with the tabs open and 135 s after they left (closed tabs'
states leave memory after 120 s), and the growth per tab.
--soak S keeps the largest tab count open S seconds and prints memory every minute; --no-after skips the
135-s wait. The tabs are spread over --clients processes (default: one per 250 tabs), so that the load
generator is not what limits the round trips; the backend's processes are measured, not these.
Targets (issue 16): one process on SQLite, 300 tabs at p95 <= 100 ms, no errors, no lost writes, <= 1 MB
per tab and none after the tabs leave; scale-out, 1000 tabs at p95 <= 150 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio
from socketio import exceptions as sio_errors

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import reflex as rx  # noqa: E402
from reflex_base.utils.format import format_event_handler  # noqa: E402

import interview_app.interview_app  # noqa: E402, F401  (registers every page and state)
from interview_app import routes  # noqa: E402
from interview_app.pages.interviews.run.state import RunState  # noqa: E402
from interview_app.state import tabs  # noqa: E402
from interview_app.state.auth import AuthState  # noqa: E402
from tests.support import live_server  # noqa: E402

NAMESPACE = "/_event"
HYDRATE = format_event_handler(rx.State.event_handlers["hydrate_and_load"])
DRAFT = format_event_handler(RunState.event_handlers["change_draft"])
SESSION_KEY = f"{AuthState.get_full_name()}.session_token_rx_state_"
AUTOSAVE_SECONDS = 2.0
PAGE_EVERY = 20
TIMEOUT = 15.0
WARM_UP_TABS = 3
AFTER_SECONDS = tabs.FORGET_AFTER_SECONDS + 15  # a closed tab's state leaves memory 120 s after (state/tabs.py)

_MAKE_TABS = """
import json, sys
from interview_app import db
from interview_app.clock import utcnow
from interview_app.models import Profile, User
from interview_app.services.accounts import accounts
from interview_app.services.interviews import interviews
count = int(sys.argv[1])
client = accounts.Client(ip="127.0.0.1", user_agent="ws-load")
options = interviews.validate_setup({"interview_type": "behavioural", "difficulty": "medium", "question_count": 3,
                                     "timer_enabled": False, "answer_mode": "text"})
out = []
with db.session_scope() as session:
    for i in range(count):
        user = User(email=f"load{i}@example.com", name=f"Load {i}", role="candidate", is_active=True,
                    password_hash="$argon2id$v=19$m=19456,t=2,p=1$bm90dXNlZA$bm90dXNlZG5vdHVzZWQ",
                    email_verified_at=utcnow(), password_changed_at=utcnow(), onboarded_at=utcnow())
        session.add(user)
        session.flush()
        session.add(Profile(user_id=user.id))
        interview = interviews.start_session(session, user.id, options)
        session.flush()
        current = interviews.current_question(session, interview)
        out.append({"token": accounts.create_session(session, user, client), "interview": interview.id,
                    "sq": current.id})
print(json.dumps(out))
"""

_READ_DRAFTS = """
import json, sys
from sqlmodel import select
from interview_app import db
from interview_app.models import SessionQuestion
ids = json.loads(sys.argv[1])
with db.session_scope() as session:
    rows = session.exec(select(SessionQuestion.id, SessionQuestion.draft).where(SessionQuestion.id.in_(ids))).all()
print(json.dumps({str(i): d for i, d in rows}))
"""


def _route(path: str, pattern: str | None = None, **query: str) -> dict[str, Any]:
    return {"pathname": pattern or path, "asPath": path, "query": query}


@dataclass
class Tally:
    """What all tabs measured in one run."""

    drafts: list[float] = field(default_factory=list)
    pages: list[float] = field(default_factory=list)
    timeouts: int = 0
    connect_errors: int = 0
    drops: int = 0
    sent: int = 0
    # SessionQuestion id -> the number of the last draft the server answered with an update.
    acknowledged: dict[int, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.drafts += other.drafts
        self.pages += other.pages
        self.timeouts += other.timeouts
        self.connect_errors += other.connect_errors
        self.drops += other.drops
        self.sent += other.sent
        self.acknowledged.update(other.acknowledged)


class Tab:
    """One signed-in tab on the interview page."""

    def __init__(self, url: str, spec: dict[str, Any], tally: Tally, index: int) -> None:
        self.url, self.spec, self.tally, self.index = url, spec, tally, index
        self.client = socketio.AsyncClient(reconnection=False)
        self.inbox: asyncio.Queue[float] = asyncio.Queue()
        self.closing = False
        self.interview_route = _route(
            routes.interview(spec["interview"]), "/interview/[interview_id]", interview_id=str(spec["interview"])
        )
        self.client.on("event", self._on_event, namespace=NAMESPACE)
        self.client.on("disconnect", self._on_disconnect, namespace=NAMESPACE)

    async def _on_event(self, _data: Any) -> None:
        await self.inbox.put(time.perf_counter())

    async def _on_disconnect(self, *_: Any) -> None:
        if not self.closing:
            self.tally.drops += 1

    async def _emit(self, name: str, payload: dict[str, Any], route: dict[str, Any]) -> float | None:
        """Send one event; the seconds until the first update after it (None on a timeout)."""
        while not self.inbox.empty():
            self.inbox.get_nowait()
        started = time.perf_counter()
        await self.client.emit("event", {"name": name, "payload": payload, "router_data": route}, NAMESPACE)
        self.tally.sent += 1
        try:
            arrived = await asyncio.wait_for(self.inbox.get(), TIMEOUT)
        except TimeoutError:
            self.tally.timeouts += 1
            return None
        return arrived - started

    async def _settle(self, quiet: float = 0.15) -> None:
        """Wait until no update has come for `quiet` seconds (the chained on_load updates are in)."""
        with contextlib.suppress(TimeoutError):
            while True:
                await asyncio.wait_for(self.inbox.get(), quiet)

    async def _load(self, route: dict[str, Any]) -> float | None:
        took = await self._emit(HYDRATE, {"vars": {SESSION_KEY: self.spec["token"]}}, route)
        await self._settle()
        return took

    async def open(self) -> None:
        """Connect and load the interview page signed in."""
        try:
            await self.client.connect(
                f"{self.url}?token={uuid.uuid4()}",
                socketio_path="_event",
                namespaces=[NAMESPACE],
                transports=["websocket"],
                headers={"Origin": self.url},
                wait_timeout=30,
            )
        except sio_errors.ConnectionError:
            self.tally.connect_errors += 1
            raise
        took = await self._load(self.interview_route)
        if took is not None:
            self.tally.pages.append(took)

    async def run(self, until: float) -> None:
        """Autosave every 2 s (from a random phase), every 20th action a page load and back, until `until`."""
        await asyncio.sleep(random.uniform(0, AUTOSAVE_SECONDS))
        action = 0
        while time.perf_counter() < until and self.client.connected:
            tick = time.perf_counter()
            action += 1
            if action % PAGE_EVERY == 0:
                other = routes.DASHBOARD if (action // PAGE_EVERY) % 2 else routes.PROGRESS
                for route in (_route(other), self.interview_route):
                    took = await self._load(route)
                    if took is not None:
                        self.tally.pages.append(took)
            else:
                text = f"Tab {self.index}, draft {action}: I would start by asking who uses it and why. " * 2
                took = await self._emit(DRAFT, {"value": text}, self.interview_route)
                if took is not None:
                    self.tally.drafts.append(took)
                    self.tally.acknowledged[self.spec["sq"]] = action
                await self._settle(0.05)
            await asyncio.sleep(max(0.0, AUTOSAVE_SECONDS - (time.perf_counter() - tick)))

    async def close(self) -> None:
        """Close the socket as a closing tab does."""
        self.closing = True
        with contextlib.suppress(Exception):
            await self.client.disconnect()


def _draft_number(text: str | None) -> int:
    """The number a tab wrote into its draft ("Tab 3, draft 17: ..."); 0 for none."""
    found = re.search(r", draft (\d+):", text or "")
    return int(found.group(1)) if found else 0


def _q(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] * 1000


@dataclass
class App:
    """The backend under test and how to reach its database."""

    server: live_server.LiveServer
    workers: list[subprocess.Popen[bytes]]

    def python(self, code: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=self.server.env, capture_output=True)
        if done.returncode:
            raise RuntimeError(f"helper script failed:\n{done.stderr.decode()[-3000:]}")
        return done.stdout.decode().strip().splitlines()[-1]


@contextlib.contextmanager
def started(scale_out: bool) -> Iterator[App]:
    """The backend on loopback (SQLite, one process; or PostgreSQL + Redis, 3 web and 2 job workers)."""
    with contextlib.ExitStack() as stack:
        extra: dict[str, str] = {}
        if scale_out:
            from tests.support import servers

            db_url = stack.enter_context(servers.postgres("interview_coach_load"))
            redis_url = stack.enter_context(servers.redis())
            extra = {
                "REFLEX_DB_URL": db_url,
                "REFLEX_REDIS_URL": redis_url,
                "GRANIAN_WORKERS": "3",
                "JOB_QUEUE": "redis",
            }
        server = live_server.start(extra, web_dir=".web-load", backend_only=True)
        stack.callback(server.stop)
        workers: list[subprocess.Popen[bytes]] = []
        if scale_out:
            for i in range(2):
                log = (server.data_dir / f"worker-{i}.log").open("wb")
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
            stack.callback(lambda: [w.terminate() for w in workers])
        yield App(server, workers)


async def _client(
    url: str, specs: list[dict[str, Any]], first_index: int, connected: Any, go: Any, until: Any
) -> Tally:
    """One load-generator process: open its tabs, wait for the others, run them until the common deadline."""
    tally = Tally()
    tabs = [Tab(url, spec, tally, first_index + i) for i, spec in enumerate(specs)]
    for start in range(0, len(tabs), 25):  # connect in waves, as a class arriving over a few seconds
        await asyncio.gather(*(tab.open() for tab in tabs[start : start + 25]), return_exceptions=True)
    connected.put(len(tabs))
    await asyncio.to_thread(go.wait)
    await asyncio.gather(*(tab.run(until.value) for tab in tabs), return_exceptions=True)
    await asyncio.gather(*(tab.close() for tab in tabs))
    return tally


def _client_process(url: str, specs: list[dict[str, Any]], first_index: int, sync: tuple[Any, ...]) -> None:
    connected, go, until, results = sync
    try:
        results.put(asyncio.run(_client(url, specs, first_index, connected, go, until)))
    except BaseException as exc:  # the parent must not wait for a result that never comes
        connected.put(0)
        results.put(exc)
        raise


def one_run(
    app: App,
    specs: list[dict[str, Any]],
    seconds: float,
    soak: float,
    profile: Path | None = None,
    clients: int = 1,
    after: float = AFTER_SECONDS,
) -> dict[str, Any]:
    """Open the tabs, run them, close them; the numbers of this run (and a py-spy profile if asked)."""
    pid = app.server.process.pid
    before = live_server.tree_rss_mb(pid)
    if before != before:  # NaN: the process is gone
        raise RuntimeError("the backend is not running")
    ctx = multiprocessing.get_context("fork")  # the children need no asyncio loop of ours: none runs here
    connected, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    until = ctx.Value("d", 0.0)
    share = math.ceil(len(specs) / clients)
    slices = [(i, specs[i : i + share]) for i in range(0, len(specs), share)]
    procs = [
        ctx.Process(target=_client_process, args=(app.server.url, part, first, (connected, go, until, results)))
        for first, part in slices
    ]
    opened = time.perf_counter()
    for proc in procs:
        proc.start()
    for _ in procs:
        connected.get()
    connect_seconds = time.perf_counter() - opened
    # time.perf_counter is CLOCK_MONOTONIC here, the same clock in every process.
    until.value = time.perf_counter() + seconds + soak
    go.set()
    spy = None
    if profile is not None:
        spy = subprocess.Popen(
            [
                *(str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--subprocesses"),
                *("--duration", str(int(seconds * 0.6)), "--rate", "50", "--format", "raw"),
                *("--output", str(profile), "--nonblocking"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    while soak and time.perf_counter() < until.value:
        time.sleep(min(60.0, max(0.0, until.value - time.perf_counter())))
        print(f"  soak: {len(specs)} tabs, backend {live_server.tree_rss_mb(pid):.0f} MB", flush=True)
    time.sleep(max(0.0, until.value - time.perf_counter()))
    during = live_server.tree_rss_mb(pid)
    tally = Tally()
    for _ in procs:
        part = results.get()
        if isinstance(part, BaseException):
            raise RuntimeError("a load-generator process failed") from part
        tally.add(part)
    for proc in procs:
        proc.join()
    if spy is not None:
        spy.wait()
    time.sleep(after)
    rss_after = live_server.tree_rss_mb(pid)
    # An answer can be taken for the wrong draft's (a timed-out one's, or a page load's last update arriving
    # late), so an acknowledged draft may still be queued on a backlogged server: read the drafts again until
    # none is behind or a minute has passed. What is still behind then is lost.
    drain_until, behind_at_close = time.perf_counter() + 60, -1
    while True:
        stored = json.loads(app.python(_READ_DRAFTS, json.dumps([s["sq"] for s in specs])))
        lost = sum(1 for sq, action in tally.acknowledged.items() if _draft_number(stored.get(str(sq))) < action)
        behind_at_close = lost if behind_at_close < 0 else behind_at_close
        if not lost or time.perf_counter() > drain_until:
            break
        time.sleep(5)
    return {
        "tabs": len(specs),
        "clients": len(procs),
        "connect_s": connect_seconds,
        "events": tally.sent,
        "p50": _q(tally.drafts, 0.50),
        "p95": _q(tally.drafts, 0.95),
        "p99": _q(tally.drafts, 0.99),
        "page_p50": _q(tally.pages, 0.50),
        "page_p95": _q(tally.pages, 0.95),
        "errors": tally.timeouts + tally.connect_errors + tally.drops,
        "timeouts": tally.timeouts,
        "drops": tally.drops + tally.connect_errors,
        "lost": lost,
        "behind_at_close": behind_at_close,
        "rss_before": before,
        "rss_during": during,
        "rss_after": rss_after,
        "load": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Signed-in tabs autosaving drafts on the interview page.")
    parser.add_argument("--tabs", default="50,150,300", help="comma-separated tab counts, run one after another")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each count runs")
    parser.add_argument("--soak", type=float, default=0.0, help="extra seconds for the largest count (e.g. 600)")
    parser.add_argument("--scale-out", action="store_true", help="PostgreSQL + Redis, 3 web and 2 job workers")
    parser.add_argument("--profile", type=Path, help="py-spy the backend during the largest count into this file")
    parser.add_argument("--clients", type=int, default=0, help="load-generator processes (default: 1 per 250 tabs)")
    parser.add_argument(
        "--no-after", action="store_true", help="skip the 135-s wait for closed tabs' memory after each count"
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.tabs.split(",") if c.strip()]
    shape = "PostgreSQL + Redis, 3 web workers, 2 job workers" if args.scale_out else "SQLite, one process"
    print(f"{shape}; {args.seconds:.0f} s per count; draft autosave every {AUTOSAVE_SECONDS:.0f} s per tab")
    with started(args.scale_out) as app:
        specs = json.loads(app.python(_MAKE_TABS, str(max(counts) + WARM_UP_TABS)))
        warm, specs = specs[:WARM_UP_TABS], specs[WARM_UP_TABS:]
        # What loads once per process (the scoring model, page code, caches) is loaded before the first count,
        # so that "per tab" is what each tab costs.
        one_run(app, warm, 2 * PAGE_EVERY * AUTOSAVE_SECONDS, 0.0, after=0.0)
        rows = []
        for count in counts:
            soak = args.soak if count == max(counts) else 0.0
            profile = args.profile if count == max(counts) else None
            clients = args.clients or math.ceil(count / 250)
            after = 0.0 if args.no_after else AFTER_SECONDS
            row = one_run(app, specs[:count], args.seconds, soak, profile, clients, after)
            rows.append(row)
            print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    print()
    print(
        "| tabs | events | draft p50 / p95 / p99 ms | page load p50 / p95 ms | errors | lost | connect s "
        "| RSS before / with tabs / after MB | per tab MB |"
    )
    print("|---:|---:|---|---|---:|---:|---:|---|---:|")
    for r in rows:
        per_tab = (r["rss_during"] - r["rss_before"]) / max(1, r["tabs"])
        print(
            f"| {r['tabs']} | {r['events']} | {r['p50']:.1f} / {r['p95']:.1f} / {r['p99']:.1f} | "
            f"{r['page_p50']:.0f} / {r['page_p95']:.0f} | {r['errors']} | {r['lost']} | {r['connect_s']:.1f} | "
            f"{r['rss_before']:.0f} / {r['rss_during']:.0f} / {r['rss_after']:.0f} | {per_tab:.2f} |"
        )
    print(f"(median of all drafts; {statistics.fmean([r['p95'] for r in rows]):.1f} ms mean p95 over the counts)")
    print("load average (1 min) at the end of each count: " + ", ".join(f"{r['load']:.1f}" for r in rows))
    if args.profile and args.profile.exists():
        print(f"\nWhere the backend spent its samples (py-spy, {args.profile}):")
        for share, frame in hot_frames(args.profile):
            print(f"  {share:5.1%}  {frame}")


def hot_frames(path: Path, top: int = 25) -> list[tuple[float, str]]:
    """The frames of the app and Reflex with the most samples on the stack (inclusive), from py-spy's raw output."""
    counts: dict[str, int] = {}
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        total += int(n)
        for frame in set(stack.split(";")):
            if "interview_app" in frame or "reflex" in frame or "sqlalchemy" in frame or "sqlite" in frame:
                counts[frame] = counts.get(frame, 0) + int(n)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
    return [(n / max(1, total), frame) for frame, n in ranked]


if __name__ == "__main__":
    main()
