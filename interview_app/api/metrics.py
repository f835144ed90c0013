"""GET /metrics: the Prometheus metrics, for the operator's scraper, behind METRICS_TOKEN.

Without METRICS_TOKEN the route answers 404 (nothing is exposed by default); with it, a scraper sends
`Authorization: Bearer <token>` (Prometheus: `authorization: {credentials: ...}` in the scrape config).
"""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from interview_app import db
from interview_app.jobs import runner
from interview_app.observability import metrics
from interview_app.services.admin import activity
from interview_app.settings import get_settings

router = APIRouter()
log = logging.getLogger(__name__)


def _queue_depth() -> float:
    """The runner's waiting and running jobs, summed over its numbers."""
    try:
        depth = runner.queue_depth()
    except Exception as exc:  # a queue that cannot be read is reported as missing, not as zero
        log.warning("metrics: queue depth unavailable: %s", exc)
        return float("nan")
    return float(sum(v for v in depth.values() if isinstance(v, int | float) and not isinstance(v, bool)))


def _refresh_gauges() -> None:
    """Read the numbers that are measured at scrape time (queue, transcription backlog)."""
    metrics.QUEUE_DEPTH.set(_queue_depth())
    try:
        with db.session_scope() as session:
            backlog = activity.transcription_backlog(session)
        metrics.TRANSCRIPTION_WAITING.set(backlog.answers)
        metrics.TRANSCRIPTION_BACKLOG.set(backlog.seconds)
    except Exception as exc:
        log.warning("metrics: transcription backlog unavailable: %s", exc)
        metrics.TRANSCRIPTION_WAITING.set(float("nan"))
        metrics.TRANSCRIPTION_BACKLOG.set(float("nan"))


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request) -> Response:
    """Every metric in Prometheus' text format, for a caller holding METRICS_TOKEN."""
    token = get_settings().metrics_token
    if not token:
        return PlainTextResponse("Not Found", status_code=404)
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return PlainTextResponse(
            "Unauthorized", status_code=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'}
        )
    await run_in_threadpool(_refresh_gauges)
    body = await run_in_threadpool(metrics.render)
    return Response(body, media_type=metrics.CONTENT_TYPE, headers={"Cache-Control": "no-store"})
