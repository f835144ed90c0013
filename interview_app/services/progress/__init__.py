"""A candidate's progress: analytics, charts, table rows, the PDF summary, the study plan and the dashboard."""
