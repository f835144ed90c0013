"""A Reflex plugin that keeps the tab's client token out of the websocket URL.

Reflex's `state.js` opens the socket at `/_event/?...&token=<tab token>`, so the token lands in proxy and
access logs. This plugin rewrites `state.js` at compile time to send the token in the Socket.IO CONNECT
packet instead (beside the hydrate event that already rides there); `state/connection.py` hands it to Reflex
on the server. The backend still accepts a token in the URL, from a bundle built before this change.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

STATE_JS = "utils/state.js"
MARKER = "/* interview-coach: client token in the CONNECT packet, not the URL */"

# (what Reflex 0.10.1 writes, what it becomes); each must occur exactly once.
_REWRITES = (
    # The socket is created without the token in its query string.
    ("    query: { token },\n", ""),
    # A transport warmed up before the app mounted no longer carries a token to compare.
    ("    (warmSocket.io.opts.query.token !== session_token ||\n      warmSocket", "    (warmSocket"),
    # A reconnect does not put the (possibly new) token into the URL either.
    ("      socket.current.io.opts.query = { token: getToken() }; // Update token for reconnect.\n", ""),
    # Every (re)connect sends the current token with the hydrate, in the CONNECT packet.
    (
        "    return { event: boot_event, state_schema: app.stateSchema };\n",
        f"    {MARKER}\n    return {{ event: boot_event, state_schema: app.stateSchema, token: getToken() }};\n",
    ),
)


def token_out_of_url(source: str) -> str:
    """`state.js` sending the client token in the CONNECT packet instead of the websocket URL.

    Raises:
        RuntimeError: If the Reflex template changed shape (a partial rewrite would break every connection).

    """
    if MARKER in source:
        return source
    for old, _ in _REWRITES:
        if source.count(old) != 1:
            raise RuntimeError(f"state.js changed: {old.strip()!r} not found once; update tab_token_plugin")
    for old, new in _REWRITES:
        source = source.replace(old, new)
    return source


class TabTokenPlugin(rx.plugins.Plugin):
    """Rewrites the compiled `state.js` so the websocket URL carries no client token."""

    def pre_compile(self, **context: Any) -> None:
        """Queue the rewrite of `state.js`."""
        context["add_modify_task"](STATE_JS, token_out_of_url)
