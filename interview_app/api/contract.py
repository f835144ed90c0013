"""What every API route shares: the error shape, bounded ids, bearer auth and the answers to bad requests.

Every refusal is JSON `{"error": code, "message": sentence}` (a route may add fields, e.g. `received`), and
every status a route can answer is listed in the OpenAPI document (`responses(...)`), so a client, or
schemathesis, knows all of them. Requests the routes never see get the same shape: a malformed parameter or
body (422 `request_invalid`), an unknown path under /api (404 `not_found`) and a method the path does not
take (405 `method_not_allowed`, with an `Allow` header listing the methods it does take).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from interview_app import routes
from interview_app.strings import t

# Database ids are signed 64-bit integers: a larger one in a path would overflow the query (HTTP 500).
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A database id (1 to 2^63-1).")]
# A signed link's user id and expiry (Unix seconds), bounded the same way.
LinkUser = Annotated[int, Query(ge=0, le=MAX_ID)]
LinkExpiry = Annotated[int, Query(ge=0, le=MAX_ID)]
LinkSignature = Annotated[str, Query(max_length=64)]

# The session token issued at sign-in, sent as `Authorization: Bearer <token>` (declared for the OpenAPI).
bearer = HTTPBearer(auto_error=False, description="The session token issued at sign-in.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


class ApiError(BaseModel):
    """Why a request was refused: a stable code for programs and a sentence for people."""

    error: str
    message: str


class RecordingError(ApiError):
    """A refused recording request; `received` (pieces held) only for the caller's own recording."""

    received: int | None = None


class RateLimitedError(ApiError):
    """Too many requests; `retry_after` says in how many seconds to try again."""

    retry_after: int | None = None


_DESCRIPTIONS = {
    400: "The request cannot be used (e.g. an invalid or tampered link).",
    401: "No valid session token (sign in again).",
    403: "The signed link is invalid or expired.",
    404: (
        "Not found, or not the caller's. A path with a raw line break never reaches the API: the web framework "
        "in front of it answers with a plain-text 404."
    ),
    409: "The request conflicts with the current state (see `error`).",
    413: "The body is larger than the limit.",
    415: "The body is not audio or video.",
    422: "A parameter or the body is malformed (`request_invalid`) or refused on its content (see `error`).",
    429: "Too many requests; try again later.",
}


def responses(*codes: int, model: type[ApiError] = ApiError) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses=` entry for each refusal status a route can answer."""
    documented: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        documented[code] = {"model": RateLimitedError if code == 429 else model, "description": _DESCRIPTIONS[code]}
        if code == 404:
            documented[code]["content"] = {"text/plain": {"schema": {"type": "string"}}}
    return documented


def session_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token of a request ('' when there is none)."""
    return credentials.credentials.strip() if credentials is not None else ""


def api_error(code: str, message: str, status: int, **extra: object) -> JSONResponse:
    """The JSON refusal every route answers with."""
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


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
    return api_error("request_invalid", t("api.error.request_invalid"), 422 if status == 400 else status)


def install(api: FastAPI) -> None:
    """Give `api` the shared refusals and a catch-all for /api paths no route takes (call after the routers).

    The Reflex app is mounted behind `api` at "" and takes every path, so without the catch-all a wrong method
    on an API path would reach the frontend instead of getting 405.
    """
    api.add_exception_handler(RequestValidationError, _invalid_request)
    api.add_exception_handler(StarletteHTTPException, _http_error)

    @api.api_route(f"{routes.API_PREFIX}/{{rest:path}}", methods=list(_METHODS), include_in_schema=False)
    def unrouted(request: Request) -> Response:
        """Unknown API paths and methods (this route must stay the last one of `api`)."""
        return _answer_unrouted(request)
