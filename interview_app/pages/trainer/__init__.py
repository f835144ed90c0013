"""The daily trainer: its home, topics and quizzes."""
