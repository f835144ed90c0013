"""The HTTP API, mounted into the Reflex app under /api (served on the app's port in prod).

Version 1 lives under /api/v1: the routers of `interview_app.api.v1` (token sign-in, the account, the
resources) and the pages' own endpoints here (recordings, push, reminders, exports, OAuth). The OpenAPI
document is /api/v1/openapi.json and its reference page /api/v1/docs (the old /api/openapi.json and
/api/docs redirect there).
"""

import logging
import time

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from interview_app import db, routes
from interview_app.api import billing, contract, docs_page, exports, media, metrics, oauth, reminders, v1
from interview_app.services.accounts import passwords
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

OPENAPI_URL = f"{routes.API_PREFIX}/openapi.json"
DOCS_URL = f"{routes.API_PREFIX}/docs"

api = FastAPI(
    title="Interview Coach API",
    version="1.0.0",
    summary="Practise interviews, the daily trainer and your progress, from an app or an integration.",
    description=docs_page.DESCRIPTION,
    docs_url=None,
    redoc_url=None,
    openapi_url=OPENAPI_URL,
)
for router in v1.ROUTERS:
    api.include_router(router)
api.include_router(oauth.router)
api.include_router(media.router)
api.include_router(reminders.router)
api.include_router(exports.router)
api.include_router(metrics.router)
api.include_router(billing.router)  # /api/billing/webhooks/<provider>, outside /api/v1
docs_page.install(api, DOCS_URL, OPENAPI_URL)


@api.get(f"{routes.API_ROOT}/openapi.json", include_in_schema=False)
def old_openapi() -> RedirectResponse:
    """The OpenAPI document's address before /api/v1 had its own."""
    return RedirectResponse(OPENAPI_URL, status_code=308)


@api.get(f"{routes.API_ROOT}/docs", include_in_schema=False)
def old_docs() -> RedirectResponse:
    """The reference page's address before /api/v1 had its own."""
    return RedirectResponse(DOCS_URL, status_code=308)


contract.install(api)  # last: its catch-all answers the /api paths and methods no router takes


def widen_worker_threads() -> None:
    """Give the API's routes API_WORKER_THREADS threads (a lifespan task: it sets the running loop's pool).

    FastAPI runs each plain route, and afterwards its response's validation, on a thread of one pool (AnyIO's,
    40 threads by default). At 50 clients every thread could hold a request waiting for SQLite's write lock
    while the request holding that lock waited for a thread to finish on: nothing moved until the waits ran
    out ("database is locked", HTTP 500). With more threads than requests at once that cannot happen; a
    waiting thread only sleeps.
    """
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = max(int(limiter.total_tokens), get_settings().api_worker_threads)


def warm_up() -> None:
    """What a process's first sign-in would otherwise pay, done before it takes requests (a lifespan function).

    Its first database connection and its first password hash (argon2id's memory, the hash an unknown address is
    checked against): one argon2id hash, a few tens of milliseconds of one core, once per web process.
    """
    started = time.perf_counter()
    db.warm_up()
    passwords.warm_up()
    log.info("warmed up for the first requests in %.0f ms", (time.perf_counter() - started) * 1000)
