"""JavaScript snippets for `rx.call_script` that talk to the app's own browser scripts (assets/*.js)."""

from __future__ import annotations


def when_loaded(global_name: str, call: str, fallback: str = "undefined", wait_ms: int = 10_000) -> str:
    """Run `call` once `window.<global_name>` exists (its script tag may still be loading); else `fallback`.

    The snippet is a promise, so `call_script(..., callback=...)` receives what `call` resolves to.
    """
    tries = max(1, wait_ms // 100)
    return (
        "new Promise((done) => { let tries = 0; const go = () => { "
        f"if (window.{global_name}) Promise.resolve().then(() => {call}).then(done, () => done({fallback})); "
        f"else if (tries++ < {tries}) setTimeout(go, 100); else done({fallback}); }}; go(); }})"
    )
