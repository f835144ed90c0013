"""Unit tests of interview_app/services/billing/."""
