"""What the page's address names: the parts a dynamic route takes from it (`[interview_id]` of `/interview/12`).

Reflex 0.10 gives a handler the address (`router.url`) and the route it matched (`router.route_id`, e.g.
`/interview/[interview_id]`); `router.page.params`, which held both the route's parts and the query, is
deprecated. A part is read by laying the route over the address, segment by segment from the end (so a
`frontend_path` prefix in front of the address changes nothing).
"""

from __future__ import annotations

from urllib.parse import unquote

from reflex.istate.data import RouterData

MAX_ID_DIGITS = 18  # a database row id fits in a signed 64-bit integer


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def route_arg(router: RouterData, name: str) -> str:
    """The part of the address the route names `[name]`; "" when the route has no such part."""
    pattern, address = _segments(router.route_id), _segments(router.url.path)
    if len(address) < len(pattern):
        return ""
    for part, value in zip(reversed(pattern), reversed(address), strict=False):
        if part == f"[{name}]":
            return unquote(value)
    return ""


def route_id(router: RouterData, name: str) -> int:
    """The row id the route names `[name]` in the address; 0 when it is missing, not a whole number or too long."""
    raw = route_arg(router, name)
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS else 0
