"""Server-sent browser calls are JSON data run from an allow-list; the built state.js has no eval for them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import reflex as rx
import reflex_base
from reflex_base.event import Event

from interview_app.browser_calls_plugin import MARKER, BrowserCallsPlugin, without_eval
from interview_app.components import browser

TEMPLATE = Path(reflex_base.__file__).parent / ".templates" / "web" / "utils" / "state.js"
NODE = Path(sys.executable).parent / "node"


class ProbeState(rx.State):
    """A state with handlers to receive browser results."""

    @rx.event
    def got(self, answer: str):
        """Receive one result."""

    @rx.event
    def two(self, a: str, b: str):
        """Takes two arguments: cannot receive a browser result."""


def payload(spec: rx.event.EventSpec) -> dict:
    event = Event.from_event_type(spec)[0]
    assert event.name == "_call_script"
    return json.loads(event.payload["javascript_code"])


def test_a_call_is_json_naming_an_allowed_function_and_its_result_handler():
    call = payload(browser.call("icRecorder.start", {"sqId": 3, "text": "</script>'\""}, then=ProbeState.got))
    assert call["steps"] == [["icRecorder.start", [{"sqId": 3, "text": "</script>'\""}]]]
    assert call["then"]["arg"] == "answer" and call["then"]["event"].endswith("probe_state.got")
    steps = payload(browser.run(browser.step("icRecorder.cancelSpeech"), browser.step("icRecorder.stop", False)))
    assert steps["steps"] == [["icRecorder.cancelSpeech", []], ["icRecorder.stop", [False]]]


def test_only_allowed_functions_and_one_argument_handlers_can_be_named():
    with pytest.raises(ValueError, match="not an allowed browser function"):
        browser.call("window.eval", "alert(1)")
    with pytest.raises(ValueError, match="exactly one argument"):
        browser.call("icRecorder.take", then=ProbeState.two)


def test_handler_toasts_are_sent_as_data_not_code():
    BrowserCallsPlugin()
    call = payload(rx.toast.success('Saved <b>"x"</b>'))
    assert call["steps"] == [["toast", ["success", 'Saved <b>"x"</b>', None]]]
    error = payload(rx.toast("An error occurred.", level="error", description="a\nb", style={"white-space": "pre"}))
    level, message, props = error["steps"][0][1]
    assert (level, message) == ("error", "An error occurred.")
    assert props == {"description": "a\nb", "style": {"whiteSpace": "pre"}}


def test_the_state_js_patch_removes_eval_from_call_script_and_callbacks():
    source = TEMPLATE.read_text()
    patched = without_eval(source)
    assert "eval(event.payload" in source and "eval(event.payload" not in patched
    assert without_eval(patched) == patched
    # What is left: Reflex's dynamic components and upload-URL downloads, which this app does not use.
    assert patched.count("eval(") == source.count("eval(") - 4
    with pytest.raises(RuntimeError, match=r"state\.js changed"):
        without_eval(source.replace('event.name == "_call_script" || event.name == "_call_function"', "x"))


def test_a_state_js_patched_by_an_earlier_build_gets_the_current_allow_list():
    patched = without_eval(TEMPLATE.read_text())
    current = json.dumps(sorted(browser.BROWSER_FUNCTIONS))
    assert f"const IC_BROWSER_FUNCTIONS = new Set({current});" in patched
    # A web folder kept from a build before a function was allowed: its state.js is patched already.
    older = patched.replace(current, json.dumps(sorted(browser.BROWSER_FUNCTIONS - {"location.assign"})))
    assert older != patched and without_eval(older) == patched


def test_the_patched_state_js_is_valid_javascript(tmp_path: Path):
    module = tmp_path / "state.mjs"
    module.write_text(without_eval(TEMPLATE.read_text()))
    checked = subprocess.run([str(NODE), "--check", str(module)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


HARNESS = """
globalThis.window = globalThis;
window.alert = (m) => log.push(["alert", m]);
const log = [];
const refs = {};
const ReflexEvent = (name, payload) => ({ name, payload });
const sent = [];
const addEvents = (events) => sent.push(...events);
const originalError = console.error;
console.error = (...args) => log.push(["error", String(args[0])]);
DISPATCHER
const run = async (text) => {
  const call = icParseBrowserCall(text);
  if (call) await icRunBrowserCall(call, addEvents);
};
window.pwned = false;
await run("window.pwned = true");
await run(JSON.stringify({ steps: [["window.eval", ["window.pwned = true"]]] }));
await run(JSON.stringify({ steps: [["icRecorder.take", []]], then: { event: "s.got", arg: "answer" } }));
setTimeout(() => {
  window.icRecorder = { take: async () => [{ kind: "stopped" }], stop: (keep) => log.push(["stop", keep]) };
}, 150);
await run(JSON.stringify({ steps: [["icRecorder.take", []]], wait: 1000, then: { event: "s.got", arg: "answer" } }));
await run(JSON.stringify({ steps: [["icRecorder.stop", [false]]] }));
window.icRecorder.stop = () => { throw new Error("boom"); };
const failing = { steps: [["icRecorder.stop", []]], fallback: "gone", then: { event: "s.got", arg: "answer" } };
await run(JSON.stringify(failing));
refs["__toast"] = { success: (message, props) => log.push(["toast", message, props ?? null]) };
await run(JSON.stringify({ steps: [["toast", ["success", "Saved", null]]] }));
console.error = originalError;
console.log(JSON.stringify({ pwned: window.pwned, log, sent }));
"""


def test_the_dispatcher_runs_allowed_calls_only_and_reports_results(tmp_path: Path):
    patched = without_eval(TEMPLATE.read_text())
    dispatcher = patched[patched.index(MARKER) : patched.index("export const applyEvent")]
    script = tmp_path / "harness.mjs"
    script.write_text(HARNESS.replace("DISPATCHER", dispatcher))
    ran = subprocess.run([str(NODE), str(script)], capture_output=True, text=True, timeout=30)
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["pwned"] is False
    errors = [entry[1] for entry in out["log"] if entry[0] == "error"]
    assert sum("Refused to run a browser call" in e for e in errors) == 2
    assert out["sent"] == [
        {"name": "s.got", "payload": {}},
        {"name": "s.got", "payload": {"answer": [{"kind": "stopped"}]}},
        {"name": "s.got", "payload": {"answer": "gone"}},
    ]
    assert ["stop", False] in out["log"] and ["toast", "Saved", None] in out["log"]


def test_no_page_sends_javascript_code():
    """Code sent with rx.call_script / call_function / run_script would be refused by the built frontend."""
    package = Path(browser.__file__).resolve().parents[1]
    allowed = {package / "components" / "browser.py", package / "browser_calls_plugin.py"}
    senders = ("call_script(", "call_function(", "run_script(", "window_alert(", "set_clipboard(", "console_log(")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path not in allowed
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if any(sender in line for sender in senders)
    ]
    assert offenders == [], "use components/browser.call instead: " + ", ".join(offenders)
