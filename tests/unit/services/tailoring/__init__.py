"""Unit tests of interview_app/services/tailoring/."""
