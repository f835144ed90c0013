"""Mock interviews: set-up, the question-by-question state machine, the timer, results and reports."""
