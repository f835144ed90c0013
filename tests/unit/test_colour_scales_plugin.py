"""The built stylesheet keeps only the Radix colour scales the app names (colour_scales_plugin)."""

from __future__ import annotations

import re
from pathlib import Path

from interview_app.colour_scales_plugin import SCALES, named_colours, source_texts, trim, trim_stylesheets

# The shape of Radix Themes 3's colour tokens in the minified build (two scales kept, two removed).
CSS = (
    ".rt-Button{color:var(--accent-11)}"
    ":root,.light,.light-theme{--amber-1:#fefdfb;--amber-a1:#c0800004;--amber-contrast:#21201c;"
    "--tomato-1:#fffcfc;--tomato-a1:#ff000003;--tomato-contrast:#fff;--tomato-surface:#fff6f5cc;"
    "--gray-1:#fcfcfc;--mauve-1:#fdfcfd;--mauve-a1:#55005503}"
    ".dark,.dark-theme{--amber-1:#16120c;--tomato-1:#181111;--tomato-track:var(--tomato-9)}"
    "@supports (color:color(display-p3 1 1 1)){@media (color-gamut:p3){:root,.light,.light-theme"
    "{--tomato-1:color(display-p3 .998 .989 .988);--amber-1:color(display-p3 .995 .992 .985)}}}"
    "[data-accent-color=amber]{--accent-1:var(--amber-1);--accent-a1:var(--amber-a1)}"
    "[data-accent-color=tomato]{--accent-1:var(--tomato-1);--accent-a1:var(--tomato-a1)}"
    ".radix-themes:where([data-gray-color=mauve]){--gray-1:var(--mauve-1)}"
    ".radix-themes:where([data-gray-color=gray]){--gray-1:var(--gray-1)}"
    "[data-accent-color]:where(:not([data-accent-color=''],[data-accent-color=gray])){--focus-1:var(--accent-1)}"
    ".rt-Badge{padding:2px}"
)


def test_the_scales_the_app_never_names_leave_the_stylesheet():
    trimmed = trim(CSS, {"amber", "gray"})
    assert trimmed is not None
    assert "tomato" not in trimmed and "mauve" not in trimmed
    # Everything else stays as it was: the kept scales, their mappings and every other rule.
    for kept in (
        ".rt-Button{color:var(--accent-11)}",
        "--amber-1:#fefdfb;--amber-a1:#c0800004;--amber-contrast:#21201c;",
        "--gray-1:#fcfcfc;",
        "--amber-1:#16120c;",
        "--amber-1:color(display-p3 .995 .992 .985)",
        "[data-accent-color=amber]{--accent-1:var(--amber-1);--accent-a1:var(--amber-a1)}",
        ".radix-themes:where([data-gray-color=gray]){--gray-1:var(--gray-1)}",
        "[data-accent-color]:where(:not([data-accent-color=''],[data-accent-color=gray])){--focus-1:var(--accent-1)}",
        ".rt-Badge{padding:2px}",
    ):
        assert kept in trimmed
    assert trimmed.count("{") == trimmed.count("}")
    assert trim(trimmed, {"amber", "gray"}) is None  # nothing left to remove


def test_a_stylesheet_of_an_unknown_shape_is_left_as_it_is():
    # A removed scale used by a rule this does not know: trimming would leave it pointing at nothing.
    odd = CSS + ".ic-odd{color:var(--tomato-9)}"
    assert trim(odd, {"amber", "gray"}) is None
    assert trim(CSS, set(SCALES)) is None


def test_colours_count_as_named_as_strings_or_custom_properties_only():
    texts = [
        'rx.badge("New", color_scheme="amber")',
        "rx.icon('check', color=rx.color('grass', 10))",
        "border-left: 3px solid var(--violet-8);",
        '"Rails": ("backend", ("ruby on rails",))',  # a word in a sentence is not a colour
        "a gold standard for the sky",
    ]
    assert named_colours(texts) == {"gray", "amber", "grass", "violet"}


def test_every_colour_the_app_uses_is_kept():
    """The app's own colours survive: the theme's, the badges' and callouts', and those in assets/app.css."""
    named = named_colours(source_texts())
    assert {"teal", "slate", "gray", "red", "amber", "green", "orange", "blue", "grass"} <= named
    assert "tomato" not in named and "crimson" not in named
    # Each colour_scheme / accent given as a literal anywhere in the code is among them.
    literal = re.compile(r"""(?:color_scheme|accent_color|gray_color)=["'](\w+)["']""")
    used = {m for text in source_texts() for m in literal.findall(text)}
    assert used and used <= named


def test_the_build_folder_is_trimmed_in_place(tmp_path: Path):
    assets = tmp_path / "assets"
    assets.mkdir()
    sheet = assets / "__reflex_global_styles-abc123.css"
    sheet.write_text(CSS, encoding="utf-8")
    other = assets / "app-def456.css"
    other.write_text(CSS, encoding="utf-8")
    removed = trim_stylesheets(tmp_path, {"amber", "gray"})
    assert removed == len(CSS) - len(sheet.read_text(encoding="utf-8")) > 0
    assert "tomato" not in sheet.read_text(encoding="utf-8")
    assert other.read_text(encoding="utf-8") == CSS  # only Radix's global stylesheet
