"""The compiled `state.js` sends the tab's client token in the CONNECT packet, not in the websocket URL."""

from __future__ import annotations

from pathlib import Path

import pytest
import reflex_base

from interview_app.tab_token_plugin import MARKER, token_out_of_url

TEMPLATE = Path(reflex_base.__file__).parent / ".templates" / "web" / "utils" / "state.js"


def test_the_token_leaves_the_url_and_rides_in_the_connect_packet():
    source = TEMPLATE.read_text()
    assert "query: { token }" in source  # what Reflex does
    rewritten = token_out_of_url(source)
    assert "query: { token }" not in rewritten and "opts.query = { token" not in rewritten
    assert "io.opts.query.token" not in rewritten  # the warm transport check would throw without a query
    assert "return { event: boot_event, state_schema: app.stateSchema, token: getToken() };" in rewritten
    assert token_out_of_url(rewritten) == rewritten and rewritten.count(MARKER) == 1


def test_a_changed_template_stops_the_build_instead_of_half_rewriting_it():
    source = TEMPLATE.read_text().replace("    query: { token },\n", "    query: { token, other: 1 },\n")
    with pytest.raises(RuntimeError, match="update tab_token_plugin"):
        token_out_of_url(source)
