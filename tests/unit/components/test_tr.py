"""`tr()` with Var parameters: the JS it writes into the page gives, in a real JS engine (node, whose Intl has
full ICU like the browsers'), the same text as `t()` on the server, plurals and number grouping included."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from reflex.vars.base import Var

from interview_app.components.i18n import _joined
from interview_app.i18n import t, text_of
from interview_app.i18n.message import render

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (Reflex needs it to build pages)")


def _in_browser(expr: Var, values: dict[str, object]) -> str:
    """The string `expr` evaluates to in node, with each Var parameter named as a JS constant."""
    consts = "".join(f"const {name} = {json.dumps(value)};\n" for name, value in values.items())
    script = consts + "process.stdout.write(JSON.stringify(" + str(expr) + "));"
    out = subprocess.run([NODE or "node", "-e", script], capture_output=True, text=True, check=True, timeout=30)
    return json.loads(out.stdout)


def _vars(values: dict[str, object]) -> dict[str, object]:
    return {name: Var(_js_expr=name, _var_type=type(value)) for name, value in values.items()}


CASES = [
    ("dashboard.countdown.days", {"count": 0}),
    ("dashboard.countdown.days", {"count": 1}),
    ("dashboard.countdown.days", {"count": 12}),
    ("trainer.today.due", {"count": 1}),
    ("trainer.today.due", {"count": 1250}),
    ("trainer.today.ready", {"total": 1, "answered": 0}),
    ("trainer.today.ready", {"total": 5, "answered": 2}),
    ("interview.report.trainer_cards", {"count": 1}),
    ("interview.report.trainer_cards", {"count": 3}),
    ("notifications.count", {"count": 1}),
    ("notifications.count", {"count": 2}),
    ("dashboard.greeting", {"name": "Ada"}),
    ("tailor.cv.deleted", {"interviews": 1, "questions": 12}),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("key", "values"), CASES)
def test_browser_text_equals_the_server_text(key: str, values: dict[str, object], lang: str):
    assert _in_browser(_joined(text_of(key, lang), _vars(values), lang), values) == t(key, lang, **values)


def test_english_plurals_read_naturally():
    text = text_of("dashboard.countdown.days", "en")
    count: dict[str, object] = {"count": Var(_js_expr="count", _var_type=int)}
    assert _in_browser(_joined(text, count, "en"), {"count": 1}) == "1 day until your interview."
    assert _in_browser(_joined(text, count, "en"), {"count": 0}) == "Your interview is today."
    assert _in_browser(_joined(text, count, "en"), {"count": 1000}) == "1,000 days until your interview."


def test_select_nested_plural_and_mixed_values():
    text = "{kind, select, cv {{n, plural, one {# CV} other {# CVs}} by {who}} other {{who} has none}}"
    for kind, n in (("cv", 1), ("cv", 3), ("github", 2)):
        params = {"kind": Var(_js_expr="kind", _var_type=str), "n": Var(_js_expr="n", _var_type=int), "who": "Ada"}
        got = _in_browser(_joined(text, params, "en"), {"kind": kind, "n": n})
        assert got == render(text, "en", {"kind": kind, "n": n, "who": "Ada"})


def test_a_plural_with_a_value_known_on_the_server_is_chosen_there():
    text = "{n, plural, one {# day} other {# days}} for {name}"
    expr = _joined(text, {"n": 1, "name": Var(_js_expr="name", _var_type=str)}, "en")
    assert "PluralRules" not in str(expr)
    assert _in_browser(expr, {"name": "Ada"}) == "1 day for Ada"
