"""Profiles: seeded job roles, validation of the profile form, onboarding."""

from __future__ import annotations

import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from interview_app.i18n import t
from interview_app.i18n.collation import sort_names
from interview_app.models import JobRole, Profile
from interview_app.services.accounts import profiles
from interview_app.services.accounts.profiles import ProfileError

VALID_FORM: dict[str, object] = {
    "target_role": "backend-engineer",
    "level": "senior",
    "skills": "Python, SQL\nDistributed systems",
    "target_companies": ["Acme", "Globex"],
    "interview_date": (date.today() + timedelta(days=10)).isoformat(),
    "timezone": "Europe/Berlin",
    "difficulty": "hard",
    "timer_enabled": "on",
    "answer_seconds": "90",
    "trainer_time": "07:30",
    "remind_in_app": "false",
    "remind_email": "true",
    "remind_push": 1,
    "language": "en",
}


@pytest.fixture
def roles(session):
    count = profiles.seed_job_roles(session)
    session.commit()
    return count


def errors_for(session, user, form, **kwargs) -> dict[str, str]:
    with pytest.raises(ProfileError) as info:
        profiles.update_profile(session, user, form, **kwargs)
    session.rollback()
    return info.value.errors


# --- job roles -----------------------------------------------------------------------------


def test_seed_job_roles_is_idempotent(session):
    first = profiles.seed_job_roles(session)
    session.commit()
    rows = session.exec(select(JobRole)).all()
    assert first >= 14
    assert len(rows) == first
    assert profiles.seed_job_roles(session) == first
    session.commit()
    assert len(session.exec(select(JobRole)).all()) == first


def test_seed_job_roles_matches_the_data_file_and_repairs_edits(session, roles):
    items = json.loads((profiles.DATA_DIR / "job_roles.json").read_text(encoding="utf-8"))
    assert len({item["slug"] for item in items}) == roles
    row = session.exec(select(JobRole).where(JobRole.slug == items[0]["slug"])).one()
    assert row.title == items[0]["title"]
    assert row.suggested_skills == items[0].get("suggested_skills", [])
    row.title = "Edited by hand"
    session.add(row)
    session.commit()
    profiles.seed_job_roles(session)
    session.commit()
    session.refresh(row)
    assert row.title == items[0]["title"]


def test_list_roles_sorted_by_title(session, roles):
    """Every list shows titles only, so they read alphabetically (not grouped by an unseen family)."""
    listed = profiles.list_roles(session)
    assert len(listed) == roles
    titles = [r.title for r in listed]
    assert titles == sorted(titles, key=str.casefold)


def test_role_title_of_a_known_role_else_none(session, roles):
    assert profiles.role_title(session, "backend-engineer") == "Backend Engineer"
    assert profiles.role_title(session, "astronaut") is None
    assert profiles.role_title(session, "") is None


def test_roles_are_named_in_the_reader_language(session, roles):
    """A seeded role's Korean title comes from its translation in the data file; lists sort by what they show."""
    items = json.loads((profiles.DATA_DIR / "job_roles.json").read_text(encoding="utf-8"))
    assert all(item["translations"]["ko"]["title"] for item in items)
    assert profiles.role_title(session, "backend-engineer", "ko") == "백엔드 엔지니어"
    assert profiles.role_title(session, "backend-engineer", "en") == "Backend Engineer"
    listed = [profiles.role_name(r, "ko") for r in profiles.list_roles(session, "ko")]
    assert len(listed) == roles and listed == sort_names(listed, "ko")  # Hangul in 가나다 order, then Latin
    assert all(any("가" <= ch <= "힣" for ch in name) for name in listed)


def test_an_interviews_role_is_shown_in_the_reader_language():
    assert profiles.shown_role_title("backend-engineer", "Backend Engineer", "ko") == "백엔드 엔지니어"
    assert profiles.shown_role_title("backend-engineer", "백엔드 엔지니어", "en") == "Backend Engineer"
    assert profiles.shown_role_title(None, "Puppeteer", "ko") == "Puppeteer"  # typed by the candidate
    assert profiles.shown_role_title("retired-role", "Old title", "ko") == "Old title"


