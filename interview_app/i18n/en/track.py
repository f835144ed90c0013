"""English text of the `track.*` keys: the interview stages of a company track (services/tailoring/tracks.py)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "track.stage.recruiter_screen": "Recruiter screen",
    "track.stage.technical_screen": "Technical screen",
    "track.stage.take_home": "Take-home or assessment",
    "track.stage.coding": "Coding interview",
    "track.stage.system_design": "System design",
    "track.stage.behavioural": "Behavioural interview",
    "track.stage.values": "Values or culture interview",
    "track.stage.hiring_manager": "Hiring manager or panel",
    "track.stage.team_matching": "Team matching",
}
