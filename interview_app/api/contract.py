"""What every API route shares: the error shape, request ids, bounded ids, bearer auth, refusals.

Every refusal (4xx and 5xx) is JSON `{"error": {"code", "message", "request_id", "details"}}`: a stable code
for programs, a sentence for people, the id of the request (also in the `X-Request-ID` header and on every
log line of the request) and an object of facts about the refusal (`received`, `retry_after`, `fields`...).
Every status a route can answer is listed in the OpenAPI document (`responses(...)`), so a client, or
schemathesis, knows all of them. Requests the routes never see get the same shape: a malformed parameter or
body (422 `request_invalid`), an unknown path under /api (404 `not_found`), a method the path does not take
(405 `method_not_allowed`, with an `Allow` header listing the methods it does take) and an unexpected
failure (500 `internal_error`). A route refuses by returning `api_error(...)` or raising `ApiProblem`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview_app import db, logs, routes
from interview_app.api.language import RequestLanguage, asks_for, request_language, t
from interview_app.i18n import keys
from interview_app.observability.http import request_id_of, with_request_id
from interview_app.services.shared import rate_limit

log = logging.getLogger(__name__)
# Seconds a client is asked to wait when the database stayed busy (503 `busy`).
BUSY_RETRY_AFTER = 2

# Database ids are signed 64-bit integers: a larger one in a path would overflow the query (HTTP 500).
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A database id (1 to 2^63-1).")]
# A signed link's user id and expiry (Unix seconds), bounded the same way.
LinkUser = Annotated[int, Query(ge=0, le=MAX_ID)]
LinkExpiry = Annotated[int, Query(ge=0, le=MAX_ID)]
LinkSignature = Annotated[str, Query(max_length=64)]

# The caller's token, sent as `Authorization: Bearer <token>` (declared for the OpenAPI): an access token from
# /api/v1/auth/sign-in, or the web app's session token (the recorder and push scripts of the pages send it).
bearer = HTTPBearer(
    auto_error=False,
    description=(
        "An access token (a JWT from `POST /api/v1/auth/sign-in` or `/refresh`), or the session token of the "
        "web app (what the recorder in the page sends)."
    ),
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
REQUEST_ID_HEADER = "X-Request-ID"


class ErrorBody(BaseModel):
    """Why a request was refused."""

    code: str = Field(description="A stable code for programs, e.g. `not_found` or `token_expired`.")
    message: str = Field(description="A sentence for people, in English.")
    request_id: str = Field(description="The request's id: also the `X-Request-ID` header and on its log lines.")
    details: dict[str, Any] = Field(
        default_factory=dict, description="Facts about the refusal (e.g. `fields`, `retry_after`); often empty."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "code": "not_found",
                "message": "There is nothing at this address.",
                "request_id": "8f14e45fceea167a",
                "details": {},
            }
        }
    )


class ApiError(BaseModel):
    """Every 4xx and 5xx answer of the API: `{"error": {"code", "message", "request_id", "details"}}`."""

    error: ErrorBody


class RecordingDetails(BaseModel):
    """What a refused recording request tells: `received` (pieces held) only for the caller's own recording."""

    received: int | None = None


class RecordingErrorBody(ErrorBody):
    """A refused recording request."""

    details: RecordingDetails = Field(default_factory=RecordingDetails)  # type: ignore[assignment]


class RecordingError(ApiError):
    """A refused recording request; `details.received` (pieces held) only for the caller's own recording."""

    error: RecordingErrorBody


class RateLimitedDetails(BaseModel):
    """How long to wait; for a product limit or a plan's quota (`limit.<rule>`) also what is used and left."""

    retry_after: int | None = Field(default=None, description="Seconds until a new try can succeed.")
    rule: str | None = Field(default=None, description="The limit reached, e.g. `interviews_per_month`.")
    limit: int | None = Field(default=None, description="Its number.")
    used: int | None = Field(default=None, description="How much of it is used (minutes for voice minutes).")
    left: int | None = Field(default=None, description="How much is left (0 when refused).")
    window_seconds: int | None = Field(default=None, description="The window; a monthly quota's is 31 days.")
    resets_at: str | None = Field(
        default=None, description="When a new try can succeed (ISO 8601, UTC); a monthly quota resets on the 1st."
    )
    plan: str | None = Field(default=None, description="The plan whose quota this is; null for the install's limits.")


