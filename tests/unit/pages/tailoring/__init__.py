"""Unit tests of interview_app/pages/tailoring/."""
