"""Start the real app (`reflex run --env prod`) on a free port with a throw-away database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = float(os.environ.get("E2E_START_TIMEOUT", "420"))
METRICS_TOKEN = "metrics-token-for-tests"  # opens GET /metrics on the session's live app (tests/api/test_metrics.py)
# The product's limits (docs/limits.md) for test apps: journeys and benches answer far faster than a person, so
# the numbers are high (still counted); a test of a limit starts its app with its own numbers.
TEST_LIMITS = {
    "INTERVIEWS_PER_DAY": "1000",
    "ANSWERS_PER_MINUTE": "1000",
    "LLM_SCORING_PER_MINUTE": "1000",
    "EXPORTS_PER_HOUR": "1000",
}
# An app with plans on (docs/plans.md): its pages and sidebars are built with PLANS_ENABLED, so it gets a bundle
# of its own (`start(PLANS_ON, web_dir=".web-plans")`) and the session's shared app keeps plans off.
PLANS_ON = {"PLANS_ENABLED": "true"}
# Every app started in this process, by URL (helpers read the database of the app a page is on).
RUNNING: dict[str, LiveServer] = {}


@dataclass
class LiveServer:
    """A running app: its URL, environment and database URL."""

    url: str
    env: dict[str, str]
    db_url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def secret_key(self) -> str:
        """The signing key the app made for itself in its data folder (no SECRET_KEY is given to it)."""
        return (self.data_dir / "secret_key").read_text().strip()

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for failure messages."""
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        """Stop the server and everything it started (own process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def serving(url: str) -> LiveServer:
    """The app started at `url` (a page's base URL) by this test process."""
    return RUNNING[url.rstrip("/")]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    extra_env: dict[str, str] | None = None, web_dir: str = ".web-test", backend_only: bool = False
) -> LiveServer:
    """Migrate a fresh database, seed it and start the app; returns once pages answer.

    `backend_only` starts only the backend (no page build: for benches that speak to it over HTTP and
    Socket.IO) and returns once it answers /ping.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="interview-coach-live-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db_url = f"sqlite:///{data_dir / 'live.db'}"
    venv_bin = str(Path(sys.executable).parent)
    env = {
        **{k: v for k, v in os.environ.items() if k != "SECRET_KEY"},  # the app makes its own, as installs do
        "APP_ENV": "test",
        "REFLEX_DB_URL": db_url,
        "DATA_DIR": str(data_dir),
        "PUBLIC_URL": url,
        "REFLEX_WEB_WORKDIR": str(ROOT / web_dir),
        "REFLEX_USE_NPM": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "0",
        # Every journey registers from 127.0.0.1: far more sign-ups in an hour than one person would make.
        "REGISTER_IP_LIMIT": "1000",
        **TEST_LIMITS,
        "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
        **(extra_env or {}),
    }
    env.pop("SMTP_HOST", None) if "SMTP_HOST" not in (extra_env or {}) else None
    for command in (["migrate"], ["seed"]):
        subprocess.run(
            [sys.executable, "-m", "interview_app", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    log_path = data_dir / "app.log"
    command = [sys.executable, "-m", "reflex", "run", "--env", "prod"]
    if backend_only:
        command += ["--backend-only", "--backend-port", str(port), "--backend-host", "127.0.0.1"]
    else:
        command += ["--frontend-port", str(port), "--backend-port", str(port), "--backend-host", "127.0.0.1"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = LiveServer(
        url=url, env=env, db_url=env["REFLEX_DB_URL"], data_dir=data_dir, process=process, log_path=log_path
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(url + "/ping", timeout=2).status_code == 200 and (
                backend_only or httpx.get(url + "/", timeout=5).is_success
            ):
                RUNNING[url] = server
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"the app did not answer within {START_TIMEOUT:.0f} s:\n{server.log_tail()}")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its children (a live server's workers), in MB; NaN once it is gone."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return float("nan")
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total / 2**20
