"""Pages for signed-in candidates."""
