"""Pages for signing in, registering and recovering an account."""
