"""Mock interview pages: set-up, the interview itself, the report and the history."""
