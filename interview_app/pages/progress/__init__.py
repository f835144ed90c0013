"""The dashboard and the progress page."""
