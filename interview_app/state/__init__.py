"""Shared states: who is signed in (auth) and app-wide UI."""