def test_profile_errors_are_written_in_the_page_language(session, make_user):
    user = make_user()
    korean = errors_for(session, user, {"timezone": "Nowhere/Land", "quiz_seconds": 1}, lang="ko")
    english = errors_for(session, user, {"timezone": "Nowhere/Land", "quiz_seconds": 1})
    assert korean["timezone"] == t("profile.error.timezone", "ko") != english["timezone"]
    assert korean["quiz_seconds"] == t("profile.error.quiz_seconds", "ko", low=10, high=300)
    assert any("가" <= ch <= "힣" for ch in korean["quiz_seconds"])


def test_common_timezones_are_all_valid():
    zones = profiles.common_timezones()
    assert "Europe/Berlin" in zones
    assert zones[-1] == "UTC"
    assert not any(z.startswith(("Etc/", "SystemV/")) for z in zones)
    for zone in zones:
        ZoneInfo(zone)


# --- profile -------------------------------------------------------------------------------


def test_get_profile_creates_a_missing_profile_with_defaults(session, make_user):
    user = make_user()
    session.delete(session.get(Profile, user.id))
    session.commit()
    profile = profiles.get_profile(session, user.id)
    session.commit()
    assert (profile.user_id, profile.level, profile.timezone, profile.answer_seconds) == (user.id, "mid", "UTC", 120)
    assert profiles.get_profile(session, user.id) is profile


def test_update_profile_saves_every_field(session, make_user, roles):
    user = make_user()
    profile = profiles.update_profile(session, user, VALID_FORM)
    session.commit()
    session.refresh(profile)
    assert profile.target_role_slug == "backend-engineer"
    assert profile.target_role_text == ""
    assert profile.level == "senior"
    assert profile.skills == ["Python", "SQL", "Distributed systems"]
    assert profile.target_companies == ["Acme", "Globex"]
    assert profile.interview_date == date.today() + timedelta(days=10)
    assert profile.timezone == "Europe/Berlin"
    assert profile.difficulty == "hard"
    assert profile.answer_seconds == 90
    assert profile.trainer_time == "07:30"
    assert (profile.timer_enabled, profile.remind_in_app, profile.remind_email, profile.remind_push) == (
        True,
        False,
        True,
        True,
    )
    assert profile.language == "en"
    assert user.onboarded_at is None  # only finish_onboarding marks that


def test_custom_role_text_clears_the_slug(session, make_user, roles):
    user = make_user()
    profiles.update_profile(session, user, {"target_role": "backend-engineer"})
    profile = profiles.update_profile(session, user, {"target_role": "  Quantum   Plumber "})
    assert (profile.target_role_slug, profile.target_role_text) == (None, "Quantum Plumber")


def test_missing_keys_keep_their_values_and_unknown_keys_are_ignored(session, make_user):
    user = make_user()
    profiles.update_profile(session, user, {"level": "junior", "answer_seconds": 300})
    profile = profiles.update_profile(session, user, {"difficulty": "easy", "role": "admin", "user_id": 999})
    session.commit()
    assert (profile.level, profile.answer_seconds, profile.difficulty, profile.user_id) == (
        "junior",
        300,
        "easy",
        user.id,
    )
    assert user.role == "candidate"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", ""),
        ("timezone", "../../etc/passwd"),
        ("trainer_time", "25:00"),
        ("trainer_time", "24:00"),
        ("trainer_time", "08:60"),
        ("trainer_time", "8:00"),
        ("trainer_time", "0800"),
        ("answer_seconds", 5),
        ("answer_seconds", "29"),
        ("answer_seconds", 601),
        ("answer_seconds", "two minutes"),
        ("answer_seconds", None),
        ("level", "guru"),
        ("level", ""),
        ("difficulty", "extreme"),
        ("language", "tlh"),
        ("interview_date", "2025-13-01"),
        ("interview_date", "next week"),
        ("interview_date", (date.today() - timedelta(days=800)).isoformat()),
        ("skills", ", ".join(f"skill {i}" for i in range(31))),
        ("skills", ["x" * 61]),
        ("target_companies", [f"Company {i}" for i in range(31)]),
        ("target_role", "r" * 121),
    ],
)
def test_update_profile_reports_invalid_fields(session, make_user, field, value):
    user = make_user()
    before = profiles.get_profile(session, user.id).model_dump()
    valid_companion = {"level": "junior"} if field == "difficulty" else {"difficulty": "easy"}
    errors = errors_for(session, user, {field: value, **valid_companion})
    assert list(errors) == [field]
    assert errors[field]
    assert session.get(Profile, user.id).model_dump() == before  # nothing saved, not even the valid field


