"""The profile form's skill chips: a click picks or unpicks a skill, and the chips keep their places."""

from __future__ import annotations

from interview_app.pages.accounts.profile_form import ProfileState
from tests.support.handlers import new_state


def test_a_chip_toggles_its_skill_and_no_chip_moves():
    state = new_state(ProfileState)
    state.role_skills = {"backend": ["Python", "SQL", "Go"]}
    state.target_role = "backend"
    order = [chip["name"] for chip in state.suggested_skills]

    state.toggle_skill("Python")
    assert state.skills_text == "Python"
    assert [chip["name"] for chip in state.suggested_skills] == order
    assert [chip["picked"] for chip in state.suggested_skills] == [True, False, False]

    state.toggle_skill("SQL")
    state.toggle_skill("python")  # a second click takes it out again, whatever the case typed
    assert state.skills_text == "SQL"
    assert [chip["picked"] for chip in state.suggested_skills] == [False, True, False]
