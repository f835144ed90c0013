"""/api/v1/me: the signed-in user's account and practice profile (the settings page's profile, over HTTP)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.config import JsonDict

from interview_app import routes
from interview_app.api.contract import ApiProblem, responses
from interview_app.api.v1.deps import ClientInfo, CurrentUser, Db
from interview_app.models import ApiTokenFamily, Profile, User
from interview_app.services.accounts import accounts, profiles, two_factor

router = APIRouter(prefix=f"{routes.API_PREFIX}/me", tags=["account"])

Level = Literal["intern", "junior", "mid", "senior", "staff", "manager"]
Difficulty = Literal["easy", "medium", "hard"]
TEXT = r"^[^\x00]*$"  # no NUL characters (PostgreSQL cannot store them)
Item = Annotated[str, StringConstraints(max_length=profiles.MAX_ITEM_LENGTH, pattern=TEXT)]


def _iso_day(value: object) -> object:
    """Only a YYYY-MM-DD string is a day (not the numbers or datetimes pydantic would also take)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
HHMM = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["08:00"])


class ProfileOut(BaseModel):
    """What the candidate aims for and how they like to practise."""

    target_role: str = Field(description="A job role's slug (see the web app's list) or free text; '' when unset.")
    level: str
    skills: list[str]
    target_companies: list[str]
    interview_date: date | None
    timezone: str
    difficulty: str
    timer_enabled: bool
    answer_seconds: int
    trainer_time: str
    remind_in_app: bool
    remind_email: bool
    remind_push: bool
    quiz_length: int
    daily_goal: int
    quiz_timer: bool
    quiz_seconds: int
    quiet_start: str
    quiet_end: str
    share_progress: bool
    language: str
    recording_retention_days: int | None = Field(description="Days recordings are kept; null keeps them.")


class Me(BaseModel):
    """The signed-in user."""

    id: int
    email: str
    name: str
    role: Literal["candidate", "admin"]
    email_verified: bool
    onboarded: bool
    created_at: datetime
    profile: ProfileOut

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 42,
                "email": "ada@example.com",
                "name": "Ada Lovelace",
                "role": "candidate",
                "email_verified": True,
                "onboarded": True,
                "created_at": "2026-11-02T09:30:00Z",
                "profile": {
                    "target_role": "backend-engineer",
                    "level": "senior",
                    "skills": ["Python", "PostgreSQL"],
                    "target_companies": ["Stripe"],
                    "interview_date": "2027-01-15",
                    "timezone": "Europe/London",
                    "difficulty": "medium",
                    "timer_enabled": True,
                    "answer_seconds": 120,
                    "trainer_time": "08:00",
                    "remind_in_app": True,
                    "remind_email": False,
                    "remind_push": False,
                    "quiz_length": 5,
                    "daily_goal": 10,
                    "quiz_timer": False,
                    "quiz_seconds": 45,
                    "quiet_start": "22:00",
                    "quiet_end": "07:00",
                    "share_progress": False,
                    "language": "en",
                    "recording_retention_days": 30,
                },
            }
        }
    )


class ProfilePatch(BaseModel):
    """The profile fields to change; the ones left out keep their value. Checked as the settings page checks them."""

    # strict: 0 is not false and "10" is not 10, as the schema says; a day is still written YYYY-MM-DD.
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"example": {"level": "senior", "skills": ["Python", "Kafka"], "daily_goal": 10}},
    )

    target_role: str | None = Field(default=None, max_length=120, pattern=TEXT, description="A role's slug, or text.")
    level: Level | None = None
    skills: list[Item] | None = Field(default=None, max_length=profiles.MAX_LIST_ITEMS)
    target_companies: list[Item] | None = Field(default=None, max_length=profiles.MAX_LIST_ITEMS)
    interview_date: Day | None = Field(default=None, strict=False, description="YYYY-MM-DD; null clears it.")
    timezone: str | None = Field(default=None, max_length=64, pattern=TEXT, examples=["Europe/London"])
    difficulty: Difficulty | None = None
    timer_enabled: bool | None = None
    answer_seconds: int | None = Field(default=None, ge=30, le=600)
    trainer_time: str | None = HHMM
    remind_in_app: bool | None = None
    remind_email: bool | None = None
    remind_push: bool | None = None
    quiz_length: int | None = Field(default=None, description=f"One of {list(profiles.QUIZ_LENGTHS)}.")
    daily_goal: int | None = Field(default=None, description=f"One of {list(profiles.DAILY_GOALS)}.")
    quiz_timer: bool | None = None
    quiz_seconds: int | None = Field(default=None, ge=profiles.QUIZ_SECONDS_RANGE[0], le=profiles.QUIZ_SECONDS_RANGE[1])
    quiet_hours: bool | None = Field(default=None, description="false turns quiet hours off.")
    quiet_start: str | None = HHMM
    quiet_end: str | None = HHMM
    share_progress: bool | None = None
    language: Literal["en"] | None = None
    recording_retention: Literal["7", "30", "90", "forever"] | None = None


