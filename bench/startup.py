"""Cold start from a fresh clone to ready, and warm restart to ready.

Usage: .venv/bin/python bench/startup.py [--port 3400]
Clones this repository (committed state) into a temporary folder, runs the README's
start command (scripts/start.sh) there and times until `/` and `/ping` answer; then
stops it and starts it again (warm). Package caches of this machine (pip, npm) are
used as a returning developer would have them; `--cold-caches` empties them first
for a first-time-ever measurement.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def time_to_ready(clone: Path, port: int, log: Path, timeout: float = 900) -> tuple[float, subprocess.Popen[bytes]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFLEX_", "VIRTUAL_ENV"))}
    env["PORT"] = str(port)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    start = time.monotonic()
    proc = subprocess.Popen(
        ["scripts/start.sh"],
        cwd=clone,
        env=env,
        start_new_session=True,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"start.sh exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(url + "/ping", timeout=2).status_code == 200 and httpx.get(url + "/", timeout=5).is_success:
                return time.monotonic() - start, proc
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"not ready after {timeout} s; see {log}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=3400)
    parser.add_argument("--cold-caches", action="store_true", help="empty the pip and npm caches first")
    args = parser.parse_args()
    if args.cold_caches:
        for cache in (Path.home() / ".cache" / "pip", Path.home() / ".npm" / "_cacache"):
            shutil.rmtree(cache, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="ic-startup-"))
    clone = work / "interview-coach"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    cold, proc = time_to_ready(clone, args.port, work / "cold.log")
    stop(proc)
    warm, proc = time_to_ready(clone, args.port, work / "warm.log")
    stop(proc)
    print(f"cold_start_s: {cold:.1f}   (fresh clone: venv, pip install, migrate, seed, npm install, build)")
    print(f"warm_start_s: {warm:.1f}   (second run of the same command)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
