"""Fuzz every event handler of every state over the raw socket, while a canary measures the event loop.

Usage: flock /tmp/e2e.lock .venv/bin/python bench/fuzz_handlers.py [--max-calls N] [--seconds S] [--big-every K]

Starts the app's backend (`reflex run --env prod --backend-only`, its own data folder and REFLEX_WEB_WORKDIR
`.web-fuzz`) on a loopback port, enumerates the handlers from the code, and calls each one as a visitor, a
signed-in candidate and a signed-in admin with wrong types, huge and negative numbers, 1 MB strings, unicode
(lone surrogates, RTL, emoji, NUL), nested junk and missing or extra arguments. A canary socket calls a cheap
handler every 50 ms meanwhile. Bounded in calls and time; stops the app and prints the counts.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import socketio
from socketio import exceptions as sio_errors

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reflex.state import State  # noqa: E402
from reflex_base.utils.format import format_event_handler  # noqa: E402

import interview_app.interview_app  # noqa: E402, F401  (registers every page and state)
from tests.support import live_server  # noqa: E402

MB_TEXT = "x" * 999_000  # the socket takes 1,000,000 bytes per message, the event's envelope included
ROUTER = {"pathname": "/", "asPath": "/", "query": {}}
SENTINEL = "reflex___state____state.set_is_hydrated"
STALL_MS = 200.0


@dataclass
class Handler:
    """One event handler: its full event name and its parameters (name, annotation text, required)."""

    name: str
    params: list[tuple[str, str, bool]]


def handlers() -> list[Handler]:
    """Every handler of every state, as the app registers them (imported from the code, not a list)."""

    def walk(cls: Any) -> Iterator[Any]:
        yield cls
        for sub in cls.get_substates():
            yield from walk(sub)

    found = []
    for state in walk(State):
        for handler in state.event_handlers.values():
            params = list(inspect.signature(handler.fn).parameters.values())[1:]
            found.append(
                Handler(
                    name=format_event_handler(handler),
                    params=[(p.name, str(p.annotation), p.default is inspect.Parameter.empty) for p in params],
                )
            )
    return found


def bad_values() -> list[Any]:
    """Values of the wrong type or shape, huge and negative numbers, hostile unicode and junk."""
    deep: Any = "x"
    for _ in range(60):
        deep = [deep]
    values: list[Any] = [
        None, True, 1.5, -1, 0, 2**63, -(2**63) - 1, 2**64, 1e308, "NaN", "Infinity", "-1", "9223372036854775808",
        "", "abc", "\ud800", "a\udfffb", "\u202eevil", "😀" * 50, "nul\x00byte", "<script>alert(1)</script>",
        [], [1, "a", None], {"a": {"b": [1, 2, {"c": None}]}}, {"__reflex_form_data__": [["a", "\ud800"], "x"]},
        deep, list(range(5000)), {str(i): i for i in range(5000)},
    ]  # fmt: skip
    return values


def payloads(handler: Handler, values: list[Any]) -> Iterator[Any]:
    """Bad payloads for one handler: each argument replaced by each value, plus missing and extra ones."""
    good = {name: "1" if "int" in ann else True if "bool" in ann else "x" for name, ann, _ in handler.params}
    for name, _, _ in handler.params:
        for value in values:
            yield {**good, name: value}
    yield {}
    yield {**good, "unexpected": 1}
    yield ["not", "an", "object"]
    if not handler.params:
        yield {"x": values[-1]}


def envelopes(handler_name: str) -> Iterator[Any]:
    """Broken event envelopes: not an object, no or unknown names, junk router data."""
    yield from ["junk", '{"name": 1}', 42, None, ["event"], {}, {"payload": {}}]
    for name in (1, None, "no.such_handler", "x" * 999_000, "reflex___state____state.\ud800", handler_name + "x"):
        yield {"name": name, "payload": {}, "router_data": ROUTER}
    surrogates = {"pathname": "/\ud800", "asPath": "/\udfff", "query": {"a": "\ud800" * 10}}
    long_path = {"pathname": "/" + "a/" * 400_000}
    for router in ("x", [], long_path, {"pathname": 5, "query": "q"}, surrogates, {"query": [1] * 10}):
        yield {"name": handler_name, "payload": {}, "router_data": router}


@dataclass
class Tally:
    """What happened on the sockets."""

    calls: int = 0
    answered: int = 0
    unanswered: int = 0
    drops: int = 0
    connect_errors: int = 0
    toasts: int = 0
    canary_ms: list[float] = field(default_factory=list)
    # the handlers being fuzzed while the canary waited too long, for finding what stalls the loop
    stalled_on: list[str] = field(default_factory=list)


class Socket:
    """One tab: a Socket.IO connection to /_event with its own token, sending events in order."""

    def __init__(self, url: str, tally: Tally, session_token: str | None):
        self.url, self.tally, self.session_token = url, tally, session_token
        self.token = str(uuid.uuid4())
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.flag = False
        self.client.on("event", self._on_event, namespace="/_event")
        self.client.on("disconnect", self._on_disconnect, namespace="/_event")
        self.closing = False

    async def _on_event(self, data: Any) -> None:
        if isinstance(data, dict):
            if "toast" in json.dumps(data.get("events", []))[:2000]:
                self.tally.toasts += 1
            await self.replies.put(data)

    async def _on_disconnect(self, *_: Any) -> None:
        if not self.closing:
            self.tally.drops += 1

    async def connect(self) -> None:
        """Connect (again, after a drop) and hydrate, signed in when the tab has a session token."""
        try:
            await self.client.connect(
                f"{self.url}?token={self.token}",
                socketio_path="/_event",
                transports=["websocket"],
                namespaces=["/_event"],
                wait_timeout=10,
            )
        except sio_errors.ConnectionError:
            self.tally.connect_errors += 1
            raise
        storage = {}
        if self.session_token:
            storage["reflex___state____state.interview_app___state___auth____auth_state.session_token"] = (
                self.session_token
            )
        await self.send("reflex___state____state.hydrate_and_load", {"vars": storage}, count=False)
        await self.sync()

    async def send(self, name: str, payload: Any, *, count: bool = True) -> None:
        if not self.client.connected:
            await self.connect()
        if count:
            self.tally.calls += 1
        await self.client.emit("event", {"name": name, "payload": payload, "router_data": ROUTER}, namespace="/_event")

    async def sync(self, timeout: float = 10.0) -> bool:
        """Send the sentinel (it always answers with a delta) and wait for it: all before it is done."""
        self.flag = not self.flag
        while not self.replies.empty():
            self.replies.get_nowait()
        try:
            await self.send(SENTINEL, {"value": self.flag}, count=False)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                reply = await asyncio.wait_for(self.replies.get(), deadline - time.monotonic())
                if '"is_hydrated_rx_state_": ' + json.dumps(self.flag) in json.dumps(reply.get("delta", {})):
                    return True
        except (TimeoutError, sio_errors.SocketIOError):
            pass
        return False

    async def close(self) -> None:
        self.closing = True
        await self.client.disconnect()


async def canary(url: str, seconds: float) -> None:
    """Call a cheap handler every 50 ms on its own socket; print each answer's wall time and wait (JSON lines).

    Runs in a process of its own (`--canary URL`), so the fuzzing client's own work cannot delay it.
    """
    tally = Tally()
    tab = Socket(url, tally, None)
    await tab.connect()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not Path(url_stop_file(url)).exists():
        start = time.perf_counter()
        answered = await tab.sync(timeout=30)
        print(json.dumps({"at": time.time(), "ms": (time.perf_counter() - start) * 1000, "ok": answered}), flush=True)
        await asyncio.sleep(0.05)
    await tab.close()
    print(json.dumps({"drops": tally.drops}), flush=True)


def url_stop_file(url: str) -> str:
    """The file whose existence tells the canary of `url` to stop."""
    return os.path.join(tempfile.gettempdir(), f"fuzz-canary-{url.rsplit(':', 1)[-1]}.stop")


def read_canary(output: str, tally: Tally, timeline: list[tuple[float, str]]) -> None:
    """Fill the tally from the canary's lines, naming the handler being fuzzed at each stall."""
    for line in output.splitlines():
        sample = json.loads(line)
        if "drops" in sample:
            tally.drops += sample["drops"]
            continue
        if not sample["ok"]:
            tally.unanswered += 1
            continue
        tally.canary_ms.append(sample["ms"])
        if sample["ms"] > STALL_MS:
            started = sample["at"] - sample["ms"] / 1000
            during = [name for at, name in timeline if at <= sample["at"]][-1:] or ["start"]
            before = [name for at, name in timeline if at <= started][-1:] or ["start"]
            tally.stalled_on.append(f"{sample['ms']:.0f} ms, from {before[0]} to {during[0]}")


