"""Interview Coach: rehearse interviews, get feedback, keep sharp with a daily trainer."""