def test_update_profile_collects_every_error_at_once(session, make_user):
    user = make_user()
    errors = errors_for(
        session, user, {"timezone": "Nowhere/Land", "trainer_time": "25:00", "answer_seconds": 5, "level": "x"}
    )
    assert set(errors) == {"timezone", "trainer_time", "answer_seconds", "level"}
    assert "timezone" in str(ProfileError(errors))


@pytest.mark.parametrize("seconds", [30, "600", " 120 "])
def test_answer_seconds_bounds_are_inclusive(session, make_user, seconds):
    user = make_user()
    profile = profiles.update_profile(session, user, {"answer_seconds": seconds})
    assert profile.answer_seconds == int(str(seconds))


def test_exactly_thirty_skills_are_allowed(session, make_user):
    user = make_user()
    profile = profiles.update_profile(session, user, {"skills": [f"s{i}" for i in range(30)] + ["S1", "s1"]})
    assert len(profile.skills) == 30


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_interview_date_clears_it(session, make_user, value):
    user = make_user()
    profiles.update_profile(session, user, {"interview_date": date.today().isoformat()})
    assert profiles.update_profile(session, user, {"interview_date": value}).interview_date is None


def test_recent_past_interview_date_is_accepted(session, make_user):
    user = make_user()
    recent = date.today() - timedelta(days=30)
    assert profiles.update_profile(session, user, {"interview_date": recent.isoformat()}).interview_date == recent


def test_interview_date_check_works_on_a_leap_day(session, make_user, monkeypatch):
    """On 29 February `date.today().replace(year=...)` has no matching day a year earlier."""

    class LeapDay(date):
        @classmethod
        def today(cls):
            return cls(2028, 2, 29)

    monkeypatch.setattr(profiles, "date", LeapDay)
    user = make_user()
    profile = profiles.update_profile(session, user, {"interview_date": "2028-03-10"})
    assert profile.interview_date == date(2028, 3, 10)


@pytest.mark.parametrize(
    ("raw", "truthy"),
    [
        (True, True),
        ("true", True),
        ("on", True),
        ("1", True),
        (1, True),
        (False, False),
        ("off", False),
        ("", False),
        (0, False),
    ],
)
def test_checkbox_values(session, make_user, raw, truthy):
    user = make_user()
    assert profiles.update_profile(session, user, {"remind_email": raw}).remind_email is truthy


# --- parse_list ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Python, python ,  PYTHON", ["Python"]),
        ("Python, SQL\nsql,, Go\n\n", ["Python", "SQL", "Go"]),
        ("  distributed    systems , Distributed Systems", ["distributed systems"]),
        (["Go", " go ", "Rust", ""], ["Go", "Rust"]),
        ("", []),
        (None, []),
        ([], []),
    ],
)
def test_parse_list_trims_and_deduplicates_case_insensitively(raw, expected):
    assert profiles.parse_list(raw) == expected


# --- onboarding ----------------------------------------------------------------------------


def test_finish_onboarding_requires_a_role(session, make_user):
    user = make_user()
    errors = errors_for(session, user, {"level": "junior"}, finish_onboarding=True)
    assert list(errors) == ["target_role"]
    session.refresh(user)
    assert user.onboarded_at is None


def test_finish_onboarding_with_a_role_sets_onboarded_at(session, make_user, roles):
    user = make_user()
    profiles.update_profile(
        session, user, {"target_role": "backend-engineer", "level": "junior"}, finish_onboarding=True
    )
    session.commit()
    session.refresh(user)
    assert user.onboarded_at is not None
    first = user.onboarded_at

    profiles.update_profile(session, user, {"target_role": "My own role"}, finish_onboarding=True)
    session.commit()
    session.refresh(user)
    assert user.onboarded_at == first  # finishing again keeps the original time


def test_finish_onboarding_accepts_a_role_saved_earlier(session, make_user):
    user = make_user()
    profiles.update_profile(session, user, {"target_role": "Data wrangler"})
    profiles.update_profile(session, user, {"level": "staff"}, finish_onboarding=True)
    assert user.onboarded_at is not None


def test_finish_onboarding_refuses_clearing_the_role(session, make_user):
    """A role saved earlier must not let the final step clear it and still finish onboarding."""
    user = make_user()
    profiles.update_profile(session, user, {"target_role": "Data wrangler"})
    session.commit()
    errors = errors_for(session, user, {"target_role": "   "}, finish_onboarding=True)
    assert list(errors) == ["target_role"]
    session.refresh(user)
    assert user.onboarded_at is None
