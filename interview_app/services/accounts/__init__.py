"""Accounts: registration, sign-in, sessions, passwords, OAuth, sign-in protection and profiles."""
