"""The API's reference page (/api/v1/docs), rendered on the server from the OpenAPI document.

No script and nothing from another site: the app runs without internet, and the page shows every operation
with its parameters, request body, statuses and examples, grouped by tag, readable on a phone as well.
"""

from __future__ import annotations

import html
import json
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

DESCRIPTION = """\
The same account and rules as the web app, for a mobile app or an integration.

**Sign in** with `POST /api/v1/auth/sign-in` (e-mail and password): the answer holds a short-lived
`access_token` (a JWT, sent as `Authorization: Bearer <token>`) and a `refresh_token`. When the access token
expires (401 `token_expired`), trade the refresh token for a new pair at `POST /api/v1/auth/refresh`; each
refresh token works once, and one used twice ends the sign-in. With two-factor sign-in the first answer is a
202 challenge that `POST /api/v1/auth/2fa` completes with a code.

**Errors** are always `{"error": {"code", "message", "request_id", "details"}}`; the request id is also in the
`X-Request-ID` header (send your own to follow a request through the logs). 429 answers carry `Retry-After`.
"""

_METHOD_ORDER = ("get", "post", "put", "patch", "delete")

_STYLE = """
:root { color-scheme: light dark; --fg: #0f172a; --muted: #475569; --bg: #f8fafc; --card: #fff;
  --line: #e2e8f0; --accent: #0f766e; --code: #f1f5f9; }
@media (prefers-color-scheme: dark) { :root { --fg: #e2e8f0; --muted: #94a3b8; --bg: #0f172a; --card: #1e293b;
  --line: #334155; --accent: #5eead4; --code: #0b1220; } }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg);
  color: var(--fg); line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; } h2 { margin: 2rem 0 .75rem; font-size: 1.3rem;
  text-transform: capitalize; } h3 { font-size: 1rem; margin: 0; }
p, li { color: var(--muted); } a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
nav ul { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
nav a { display: inline-block; padding: .25rem .6rem; border: 1px solid var(--line); border-radius: 999px;
  text-decoration: none; background: var(--card); }
details { background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin: .5rem 0; }
summary { cursor: pointer; padding: .75rem 1rem; display: flex; gap: .75rem; align-items: baseline;
  flex-wrap: wrap; }
.body { padding: 0 1rem 1rem; }
.method { font: 700 .8rem ui-monospace, monospace; text-transform: uppercase; min-width: 4.2rem; }
.path { font-family: ui-monospace, monospace; word-break: break-all; }
.summary { color: var(--muted); }
code, pre { font-family: ui-monospace, monospace; font-size: .85rem; background: var(--code); border-radius: 6px; }
code { padding: .05rem .3rem; } pre { padding: .75rem; overflow-x: auto; white-space: pre; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { text-align: left;
  padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.lock { font-size: .8rem; color: var(--muted); }
"""


def install(api: FastAPI, docs_url: str, openapi_url: str) -> None:
    """Serve the reference page of `api` at `docs_url` (its document stays at `openapi_url`)."""

    @api.get(docs_url, include_in_schema=False, response_class=HTMLResponse)
    def reference() -> HTMLResponse:
        """The reference page."""
        body = render(api.openapi(), openapi_url)
        headers = {
            "Cache-Control": "no-cache",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
            "Referrer-Policy": "no-referrer",
        }
        return HTMLResponse(body, headers=headers)


def render(document: dict[str, Any], openapi_url: str) -> str:
    """The whole page for an OpenAPI document."""
    info = document.get("info", {})
    groups: dict[str, list[str]] = {}
    for path, operations in document.get("paths", {}).items():
        for method in _METHOD_ORDER:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(_operation(document, method, path, operation))
    nav = "".join(f'<li><a href="#{_anchor(tag)}">{html.escape(tag)}</a></li>' for tag in groups)
    sections = "".join(
        f'<section id="{_anchor(tag)}"><h2>{html.escape(tag)}</h2>{"".join(items)}</section>'
        for tag, items in groups.items()
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(info.get('title', 'API'))} reference</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>{html.escape(info.get('title', 'API'))} <small>v{html.escape(str(info.get('version', '')))}</small></h1>"
        f"{_markdown(info.get('description', ''))}"
        f'<p>Machine-readable: <a href="{html.escape(openapi_url)}">{html.escape(openapi_url)}</a> (OpenAPI 3.1).</p>'
        f'<nav aria-label="Groups"><ul>{nav}</ul></nav>{sections}</main></body></html>'
    )