class RateLimitedErrorBody(ErrorBody):
    """Too many requests."""

    details: RateLimitedDetails = Field(default_factory=RateLimitedDetails)  # type: ignore[assignment]


class RateLimitedError(ApiError):
    """Too many requests; `details.retry_after` (and the `Retry-After` header) say in how many seconds to retry."""

    error: RateLimitedErrorBody


_DESCRIPTIONS = {
    400: "The request cannot be used (e.g. an invalid or tampered link).",
    401: "No valid token (sign in again, or refresh the access token when `code` is `token_expired`).",
    403: "Not allowed: the signed link is invalid or expired, or the account may not do this.",
    404: (
        "Not found, or not the caller's. A path with a raw line break never reaches the API: the web framework "
        "in front of it answers with a plain-text 404."
    ),
    409: "The request conflicts with the current state (see `error.code`).",
    413: "The body is larger than the limit.",
    415: "The body is not audio or video.",
    422: "A parameter or the body is malformed (`request_invalid`) or refused on its content (see `error.code`).",
    429: "Too many requests; try again after `Retry-After` seconds.",
}


def responses(*codes: int, model: type[ApiError] = ApiError, **described: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses=` entry for each refusal status a route can answer.

    A route's own wording of a status goes in `described` by `s<status>` (e.g. `s409="Already answered."`).
    """
    documented: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        description = described.get(f"s{code}", _DESCRIPTIONS[code])
        documented[code] = {"model": RateLimitedError if code == 429 else model, "description": description}
        if code == 404:
            documented[code]["content"] = {"text/plain": {"schema": {"type": "string"}}}
        if code == 429:
            documented[code]["headers"] = {
                "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
            }
        if code == 401:
            documented[code]["headers"] = {
                "WWW-Authenticate": {
                    "description": '`Bearer`, with `error="invalid_token"` for a bad token.',
                    "schema": {"type": "string"},
                }
            }
    return documented


def session_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token of a request ('' when there is none)."""
    return credentials.credentials.strip() if credentials is not None else ""


def current_request_id() -> str:
    """The id of the request being served (bound by the request-id middleware), or a new one outside any."""
    return logs.current_ids().get("request_id") or logs.new_id()


def api_error(
    code: str,
    message: str,
    status: int,
    *,
    details: Mapping[str, object] | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: object,
) -> JSONResponse:
    """The JSON refusal every route answers with; `extra` keywords are added to `details`.

    A `retry_after` in the details also sets the `Retry-After` header.
    """
    facts = {**(details or {}), **extra}
    request_id = current_request_id()
    body = {"error": {"code": code, "message": message, "request_id": request_id, "details": facts}}
    sent = {REQUEST_ID_HEADER: request_id, **(headers or {})}
    retry_after = facts.get("retry_after")
    if isinstance(retry_after, int) and not isinstance(retry_after, bool):
        sent.setdefault("Retry-After", str(max(1, retry_after)))
    return JSONResponse(body, status_code=status, headers=sent or None)


class ApiProblem(Exception):
    """Raised in a route (or a dependency) to refuse the request with the error shape.

    `message` defaults to the string `api.error.<code>`; the database session of the request is rolled back.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        *,
        details: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message if message is not None else t(keys.API_ERRORS[code])
        self.details = dict(details or {})
        self.headers = dict(headers or {})


class RequestIds:
    """Gives every request a request id for the error bodies, the logs and the `X-Request-ID` header.

    In the running app the metrics middleware around everything has bound one already and sends the header
    (`observability.http`); this one only acts when no id is bound (the API on its own, as in the tests).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request with a request id bound."""
        if scope["type"] != "http" or logs.current_ids().get("request_id"):
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        scope.setdefault("state", {})["request_id"] = request_id  # for the 500 handler, which runs outside

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_request_id(message.get("headers", []), request_id)
            await send(message)

        with logs.bind(request_id=request_id):
            await self.app(scope, receive, send_with_id)


def _allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI document lists for this request's path (HEAD with GET)."""
    methods: set[str] = set()
    for path, operations in request.app.openapi().get("paths", {}).items():
        if compile_path(path)[0].match(request.url.path):
            methods |= {method.upper() for method in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods, key=_METHODS.index)


def _answer_unrouted(request: Request) -> Response:
    """404 for an unknown path, 405 (204 for OPTIONS) with `Allow` for a known path and another method."""
    allowed = _allowed_methods(request)
    if not allowed:
        return api_error("not_found", t("api.error.not_found"), 404)
    allow = ", ".join([*allowed, "OPTIONS"])
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": allow})
    response = api_error("method_not_allowed", t("api.error.method_not_allowed"), 405)
    response.headers["Allow"] = allow
    return response


async def _invalid_request(request: Request, exc: Exception) -> Response:
    fields = [".".join(str(part) for part in error.get("loc", ())) for error in getattr(exc, "errors", list)()]
    return api_error("request_invalid", t("api.error.request_invalid"), 422, fields=fields[:20])


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    if status in (404, 405):
        return _answer_unrouted(request)
    # What FastAPI raises itself before a route runs is a body it could not parse (400): malformed, like any other.
    if status == 400 or status == 422:
        return api_error("request_invalid", t("api.error.request_invalid"), 422)
    code = "internal_error" if status >= 500 else "request_refused"
    return api_error(code, t(keys.API_ERRORS[code]), status)


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    return api_error(exc.code, exc.message, exc.status, details=exc.details, headers=exc.headers)


async def _rate_limited(request: Request, exc: Exception) -> Response:
    """A `RateLimited` from a service: 429 with `Retry-After`.

    A product limit (`limits.LimitExceeded`) says which one: `code` `limit.<rule>`, its numbers in `details`.
    """
    retry_after = max(1, int(getattr(exc, "retry_after", 0) or 0))
    code, message, details = "rate_limited", t("api.error.rate_limited"), {}
    if isinstance(getattr(exc, "code", None), str) and callable(getattr(exc, "message", None)):
        code, message = str(exc.code), str(exc.message(request_language()))  # type: ignore[attr-defined]
    if callable(getattr(exc, "details", None)):
        details = dict(exc.details())  # type: ignore[attr-defined]
    return api_error(code, message, 429, details={**details, "retry_after": retry_after})


async def _database_error(request: Request, exc: Exception) -> Response:
    """SQLite still busy after SQLITE_BUSY_TIMEOUT_SECONDS (a burst of writers): 503 `busy` with `Retry-After`.

    Nothing was changed (the request's transaction rolled back). Any other database error is unexpected.
    """
    if not (isinstance(exc, OperationalError) and db.is_busy(exc)) or not request.url.path.startswith(
        routes.API_ROOT + "/"
    ):
        return await _unexpected(request, exc)
    log.warning("database busy in %s %s; answered 503", request.method, request.url.path)
    return api_error("busy", t("api.error.busy"), 503, details={"retry_after": BUSY_RETRY_AFTER})


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug or an outage: logged with the request id; the client gets the shape (API paths) and the id."""
    request_id = logs.current_ids().get("request_id") or getattr(request.state, "request_id", "") or logs.new_id()
    with logs.bind(request_id=request_id):
        log.error("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
        if not request.url.path.startswith(routes.API_ROOT + "/"):
            return PlainTextResponse("Internal Server Error", status_code=500, headers={REQUEST_ID_HEADER: request_id})
        # Outside the language middleware (Starlette answers a 500 from its outermost layer): read the header here.
        lang = asks_for(request.headers.get("accept-language")) or request_language()
        return api_error("internal_error", t("api.error.internal_error", lang), 500)


def install(api: FastAPI) -> None:
    """Give `api` the shared refusals and a catch-all for /api paths no route takes (call after the routers).

    The Reflex app is mounted behind `api` at "" and takes every path, so without the catch-all a wrong method
    on an API path would reach the frontend instead of getting 405.
    """
    api.add_exception_handler(RequestValidationError, _invalid_request)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_exception_handler(ApiProblem, _problem)
    api.add_exception_handler(rate_limit.RateLimited, _rate_limited)
    api.add_exception_handler(OperationalError, _database_error)
    api.add_exception_handler(Exception, _unexpected)
    api.add_middleware(RequestLanguage)
    api.add_middleware(RequestIds)

    @api.api_route(f"{routes.API_ROOT}/{{rest:path}}", methods=list(_METHODS), include_in_schema=False)
    def unrouted(request: Request) -> Response:
        """Unknown API paths and methods (this route must stay the last one of `api`)."""
        return _answer_unrouted(request)
