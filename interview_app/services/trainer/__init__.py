"""The daily trainer: topics, quizzes, spaced repetition and streaks."""
