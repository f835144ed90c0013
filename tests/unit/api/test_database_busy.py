"""SQLite still busy after its timeout: the API answers 503 `busy` with Retry-After, not 500 (api/contract.py)."""

from __future__ import annotations

import sqlite3

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from interview_app.api import contract


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/api/v1/busy")
    def busy() -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    @app.get("/api/v1/broken")
    def broken() -> None:
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: answers"))

    contract.install(app)
    return app


def test_a_busy_database_is_503_with_retry_after_and_the_error_shape():
    with TestClient(_app(), raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/busy")
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "busy" and "nothing was changed" in error["message"]
    assert error["details"] == {"retry_after": contract.BUSY_RETRY_AFTER}
    assert answer.headers["retry-after"] == str(contract.BUSY_RETRY_AFTER)
    assert answer.headers["x-request-id"] == error["request_id"]


def test_any_other_database_error_is_still_an_internal_error():
    with TestClient(_app(), raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/broken")
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "internal_error"
