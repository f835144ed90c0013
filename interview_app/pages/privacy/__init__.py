"""Privacy settings: export all my data, delete my account."""
