"""Command-line access to the scoring engines: `python -m interview_app.scoring evaluate IN.jsonl OUT.jsonl`."""
