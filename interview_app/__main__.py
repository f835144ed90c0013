"""Operator CLI: `python -m interview_app --help`."""

from interview_app.cli import cli

cli()
