"""Helpers the tests (and bench/ and scripts/) share: the live app, servers, fakes, seeded history, handlers."""
