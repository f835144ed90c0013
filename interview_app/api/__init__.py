"""The HTTP API, mounted into the Reflex app under /api/v1 (served on the app's port in prod)."""

from fastapi import FastAPI

from interview_app.api import contract, exports, media, metrics, oauth, reminders

api = FastAPI(
    title="Interview Coach API",
    docs_url="/api/docs",
    redoc_url=None,
    openapi_url="/api/openapi.json",
)
api.include_router(oauth.router)
api.include_router(media.router)
api.include_router(reminders.router)
api.include_router(exports.router)
api.include_router(metrics.router)
contract.install(api)  # last: its catch-all answers the /api/v1 paths and methods no router takes