def _anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower())


def _markdown(text: str) -> str:
    """Paragraphs with `code` and **bold**: what the descriptions use."""
    return "".join(f"<p>{_inline(paragraph)}</p>" for paragraph in text.strip().split("\n\n") if paragraph.strip())


def _inline(text: str) -> str:
    """One line of text, escaped, with `code` and **bold**."""
    parts = html.escape(" ".join(text.split())).split("`")
    for i in range(1, len(parts), 2):
        parts[i] = f"<code>{parts[i]}</code>"
    bold = "".join(parts).split("**")
    for i in range(1, len(bold), 2):
        bold[i] = f"<strong>{bold[i]}</strong>"
    return "".join(bold)


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return document.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    return schema


def _example(document: dict[str, Any], content: dict[str, Any]) -> str:
    """The example of a JSON body (its own, the schema's, or one built from the schema's fields)."""
    media = content.get("application/json")
    if not media:
        kinds = ", ".join(content) or "no body"
        return f"<p>{html.escape(kinds)}</p>"
    if "example" in media:
        value = media["example"]
    else:
        examples = media.get("examples") or {}
        first = next(iter(examples.values()), None)
        value = first.get("value") if isinstance(first, dict) else _sample(document, media.get("schema", {}), 0)
    return f"<pre>{html.escape(json.dumps(value, indent=2, ensure_ascii=False))}</pre>"


def _sample(document: dict[str, Any], schema: dict[str, Any], depth: int) -> object:
    schema = _resolve(document, schema)
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    if depth > 4:
        return None
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return _sample(document, options[0], depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {name: _sample(document, sub, depth + 1) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [_sample(document, schema.get("items", {}), depth + 1)]
    defaults = {"string": "string", "integer": 0, "number": 0.0, "boolean": True}
    return schema.get("default", defaults.get(str(kind)))


def _operation(document: dict[str, Any], method: str, path: str, operation: dict[str, Any]) -> str:
    # The route's docstring: its first line names the operation, the rest explains it.
    first, _, rest = operation.get("description", "").strip().partition("\n")
    summary = first or operation.get("summary", "")
    lock = '<span class="lock">(bearer token)</span>' if operation.get("security") else ""
    parts = [
        f'<details><summary><span class="method">{method}</span><span class="path">{html.escape(path)}</span>'
        f'<span class="summary">{html.escape(summary)}</span>{lock}</summary><div class="body">',
        _markdown(rest),
    ]
    params = operation.get("parameters", [])
    if params:
        rows = "".join(
            f"<tr><td><code>{html.escape(p.get('name', ''))}</code></td><td>{html.escape(p.get('in', ''))}</td>"
            f"<td>{'yes' if p.get('required') else 'no'}</td>"
            f"<td>{_inline(p.get('description', '') or json.dumps(p.get('schema', {})))}</td></tr>"
            for p in params
        )
        parts.append(
            "<h3>Parameters</h3><table><thead><tr><th>name</th><th>in</th><th>required</th><th>about</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
        )
    body = operation.get("requestBody")
    if body:
        parts.append(f"<h3>Request body</h3>{_example(document, body.get('content', {}))}")
    parts.append("<h3>Responses</h3>")
    for status, answer in operation.get("responses", {}).items():
        parts.append(f"<p><strong>{html.escape(status)}</strong> {_inline(answer.get('description', ''))}</p>")
        if status.startswith("2") and answer.get("content"):
            parts.append(_example(document, answer["content"]))
    parts.append("</div></details>")
    return "".join(parts)
