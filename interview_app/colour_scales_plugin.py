"""A Reflex plugin that leaves the Radix colour scales the app never names out of the built stylesheet.

Radix Themes' global stylesheet defines all 31 colour scales (each about a hundred custom properties, for the
light and dark themes and again for wide-gamut screens) on the page's root, and maps each one onto the accent
and gray scales (`[data-accent-color=tomato]{--accent-1:var(--tomato-1);...}`). The app uses about ten of
them; the other twenty were 80 KB of the 700 KB stylesheet that every page parses before its first paint, and
about two thousand custom properties that every element's style inherits from the root.

After the production build this plugin removes, from the built `__reflex_global_styles-*.css`, the
declarations of every scale the app's code never names (its Python, CSS and JavaScript in `interview_app/`,
`assets/` and `rxconfig.py`, as a quoted string or a custom property: `color_scheme="amber"`, `rx.color("grass",
10)`, a service's `"color": "blue"`, `var(--green-8)`) and the accent and gray mappings onto those scales. A colour
named anywhere in the code is kept, so a colour picked at run time from a service's values keeps its styles. If
anything of a removed scale would remain afterwards (a stylesheet of a shape this does not know), the file is left
as it is with a warning in the build log. Everything else in the stylesheet is untouched, byte for byte.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import reflex as rx

LOG = logging.getLogger(__name__)

# Radix Themes 3's colour scales: the accent colours and the grays.
SCALES = (
    "tomato red ruby crimson pink plum purple violet iris indigo blue cyan teal jade green grass brown orange sky "
    "mint lime yellow amber gold bronze gray mauve slate sage olive sand"
).split()
# Where the app names its colours, relative to the project's root.
SOURCES = ("interview_app", "assets", "rxconfig.py")
SOURCE_SUFFIXES = {".py", ".css", ".js"}
STYLESHEET = "__reflex_global_styles-*.css"
ROOT = Path(__file__).resolve().parents[1]


def named_colours(texts: Iterable[str]) -> set[str]:
    """The scales `texts` name as a string (`"amber"`) or a custom property (`--amber-9`); "gray" always."""
    names = "|".join(SCALES)
    pattern = re.compile(r"""(?<=["'])(""" + names + r""")(?=["'])|(?<=--)(""" + names + r")(?=-)")
    found = {"gray"}
    for text in texts:
        found.update(quoted or custom for quoted, custom in pattern.findall(text))
    return found


def source_texts(root: Path = ROOT) -> Iterable[str]:
    """The text of every source file where the app may name a colour."""
    for name in SOURCES:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in SOURCE_SUFFIXES)
        for file in files:
            if file.resolve() != Path(__file__).resolve():  # this module names every scale
                yield file.read_text(encoding="utf-8", errors="replace")


def trim(css: str, keep: set[str]) -> str | None:
    """`css` without the scales outside `keep`, or None when nothing is removed or the shape is unknown."""
    drop = [scale for scale in SCALES if scale not in keep]
    if not drop:
        return None
    names = "|".join(drop)
    # The accent and gray mappings onto a removed scale: whole rules, each the only selector before its block.
    mappings = re.compile(
        r"(?<=[{};])(?:\[data-accent-color=(?:" + names + r")\]"
        r"|\.radix-themes:where\(\[data-gray-color=(?:" + names + r")\]\))\{[^{}]*\}"
    )
    # A removed scale's own custom properties, wherever they are declared (light, dark, wide-gamut blocks).
    declarations = re.compile(
        r"(?<=[{;])--(?:" + names + r")-(?:a?\d{1,2}|contrast|surface|indicator|track):[^;{}]*(?:;|(?=\}))"
    )
    trimmed = declarations.sub("", mappings.sub("", css))
    leftover = re.search(r"--(?:" + names + r")-|color=(?:" + names + r")\]", trimmed)
    if trimmed == css or leftover or trimmed.count("{") != trimmed.count("}"):
        return None
    return trimmed


def trim_stylesheets(static_dir: Path, keep: set[str]) -> int:
    """Trim the built global stylesheet(s) under `static_dir`; returns how many bytes were removed."""
    removed = 0
    for path in sorted(static_dir.rglob(STYLESHEET)):
        css = path.read_text(encoding="utf-8")
        trimmed = trim(css, keep)
        if trimmed is None:
            LOG.warning("colour scales: %s left as it is (nothing to remove, or an unexpected shape)", path)
            continue
        path.write_text(trimmed, encoding="utf-8")
        removed += len(css.encode()) - len(trimmed.encode())
    return removed


class UnusedColoursPlugin(rx.plugins.Plugin):
    """Removes the colour scales the app never names from the production stylesheet (see the module docstring)."""

    def post_build(self, **context: Any) -> None:
        """Trim the stylesheet of the build in `context["static_dir"]` (before Reflex compresses it)."""
        trim_stylesheets(Path(context["static_dir"]), named_colours(source_texts()))
