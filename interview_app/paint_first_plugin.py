"""A Reflex plugin that lets the browser paint the prerendered page before it fetches the app's JavaScript.

React Router's prerendered pages (`reflex export`, `reflex run --env prod`) carry the whole page as HTML, but
their head also asks for every script of the route at once (`<link rel="modulepreload">`, 30-40 chunks,
about 300 KB compressed) and an inline module script imports them statically. On a slow phone connection
those scripts share the line with the stylesheet the first paint waits for, so the landing and sign-in
pages showed their text only after about 4 s (Lighthouse, mobile preset) although nothing in that text
needs a script.

After the production build this plugin rewrites every built page: the modulepreload links go, and the
module script first waits for the frame that paints the server-rendered HTML (right away in a tab that is
not visible, which paints nothing), then adds the same modulepreload links (so the chunks still download in
parallel), imports the route modules in their original order and starts hydration exactly as React Router
wrote it. A page whose script does not have the expected shape is left as it is. The inline script changes,
so its CSP hash does too; `security_headers` hashes each page as it is served.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import reflex as rx

MARKER = "/* interview-coach: paint first */"
LOG = logging.getLogger(__name__)

_MODULEPRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)"\s*/?>')
_MODULE_SCRIPT = re.compile(r'<script type="module" async="">(.*?)</script>', re.DOTALL)
_SIDE_EFFECT_IMPORT = re.compile(r'import ("[^"]+");')
_NAMESPACE_IMPORT = re.compile(r'import \* as ([A-Za-z_$][\w$]*) from ("[^"]+");')
_ROUTE_MODULES = re.compile(r"window\.__reactRouterRouteModules = (\{[^;]*\});")
_ENTRY_IMPORT = re.compile(r'import\(("[^"]+")\);')

_LOADER = """<script type="module">@MARKER@
const icPainted = document.visibilityState === "visible"
  ? new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
  : Promise.resolve();
icPainted.then(async () => {
  for (const href of @PRELOADS@) {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.appendChild(link);
  }
@IMPORTS@
  window.__reactRouterRouteModules = @ROUTES@;
  import(@ENTRY@);
});
</script>"""


def _statements(body: str) -> tuple[list[tuple[str | None, str]], str, str] | None:
    """The imports (name or None, quoted URL), the route-module object and the entry URL; None if unknown."""
    imports: list[tuple[str | None, str]] = []
    routes = entry = None
    rest = body
    position = 0
    patterns = (_NAMESPACE_IMPORT, _SIDE_EFFECT_IMPORT, _ROUTE_MODULES, _ENTRY_IMPORT)
    while True:
        while position < len(rest) and rest[position].isspace():
            position += 1
        if position == len(rest):
            break
        for pattern in patterns:
            match = pattern.match(rest, position)
            if match:
                break
        else:
            return None
        if pattern is _NAMESPACE_IMPORT:
            if routes is not None or entry is not None:
                return None
            imports.append((match.group(1), match.group(2)))
        elif pattern is _SIDE_EFFECT_IMPORT:
            if routes is not None or entry is not None:
                return None
            imports.append((None, match.group(1)))
        elif pattern is _ROUTE_MODULES:
            if routes is not None or entry is not None:
                return None
            routes = match.group(1)
        else:
            if entry is not None:
                return None
            entry = match.group(1)
        position = match.end()
    if routes is None or entry is None or not imports:
        return None
    return imports, routes, entry


def paint_first(html: str) -> str | None:
    """`html` with its scripts fetched after the first paint, or None when the page is not in React Router's shape."""
    if MARKER in html:
        return None
    scripts = _MODULE_SCRIPT.findall(html)
    if len(scripts) != 1:
        return None
    parsed = _statements(scripts[0])
    if parsed is None:
        return None
    imports, routes, entry = parsed
    preloads = _MODULEPRELOAD.findall(html)
    lines = [f"  const {name} = await import({url});" if name else f"  await import({url});" for name, url in imports]
    loader = (
        _LOADER.replace("@MARKER@", MARKER)
        .replace("@PRELOADS@", json.dumps(preloads))
        .replace("@IMPORTS@", "\n".join(lines))
        .replace("@ROUTES@", routes)
        .replace("@ENTRY@", entry)
    )
    without_preloads = _MODULEPRELOAD.sub("", html)
    return _MODULE_SCRIPT.sub(lambda _: loader, without_preloads, count=1)


def rewrite_pages(static_dir: Path) -> int:
    """Rewrite every built page under `static_dir`; returns how many changed."""
    changed = 0
    for path in sorted(static_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        rewritten = paint_first(html)
        if rewritten is None:
            if MARKER not in html and "modulepreload" in html:
                LOG.warning("paint first: %s has an unexpected module script; left as it is", path)
            continue
        path.write_text(rewritten, encoding="utf-8")
        changed += 1
    return changed


class PaintFirstPlugin(rx.plugins.Plugin):
    """Rewrites the production build's pages after `npm run export` (see the module docstring)."""

    def post_build(self, **context: Any) -> None:
        """Rewrite the pages of the build in `context["static_dir"]` (before Reflex compresses them)."""
        rewrite_pages(Path(context["static_dir"]))
