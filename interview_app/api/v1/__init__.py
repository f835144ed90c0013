"""Version 1 of the public HTTP API, under /api/v1: token sign-in, the caller's account, and the resources.

Every router listed in `ROUTERS` is included by `interview_app.api` (before the catch-all of
`contract.install`). To add an endpoint, see docs/api.md, "Adding an endpoint": a module here with
`router = APIRouter(prefix=f"{routes.API_PREFIX}/<resource>", tags=["<resource>"])`, routes depending on
`deps.CurrentUser` / `deps.CurrentAdmin` and `deps.Db`, refusals through `contract.ApiProblem`, every status
listed with `contract.responses(...)`, and the router appended to `ROUTERS`.
"""

from __future__ import annotations

from fastapi import APIRouter

from interview_app.api.v1 import (
    account,
    admin,
    auth,
    exports,
    interviews,
    me,
    notifications,
    progress,
    questions,
    trainer,
)

ROUTERS: list[APIRouter] = [auth.router, me.router, questions.router, interviews.router]
ROUTERS += [trainer.router, progress.router, notifications.router, exports.router, account.router, admin.router]
