"""The notifications page (the bell's inbox)."""
