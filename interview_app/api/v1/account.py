"""/api/v1/account: deleting the account and everything in it (`privacy.delete_account`, as the data page).

The caller confirms with the password (or, for an account without one, its e-mail address typed out); then
every row of the user goes, recordings and exports are removed from disk, and every token and web session
ends with them. The last active admin cannot delete their account.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from interview_app import routes
from interview_app.api.contract import ApiProblem, responses
from interview_app.api.language import error_text, t
from interview_app.api.v1.deps import ClientInfo, CurrentUser, Db
from interview_app.services.accounts import accounts
from interview_app.services.privacy import privacy

router = APIRouter(prefix=f"{routes.API_PREFIX}/account", tags=["account"])


class DeletionRequest(BaseModel):
    """Who you are, once more."""

    password: str = Field(default="", max_length=1024, description="The account's password (if it has one).")
    email: str = Field(default="", max_length=320, description="For accounts without a password: their e-mail.")

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"example": {"password": "my long passphrase 42"}}
    )


class DeletionOut(BaseModel):
    """What was deleted."""

    deleted: bool
    rows: int = Field(description="Rows removed in all.")
    files: int = Field(description="Files removed from disk (recordings, exports).")

    model_config = ConfigDict(json_schema_extra={"example": {"deleted": True, "rows": 412, "files": 9}})


@router.post(
    "/delete",
    response_model=DeletionOut,
    responses=responses(
        401,
        403,
        409,
        422,
        429,
        s403="The password (`current_password_wrong`) or e-mail (`email_mismatch`) is not the account's.",
        s409=(
            "The last active admin cannot delete their account (`last_admin`), or a paid subscription could not be "
            "ended at the payment provider (`subscription`; nothing was deleted, try again later)."
        ),
        s422="Malformed, or the password is missing (`password_required`).",
        s429="Too many wrong passwords; try again after `Retry-After` seconds.",
    ),
)
def delete_account(body: DeletionRequest, user: CurrentUser, session: Db, client: ClientInfo) -> DeletionOut:
    """Delete the account and everything in it, for good; every token and session ends."""
    try:
        report = privacy.delete_account(session, user, password=body.password, email=body.email, client=client)
    except accounts.AccountError as exc:
        status = 422 if exc.code == "password_required" else 403
        raise ApiProblem(status, exc.code, error_text(exc.code), details={"fields": ["body.password"]}) from None
    except privacy.PrivacyError as exc:
        code = exc.code.removeprefix("delete.error.")
        raise ApiProblem(409 if code in ("last_admin", "subscription") else 403, code, t(exc.code)) from None
    return DeletionOut(deleted=True, rows=report.total, files=report.files)
