"""A Reflex plugin that takes `eval` out of the built frontend, so the CSP can forbid it.

Reflex's `state.js` runs `rx.call_script` / `rx.call_function` text and callback strings with `eval`.
This plugin rewrites that branch at compile time: a script text must be a JSON call built by
`interview_app.components.browser` and may run only the functions in `BROWSER_FUNCTIONS`; anything else
is refused with a console error instead of being run. Toasts sent by handlers (`rx.toast.*`, including
Reflex's "An error occurred" toast) are turned into such calls, since Reflex would send them as code.
"""

from __future__ import annotations

import json
import re
from typing import Any

import reflex as rx
from reflex_components_sonner.toast import Toaster, ToastNamespace, ToastProps

from interview_app.components import browser

STATE_JS = "utils/state.js"
MARKER = "/* interview-coach: browser calls without eval */"

_EVAL_BRANCH_START = '  if (event.name == "_call_script" || event.name == "_call_function") {\n'
_EVAL_BRANCH_END = '      console.log("_call_script", e);\n'
_CALLBACK_EVAL = "eval(event.payload.callback)"
_APPLY_EVENT = "export const applyEvent = async (event, socket, navigate, params) => {\n"
_ALLOW_LIST = re.compile(r"^const IC_BROWSER_FUNCTIONS = new Set\(.*\);$", re.MULTILINE)

_DISPATCHER = """
@MARKER@
const IC_BROWSER_FUNCTIONS = new Set(@FUNCTIONS@);
const IC_BUILTINS = {
  "location.reload": () => window.location.reload(),
  "intl.timeZone": () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  toast: (level, message, props) => {
    const toast = refs["__toast"];
    if (!toast) return window.alert(props?.title ?? message);
    return (level ? toast[level] : toast)(message, props ?? undefined);
  },
};
// The function an allowed name stands for; null while its script has not loaded yet.
const icBrowserFunction = (name) => {
  if (Object.hasOwn(IC_BUILTINS, name)) return IC_BUILTINS[name];
  const [owner, method] = name.split(".");
  const target = window[owner];
  return target && typeof target[method] === "function" ? (...args) => target[method](...args) : null;
};
// A JSON browser call, or null (and a console error) for anything else: code is never run.
const icParseBrowserCall = (text) => {
  let call = null;
  try {
    call = JSON.parse(text);
  } catch (e) {}
  const valid =
    call &&
    Array.isArray(call.steps) &&
    call.steps.every(
      (s) => Array.isArray(s) && IC_BROWSER_FUNCTIONS.has(s[0]) && Array.isArray(s[1]),
    ) &&
    (call.then === undefined || (typeof call.then?.event === "string" && typeof call.then?.arg === "string"));
  if (!valid) console.error("Refused to run a browser call that is not an allowed JSON call:", text);
  return valid ? call : null;
};
const icRunBrowserCall = async (call, addEvents) => {
  const loaded = () => call.steps.every(([name]) => icBrowserFunction(name) !== null);
  for (let waited = 0; !loaded() && waited < (call.wait ?? 0); waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
  let result = call.fallback ?? undefined;
  if (loaded()) {
    try {
      for (const [name, args] of call.steps) result = await icBrowserFunction(name)(...args);
    } catch (e) {
      console.error("Browser call failed:", call.steps, e);
      result = call.fallback ?? undefined;
    }
  }
  if (call.then) addEvents([ReflexEvent(call.then.event, { [call.then.arg]: result })]);
};
const icRefuseCode = (code) => {
  console.error("Refused to run a callback given as code (browser calls take `then`):", code);
  return () => {};
};

"""

_BRANCH = """  if (event.name == "_call_script" || event.name == "_call_function") {
    const call = icParseBrowserCall(event.payload.javascript_code ?? event.payload.function);
    if (call) {
      const running = icRunBrowserCall(call, addEvents);
      if (call.then) await running;
    }
    return;
  }
"""


def without_eval(source: str) -> str:
    """`state.js` with its `eval` of call_script text and callbacks replaced by the allow-listed dispatcher.

    Raises:
        RuntimeError: If the Reflex template changed shape (the patch must not silently miss).

    """
    functions = json.dumps(sorted(browser.BROWSER_FUNCTIONS))
    if MARKER in source:
        # Patched by an earlier build (a kept web folder): bring the allow-list up to date, or a function
        # added since would be refused in the browser.
        return _ALLOW_LIST.sub(lambda _: f"const IC_BROWSER_FUNCTIONS = new Set({functions});", source, count=1)
    for anchor in (_EVAL_BRANCH_START, _EVAL_BRANCH_END, _CALLBACK_EVAL, _APPLY_EVENT):
        if anchor not in source:
            raise RuntimeError(f"state.js changed: {anchor.strip()!r} not found; update browser_calls_plugin")
    start = source.index(_EVAL_BRANCH_START)
    end = source.index("    return;\n  }\n", source.index(_EVAL_BRANCH_END)) + len("    return;\n  }\n")
    source = source[:start] + _BRANCH + source[end:]
    source = source.replace(_CALLBACK_EVAL, "icRefuseCode(event.payload.callback)")
    dispatcher = _DISPATCHER.replace("@MARKER@", MARKER).replace("@FUNCTIONS@", functions)
    return source.replace(_APPLY_EVENT, dispatcher + _APPLY_EVENT, 1)


def _toast_as_browser_call(message: Any = "", level: str | None = None, fallback_to_alert: bool = False, **props):
    """`rx.toast(...)` from a handler: a JSON browser call when message and props are plain data."""
    plain = isinstance(message, str) and all(
        isinstance(v, (str, int, float, bool, dict, type(None))) and not isinstance(v, rx.Var) for v in props.values()
    )
    if not plain:
        return _ORIGINAL_SEND_TOAST(message, level=level, fallback_to_alert=fallback_to_alert, **props)
    options = ToastProps(component_name="rx.toast", **props).dict()  # pyright: ignore[reportCallIssue]
    return browser.call("toast", level or "", message, json.loads(json.dumps(options, default=str)) or None)


_ORIGINAL_SEND_TOAST = Toaster.send_toast


class BrowserCallsPlugin(rx.plugins.Plugin):
    """Builds the frontend without `eval` and sends handler toasts as data."""

    def __init__(self) -> None:
        """Route `rx.toast` through browser calls in this process (compile and backend alike)."""
        Toaster.send_toast = staticmethod(_toast_as_browser_call)  # pyright: ignore[reportAttributeAccessIssue]
        ToastNamespace.__call__ = staticmethod(_toast_as_browser_call)  # pyright: ignore[reportAttributeAccessIssue]

    def pre_compile(self, **context: Any) -> None:
        """Patch the compiled state.js."""
        context["add_modify_task"](STATE_JS, without_eval)
