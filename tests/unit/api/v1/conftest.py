"""Fixtures for the /api/v1 tests: the API in process (FastAPI's TestClient, no Reflex server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from interview_app.api import api


@pytest.fixture
def client() -> Iterator[TestClient]:
    """The whole API (every router and the shared refusals), answering 500s instead of raising them."""
    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client
