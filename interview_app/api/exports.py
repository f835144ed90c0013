"""Downloading a finished data export.

The page shows a signed link (`privacy.download_url`): the export, its owner and the expiry under an HMAC
with the app's secret key, so the browser simply follows it and nobody can make or stretch one. It stops
working when the export expires (EXPORT_LINK_HOURS), and every download is audited.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from interview_app import clock, db, routes
from interview_app.api.contract import Id, LinkExpiry, LinkSignature, LinkUser, api_error, responses
from interview_app.api.language import t
from interview_app.i18n import keys
from interview_app.services.privacy import privacy

router = APIRouter(prefix=f"{routes.API_PREFIX}/exports", tags=["exports"])

# Private data: never cached, never sniffed as something else, no referrer to wherever the user goes next.
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _refused(code: str, status: int) -> JSONResponse:
    return api_error(code, t(keys.EXPORT_ERRORS[code]), status, headers=_HEADERS)


_ZIP = {"description": "The export's ZIP file.", "content": {"application/zip": {}}}


@router.get("/{export_id}/download", response_class=FileResponse, responses={200: _ZIP, **responses(403, 404, 422)})
def download(export_id: Id, request: Request, u: LinkUser = 0, e: LinkExpiry = 0, s: LinkSignature = "") -> Response:
    """Send the export's ZIP to the holder of a valid, unexpired signed link."""
    with db.session_scope() as session:
        row = privacy.resolve_download(session, export_id, u, e, s)
        if row is None:
            return _refused("link_expired", 403)
        path = privacy.export_storage().local_path(row.file_path)
        if not path.is_file():
            return _refused("not_found", 404)
        privacy.record_download(session, row, request.client.host if request.client else "")
        made = clock.aware(row.finished_at or row.created_at).date().isoformat()
    return FileResponse(
        path, media_type="application/zip", filename=f"interview-coach-data-{made}.zip", headers=_HEADERS
    )
