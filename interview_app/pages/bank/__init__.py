"""The candidate's view of the question bank."""