async def sweep(
    url: str,
    session_token: str | None,
    found: list[Handler],
    tally: Tally,
    *,
    role: str,
    big_every: int = 1,
    budget: int = 10**9,
    deadline: float = float("inf"),
    timeline: list[tuple[float, str]] | None = None,
    big: Any = MB_TEXT,
) -> None:
    """Call every handler in `found` with every bad payload on one tab, syncing after each handler."""
    tab = Socket(url, tally, session_token)
    await tab.connect()
    for number, handler in enumerate(found):
        if tally.calls >= budget or time.monotonic() > deadline:
            break
        if timeline is not None:
            timeline.append(
                (time.time(), f"{handler.name.rsplit('.', 2)[-2]}.{handler.name.rsplit('.', 1)[-1]} as {role}")
            )
        values = bad_values() + ([big] if number % big_every == 0 else [])
        for payload in payloads(handler, values):
            try:
                await tab.send(handler.name, payload)
            except sio_errors.SocketIOError:
                continue
        if number == 0:
            for envelope in envelopes(handler.name):
                tally.calls += 1
                try:
                    await tab.client.emit("event", envelope, namespace="/_event")
                except sio_errors.SocketIOError:
                    await tab.connect()
        if await tab.sync():
            tally.answered += 1
        else:
            tally.unanswered += 1
    await tab.close()


