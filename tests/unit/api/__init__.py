"""Unit tests of interview_app/api/."""
