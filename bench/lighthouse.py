"""Lighthouse (npm `lighthouse`, pinned) on the pages a candidate meets most, mobile preset, default throttling.

Usage: bench/lighthouse.sh [RUNS]   (or .venv/bin/python bench/lighthouse.py [RUNS])
Starts the real app (`reflex run --env prod`, throw-away SQLite, built into .web-lighthouse or
LIGHTHOUSE_WEB_DIR) like the end-to-end tests, signs a candidate up in headless Chromium, answers one question
of an interview and ends it early (its run page and report), starts a practice quiz, and keeps that session in a
Chromium profile Lighthouse reuses (`--disable-storage-reset`), so the signed-in pages are measured signed in.
Prints per page the median over RUNS (default 1) of the four category scores, the largest and first contentful
paint, the total blocking time and the layout shift, with the machine's load average. Lighthouse is installed
once with the venv's npm into data/bench-cache/; Chromium is Debian's. With LIGHTHOUSE_JSON_DIR set, every
run's whole report is kept there (`<page>-<run>.json`: the main-thread breakdown, long tasks, unused code).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import expect, sync_playwright

from tests.support import live_server
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, open_page
from tests.support.journeys import choose, signed_up_user

LIGHTHOUSE_VERSION = "12.2.3"
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "data" / "bench-cache" / f"lighthouse-{LIGHTHOUSE_VERSION}"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_bin() -> Path:
    """The pinned Lighthouse CLI, installed with `npm i -E` the first time."""
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm", path=str(Path(sys.executable).parent)) or "npm"
        env = {**os.environ, "NPM_CONFIG_REGISTRY": os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org")}
        subprocess.run(
            [npm, "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund", "--silent"],
            cwd=CACHE,
            env=env,
            check=True,
        )
    return binary


def signed_in_profile(base: str, profile: Path) -> dict[str, str]:
    """Sign a candidate up, make an interview (run page and report) and a quiz; returns the pages' paths.

    The session token ends up in `profile`'s local storage for Lighthouse's Chromium.
    """
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        signed_up_user(page, base, "Lena Lighthouse")
        open_page(page, base + "/interview/new")
        choose(page, "#setup-type", "Behavioural")
        page.click("#setup-start")
        page.wait_for_url(re.compile(r"/interview/\d+/?$"))
        run = page.url.removeprefix(base)
        page.fill(
            "#run-answer", "I led the move of our billing service in small steps and cut failed invoices by half."
        )
        expect(page.locator("#run-saved")).to_contain_text("Draft saved")
        page.click("#run-end")
        page.click("#run-end-confirm")
        page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
        report = page.url.removeprefix(base)
        expect(page.locator("#report-overall")).to_be_visible(timeout=60_000)
        open_page(page, base + "/interview/new")  # a second interview, left running, for the run page
        page.click("#setup-start")
        page.wait_for_url(re.compile(r"/interview/\d+/?$"))
        run = page.url.removeprefix(base)
        context.close()
    return {
        "landing": "/",
        "sign-in": "/sign-in",
        "dashboard": "/dashboard",
        "interview run": run,
        "report": report,
        "trainer": "/trainer",
    }


def audit(binary: Path, url: str, profile: Path, signed_in: bool) -> dict[str, Any]:
    """One Lighthouse run (mobile preset, default simulated throttling); the scores and LCP in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        if signed_in:
            flags.append(f"--user-data-dir={profile}")
        command = [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(flags)}",
        ]
        if signed_in:
            command.append("--disable-storage-reset")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
        data = json.loads(out.read_text())
        keep = os.environ.get("LIGHTHOUSE_JSON_DIR")
        if keep:  # the whole report, for the main-thread breakdown, long tasks and the LCP element
            Path(keep).mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[-1].split("/", 1)[-1].lower()).strip("-") or "landing"
            shutil.copy(out, Path(keep) / f"{name}-{len(list(Path(keep).glob(name + '-*.json')))}.json")
    scores: dict[str, Any] = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    scores["lcp"] = data["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    # What the performance score is made of besides LCP: first paint, main-thread blocking, layout shift.
    scores["fcp"] = data["audits"]["first-contentful-paint"]["numericValue"] / 1000
    scores["tbt"] = data["audits"]["total-blocking-time"]["numericValue"]
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["final_url"] = data.get("finalDisplayedUrl", data.get("finalUrl", ""))
    scores["failed"] = sorted(
        f"{c}:{ref['id']}"
        for c in ("accessibility", "best-practices", "seo")
        for ref in data["categories"][c]["auditRefs"]
        if ref.get("weight")
        and (data["audits"][ref["id"]].get("score") is not None)
        and data["audits"][ref["id"]]["score"] < 1
    )
    return scores


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    binary = lighthouse_bin()
    # A build folder of its own: the end-to-end tests rebuild .web-test whenever they start.
    server = live_server.start(web_dir=os.environ.get("LIGHTHOUSE_WEB_DIR", ".web-lighthouse"))
    profile = Path(tempfile.mkdtemp(prefix="ic-lighthouse-profile-"))
    try:
        pages = signed_in_profile(server.url, profile)
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile preset, median of {runs} run(s) per page")
        print(f"Load average at the start: {os.getloadavg()[0]:.1f} (two cores; other work skews TBT most)")
        print(
            f"{'page':<14} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'LCP s':>6} {'FCP s':>6} {'TBT ms':>7}"
            f" {'CLS':>6}"
        )
        for name, path in pages.items():
            results = [
                audit(binary, server.url + path, profile, name not in ("landing", "sign-in")) for _ in range(runs)
            ]
            med = {
                k: statistics.median(float(r[k]) for r in results) for k in (*CATEGORIES, "lcp", "fcp", "tbt", "cls")
            }
            landed = str(results[-1]["final_url"]).removeprefix(server.url)
            note = "" if landed.rstrip("/") == path.rstrip("/") else f"  (ended on {landed})"
            print(
                f"{name:<14} {med['performance']:>5.0f} {med['accessibility']:>5.0f} {med['best-practices']:>5.0f}"
                f" {med['seo']:>5.0f} {med['lcp']:>6.2f} {med['fcp']:>6.2f} {med['tbt']:>7.0f} {med['cls']:>6.3f}"
                f"  (load {os.getloadavg()[0]:.1f}){note}"
            )
            failed = sorted({audit for r in results for audit in r["failed"]})
            if failed:
                print(f"{'':<14} failed audits: {', '.join(failed)}")
    finally:
        server.stop()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