async def fuzz(url: str, tokens: dict[str, str | None], args: argparse.Namespace) -> Tally:
    tally = Tally()
    timeline: list[tuple[float, str]] = []
    canary_process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--canary", url, "--seconds", str(args.seconds + 60), stdout=subprocess.PIPE
    )
    await asyncio.sleep(2)
    found = handlers()
    print(f"handlers: {len(found)} in {len({h.name.rsplit('.', 1)[0] for h in found})} states")
    for role, session_token in tokens.items():
        budget, deadline = tally.calls + args.max_calls // len(tokens), time.monotonic() + args.seconds / len(tokens)
        await sweep(url, session_token, found, tally, role=role, big_every=args.big_every, budget=budget,
                    deadline=deadline, timeline=timeline)  # fmt: skip
        print(f"  as {role}: {tally.calls} calls so far")
    timeline.append((time.time(), "end"))
    await asyncio.sleep(1)
    Path(url_stop_file(url)).touch()
    output, _ = await canary_process.communicate()
    Path(url_stop_file(url)).unlink()
    read_canary(output.decode(), tally, timeline)
    return tally


def start_app() -> tuple[live_server.LiveServer, dict[str, str | None]]:
    """Migrate and seed a throw-away database, start the backend on loopback, add a candidate and an admin."""
    server = live_server.start(web_dir=".web-fuzz", backend_only=True)
    try:
        made = subprocess.run(
            [sys.executable, "-c", _MAKE_USERS], cwd=ROOT, env=server.env, check=True, capture_output=True, text=True
        )
    except subprocess.CalledProcessError:
        server.stop()
        raise
    return server, {"visitor": None, **json.loads(made.stdout.strip().splitlines()[-1])}


_MAKE_USERS = """
import json
from interview_app import db
from interview_app.models import Profile, User
from interview_app.clock import utcnow
from interview_app.services.accounts import accounts, passwords
tokens = {}
with db.session_scope() as session:
    for role in ("candidate", "admin"):
        user = User(email=f"{role}@example.com", name=role.title(), role=role, is_active=True,
                    password_hash=passwords.hash_password("a long fuzzing passphrase"),
                    email_verified_at=utcnow(), password_changed_at=utcnow(), onboarded_at=utcnow())
        session.add(user)
        session.flush()
        session.add(Profile(user_id=user.id))
        tokens[role] = accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="fuzz"))
print(json.dumps(tokens))
"""


def log_counts(text: str) -> dict[str, int]:
    """Unhandled exceptions and other error lines in the server's log, and the longest line."""
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "backend_exceptions": text.count("[Reflex Backend Exception]"),
        "error_lines": len(re.findall(r"(?m)^.*\b(ERROR|Error|error)\b.*$", text)),
        "refused_lines": text.count(" refused "),
        "longest_line": max((len(line) for line in text.splitlines()), default=0),
        "log_bytes": len(text.encode("utf-8", "replace")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--max-calls", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--big-every", type=int, default=4, help="send 1 MB values to every K-th handler")
    parser.add_argument("--canary", metavar="URL", help="run only the canary against URL (used by the fuzz run)")
    args = parser.parse_args()
    if args.canary:
        asyncio.run(canary(args.canary, args.seconds))
        return
    started = time.monotonic()
    server, tokens = start_app()
    print(f"app: {server.url} (started in {time.monotonic() - started:.0f} s)")
    try:
        tally = asyncio.run(fuzz(server.url, tokens, args))
        time.sleep(1)
        alive = httpx.get(server.url + "/ping", timeout=5).status_code
    finally:
        server.stop()
    text = server.log_path.read_text(errors="replace")
    counts = log_counts(text)
    waits = sorted(tally.canary_ms) or [0.0]
    stalls = sum(1 for ms in waits if ms > STALL_MS)
    print(f"calls: {tally.calls} (handler batches answered {tally.answered}; unanswered syncs {tally.unanswered})")
    print(f"toasts: {tally.toasts}")
    print(f"refused (log lines): {counts['refused_lines']}")
    print(f"unhandled exceptions (tracebacks in log): {counts['tracebacks']}")
    print(f"backend exception reports: {counts['backend_exceptions']}")
    print(f"error lines in log: {counts['error_lines']}")
    print(f"5xx: {0 if alive < 500 else 1} (ping after the run: {alive}); connect errors: {tally.connect_errors}")
    print(f"dropped sockets: {tally.drops}")
    print(f"log: {counts['log_bytes']:,} bytes, longest line {counts['longest_line']:,} chars")
    print(
        f"canary: {len(waits)} calls, p50 {statistics.median(waits):.1f} ms, "
        f"p99 {waits[int(0.99 * (len(waits) - 1))]:.1f} ms, max {waits[-1]:.1f} ms, "
        f"stalls over {STALL_MS:.0f} ms: {stalls}"
    )
    for line in tally.stalled_on:
        print(f"  stall: {line}")
    print(f"server log: {server.log_path}")
    print(f"elapsed: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
