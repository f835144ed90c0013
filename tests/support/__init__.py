"""Helpers the tests (and bench/ and scripts/) share: the live app, servers, fakes, data, handlers, browser."""
