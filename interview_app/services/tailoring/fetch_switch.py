"""Whether the server fetches job adverts by address: the admin switch under the operator's JOB_URL_FETCH.

- `JOB_URL_FETCH=off` (or false): never. The operator's ceiling; the admin switch cannot turn it on and says why.
- `JOB_URL_FETCH=admin` (the default): admins decide on Admin -> Settings; off until one turns it on.
- `JOB_URL_FETCH=on` (or true): admins decide the same way, but it is on until one turns it off.

The admin's choice is a platform setting (`services/shared/platform_settings.py`): read from the database on
each check, so every worker follows a change at once, and each change is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from interview_app.services.shared import platform_settings
from interview_app.settings import get_settings

SETTING = "tailoring.job_url_fetch"


class SwitchLocked(ValueError):
    """The operator turned fetching off (JOB_URL_FETCH=off), so the admin switch cannot turn it on."""


@dataclass(frozen=True)
class FetchSwitch:
    """What the admin page shows and what the candidate's page and the service obey."""

    enabled: bool  # candidates may fetch adverts by address now
    locked: bool  # JOB_URL_FETCH=off: off whatever the switch says
    admin_choice: bool  # the switch's position (its default until an admin sets it)
    updated_at: datetime | None  # when an admin last set it (None: never)
    updated_by: str  # that admin's e-mail ("" when never set or the account is gone)


def _default() -> bool:
    return get_settings().job_url_fetch == "on"


def current(session: Session) -> FetchSwitch:
    """The switch as it stands: the operator's setting, then the admin's choice."""
    stored = platform_settings.read(session, SETTING, _default())
    choice = stored.value is True
    locked = get_settings().job_url_fetch == "off"
    return FetchSwitch(not locked and choice, locked, choice, stored.updated_at, stored.updated_by)


def enabled(session: Session) -> bool:
    """True when candidates may fetch job adverts by address now."""
    return current(session).enabled


def set_enabled(session: Session, on: bool, *, admin_id: int, ip: str = "") -> FetchSwitch:
    """An admin turns fetching on or off (logged as `platform_setting.changed`; the caller commits).

    Turning it off is always allowed; turning it on is refused while the operator has it off.

    Raises:
        SwitchLocked: `on` while JOB_URL_FETCH=off.

    """
    if on and get_settings().job_url_fetch == "off":
        raise SwitchLocked(SETTING)
    platform_settings.write(session, SETTING, bool(on), actor_user_id=admin_id, ip=ip, default=_default())
    session.flush()
    return current(session)
