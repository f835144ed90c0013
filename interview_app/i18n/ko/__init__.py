"""Korean texts, one module per key prefix (the same keys as interview_app/i18n/en)."""
