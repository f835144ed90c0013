"""Unit tests of interview_app/components/."""