def me_of(user: User, profile: Profile) -> Me:
    """The answer of GET /me."""
    assert user.id is not None
    return Me(
        id=user.id,
        email=user.email,
        name=user.name,
        role="admin" if user.role == "admin" else "candidate",
        email_verified=user.email_verified_at is not None,
        onboarded=user.onboarded_at is not None,
        created_at=user.created_at,
        profile=ProfileOut(
            target_role=profile.target_role_slug or profile.target_role_text,
            **profile.model_dump(
                exclude={"user_id", "target_role_slug", "target_role_text", "updated_at"},
            ),
        ),
    )


@router.get("", response_model=Me, responses=responses(401))
def get_me(user: CurrentUser, session: Db) -> Me:
    """The signed-in user's account and practice profile."""
    assert user.id is not None
    return me_of(user, profiles.get_profile(session, user.id))


@router.patch("", response_model=Me, responses=responses(401, 422))
def patch_me(body: ProfilePatch, user: CurrentUser, session: Db) -> Me:
    """Change the practice profile: only the fields sent; 422 names every invalid field, and nothing is saved."""
    assert user.id is not None
    sent = body.model_dump(exclude_unset=True)
    if any(value is None for key, value in sent.items() if key != "interview_date"):
        empty = sorted(key for key, value in sent.items() if value is None and key != "interview_date")
        raise ApiProblem(422, "request_invalid", details={"fields": [f"body.{key}" for key in empty]})
    form: dict[str, object] = {key: value for key, value in sent.items() if not key.startswith("quiet_")}
    if "interview_date" in sent:
        form["interview_date"] = sent["interview_date"].isoformat() if sent["interview_date"] else ""
    if {"quiet_hours", "quiet_start", "quiet_end"} & sent.keys():
        current = profiles.get_profile(session, user.id)
        form["quiet_enabled"] = sent.get("quiet_hours", True)
        form["quiet_start"] = sent.get("quiet_start") or current.quiet_start
        form["quiet_end"] = sent.get("quiet_end") or current.quiet_end
    try:
        profile = profiles.update_profile(session, user, form)
    except profiles.ProfileError as exc:
        fields = {f"body.{key}": message for key, message in exc.errors.items()}
        raise ApiProblem(422, "profile_invalid", details={"fields": list(fields), "messages": fields}) from None
    return me_of(user, profile)


# ---------------------------------------------------------------- signed-in API clients


_SIGN_IN_EXAMPLE: JsonDict = {
    "id": "3f9c1a7e5b2d4c6f8a0b1c2d3e4f5a6b",
    "device": "Interview Coach iOS 1.4 (iPhone)",
    "ip": "203.0.113.7",
    "via": "password",
    "created_at": "2026-12-01T08:00:00Z",
    "last_used_at": "2026-12-07T09:45:00Z",
    "expires_at": "2027-03-01T08:00:00Z",
    "current": True,
}


class SignIn(BaseModel):
    """A signed-in API client (an app or an integration): one sign-in and the refresh tokens it has used since."""

    id: str = Field(description="Send it to `DELETE /me/sign-ins/{id}` to sign this client out.")
    device: str = Field(description="What the client said it is (its user agent, shortened).")
    ip: str = Field(description="The address it signed in from.")
    via: str = Field(description="How it signed in: `password`, `known_device`, `code`, or the two-factor method.")
    created_at: datetime
    last_used_at: datetime = Field(description="When it last traded a refresh token.")
    expires_at: datetime = Field(description="When the sign-in ends at the latest, used or not.")
    current: bool = Field(description="The sign-in of the access token this request carries.")

    model_config = ConfigDict(json_schema_extra={"example": _SIGN_IN_EXAMPLE})


SignInId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


def _sign_in_of(family: ApiTokenFamily, current: str | None) -> SignIn:
    return SignIn(
        id=family.id,
        device=two_factor.device_label(family.user_agent),
        ip=family.ip,
        via=family.via,
        created_at=family.created_at,
        last_used_at=family.last_used_at,
        expires_at=family.expires_at,
        current=family.id == current,
    )


@router.get(
    "/sign-ins",
    response_model=list[SignIn],
    responses={**responses(401), 200: {"content": {"application/json": {"example": [_SIGN_IN_EXAMPLE]}}}},
)
def list_sign_ins(request: Request, user: CurrentUser, session: Db) -> list[SignIn]:
    """The account's signed-in API clients, newest first (the web app's browser sessions are not listed)."""
    current = getattr(request.state, "token_family", None)
    return [_sign_in_of(family, current) for family in accounts.api_sign_ins(session, user)]


@router.delete(
    "/sign-ins/{sign_in_id}",
    status_code=204,
    response_class=Response,
    responses=responses(401, 404, 422, s404="No sign-in of this account with that id is still live."),
)
def revoke_sign_in(sign_in_id: SignInId, user: CurrentUser, session: Db, client: ClientInfo) -> Response:
    """Sign one API client out: its refresh token and its access tokens stop working at once (this one's too)."""
    if not accounts.revoke_api_sign_in(session, user, sign_in_id, client):
        raise ApiProblem(404, "not_found")
    return Response(status_code=204)
