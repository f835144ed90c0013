"""Unit tests of interview_app/state/."""
