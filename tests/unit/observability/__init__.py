"""Unit tests of interview_app/observability/."""
