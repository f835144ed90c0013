"""A small OpenAI-compatible chat completions server on loopback, for tests of the real `openai` client.

POST /v1/chat/completions answers from a scripted queue of behaviours (one per request): a valid
JSON reply, malformed text, a reply failing the schema, HTTP errors, a slow reply, a 400 that rejects
`response_format`. Every request body is recorded in `FakeOpenAI.requests`. An empty queue answers 500
with "no scripted reply", so a test notices unexpected extra calls.

    server = start()
    server.script(ok(valid_payload()), status(500))
    ...
    server.stop()
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.live_server import free_port


@dataclass
class Reply:
    """One scripted answer: HTTP status, the assistant message text (or a raw body), and a delay."""

    status: int = 200
    content: str | None = None
    body: dict[str, Any] | None = None
    delay: float = 0.0


Behaviour = Reply | Callable[[dict[str, Any]], Reply]


@dataclass
class FakeOpenAI:
    """The running server, its queue of behaviours and the requests it received."""

    url: str
    queue: deque[Behaviour] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, *behaviours: Behaviour) -> None:
        """Append behaviours; each request takes the next one."""
        with self.lock:
            self.queue.extend(behaviours)

    def reset(self) -> None:
        """Forget the queue and the recorded requests."""
        with self.lock:
            self.queue.clear()
            self.requests.clear()
            self.headers.clear()

    def next_reply(self, request: dict[str, Any], headers: dict[str, str]) -> Reply:
        """Record a request and take the next behaviour for it."""
        with self.lock:
            self.requests.append(request)
            self.headers.append(headers)
            behaviour = self.queue.popleft() if self.queue else status(500, "no scripted reply")
        return behaviour(request) if callable(behaviour) else behaviour

    def stop(self) -> None:
        """Shut the server down."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def completion(content: str | None, model: str = "fake-model") -> dict[str, Any]:
    """A chat.completion body whose single choice says `content`."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def error_body(message: str, *, param: str | None = None, kind: str = "invalid_request_error") -> dict[str, Any]:
    """An OpenAI-style error body."""
    return {"error": {"message": message, "type": kind, "param": param, "code": None}}


# Behaviours ---------------------------------------------------------------------------------------------------


def ok(payload: dict[str, Any], *, delay: float = 0.0) -> Reply:
    """A reply whose message is `payload` as JSON."""
    return Reply(content=json.dumps(payload), delay=delay)


def text(content: str) -> Reply:
    """A reply whose message is `content` verbatim (malformed JSON, a follow-up question, ...)."""
    return Reply(content=content)


def status(code: int, message: str = "server error") -> Reply:
    """An HTTP error with an OpenAI-style body."""
    return Reply(status=code, body=error_body(message, kind="server_error" if code >= 500 else "invalid_request_error"))


def slow(seconds: float, payload: dict[str, Any] | None = None) -> Reply:
    """A reply that only comes after `seconds` (longer than the client timeout in the tests)."""
    return Reply(content=json.dumps(payload or {}), delay=seconds)


def reject_response_format() -> Reply:
    """What older Ollama says to `response_format: json_schema`."""
    return Reply(
        status=400,
        body=error_body("invalid response_format: type 'json_schema' is not supported", param="response_format"),
    )


def json_schema_unsupported(payload: dict[str, Any]) -> Callable[[dict[str, Any]], Reply]:
    """Like an old endpoint: 400 when the request asks for json_schema, else `payload` as JSON."""

    def behave(request: dict[str, Any]) -> Reply:
        if (request.get("response_format") or {}).get("type") == "json_schema":
            return reject_response_format()
        return ok(payload)

    return behave


# Server -------------------------------------------------------------------------------------------------------


def start() -> FakeOpenAI:
    """Start the server in a background thread; its base URL (ending in /v1) is `FakeOpenAI.url`."""
    port = free_port()
    fake = FakeOpenAI(url=f"http://127.0.0.1:{port}/v1")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, code: int, body: object) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                self.close_connection = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, error_body(f"no route {self.path}"))
                return
            try:
                request = json.loads(raw)
            except ValueError:
                self._send(400, error_body("request body is not JSON"))
                return
            reply = fake.next_reply(request, {k.lower(): v for k, v in self.headers.items()})
            if reply.delay:
                time.sleep(reply.delay)
            if reply.body is not None:
                self._send(reply.status, reply.body)
            else:
                self._send(reply.status, completion(reply.content, request.get("model", "fake-model")))

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    fake.server = server
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return fake
