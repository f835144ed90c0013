"""Unit tests of interview_app/speech/."""
