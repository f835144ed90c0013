"""Unit tests of interview_app/pages/trainer/."""
