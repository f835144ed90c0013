"""Unit tests of interview_app/scoring/."""
